import Synchronization

/// Hands out pod IPs from 10.244.0.0/16 (a kind/flannel-like pod network), in order:
/// 10.244.0.1 … 10.244.0.254, 10.244.1.1, …, wrapping after 65 024 pods.
final class PodIPAllocator: Sendable {
    private let counter = Mutex(0)

    func next() -> String {
        let n = counter.withLock { n -> Int in
            defer { n = (n + 1) % (254 * 256) }
            return n
        }
        return "10.244.\(n / 254).\(n % 254 + 1)"
    }
}
