import Foundation
import Synchronization

/// Hands out pod IPs on the loopback network, one per pod and never twice in a process, so
/// that pods on one machine bind the same ports (Spark's 7078/7079/4040) without clashing, as in
/// their own network namespaces. Linux routes all of 127.0.0.0/8 to `lo`. The second octet is
/// derived from the process id (never 0, so 127.0.0.1, the API server's address, is never
/// handed out), which keeps two test processes on one machine apart.
enum LoopbackAddresses {
    private static let counter = Atomic<Int>(0)
    private static let secondOctet = 1 + Int(getpid()) % 254

    static func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue - 1
        let third = (n / 254) % 256
        return "127.\(secondOctet).\(third).\(n % 254 + 1)"
    }
}
