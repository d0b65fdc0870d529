import Foundation
import Kube
import Synchronization

/// The simulated kubelet's view of one pod (one uid), shared by the watch loop that updates it
/// and the worker running the pod's script.
final class PodHandle: Sendable {
    let namespace: String
    let name: String
    let uid: String

    private struct State {
        var latest: Pod
        var startedAt: Date?
        var executorAppID: String?
    }

    private let state: Mutex<State>
    /// Fires when the pod gets a deletionTimestamp or is gone.
    let deletion = Latch<Void>()
    /// Fires when the pod is gone from the API server.
    let gone = Latch<Void>()
    /// Fires when a simulated driver stops this (executor) pod with an exit.
    let stopRequested = Latch<ContainerExit>()
    /// Fires with the phase once the kubelet has written a terminal status.
    let finished = Latch<String>()

    init(_ pod: Pod) {
        namespace = pod.namespace
        name = pod.name
        uid = pod.uid
        state = Mutex(State(latest: pod))
        if pod.isBeingDeleted { deletion.fire(()) }
    }

    /// The pod as last seen (from the watch or from a write's response).
    var latest: Pod { state.withLock { $0.latest } }

    /// When its containers started (Running was written), if they did.
    var startedAt: Date? {
        get { state.withLock { $0.startedAt } }
        set { state.withLock { $0.startedAt = newValue } }
    }

    /// For a driver that created executors: the app id that labels them (`spark-app-selector`).
    var executorAppID: String? {
        get { state.withLock { $0.executorAppID } }
        set { state.withLock { $0.executorAppID = newValue } }
    }

    var isGone: Bool { gone.value != nil }

    /// Takes a newer version of the pod; returns true when this is the first sign of its
    /// deletion (a deletionTimestamp).
    @discardableResult
    func observe(_ pod: Pod) -> Bool {
        guard pod.uid == uid else { return false }
        state.withLock { state in
            if Self.isNewer(pod.metadata.resourceVersion, than: state.latest.metadata.resourceVersion) {
                state.latest = pod
            }
        }
        return pod.isBeingDeleted && deletion.fire(())
    }

    /// The pod is gone; returns false if that was known already.
    @discardableResult
    func markGone() -> Bool {
        deletion.fire(())
        return gone.fire(())
    }

    /// Resource versions are opaque, but etcd's are integers: compare them as such when they are.
    private static func isNewer(_ a: String?, than b: String?) -> Bool {
        guard let a else { return false }
        guard let b, let x = UInt64(a), let y = UInt64(b) else { return true }
        return x >= y
    }
}
