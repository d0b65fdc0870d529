import Synchronization

/// The pods a simulated kubelet has taken on, by uid, until they are gone.
final class PodRegistry: Sendable {
    private let handles = Mutex<[String: PodHandle]>([:])

    func handle(uid: String) -> PodHandle? { handles.withLock { $0[uid] } }

    /// The live pod named `name` in `namespace`, if the kubelet has it.
    func handle(namespace: String, name: String) -> PodHandle? {
        handles.withLock { $0.values.first { $0.namespace == namespace && $0.name == name && !$0.isGone } }
    }

    /// Adds `handle` unless its uid is known; returns whether it was added.
    func insert(_ handle: PodHandle) -> Bool {
        handles.withLock { handles in
            guard handles[handle.uid] == nil else { return false }
            handles[handle.uid] = handle
            return true
        }
    }

    func remove(uid: String) -> PodHandle? { handles.withLock { $0.removeValue(forKey: uid) } }

    var uids: Set<String> { handles.withLock { Set($0.keys) } }
}
