import Kube
import KubeTesting
import SparkOperatorAPI
import Synchronization

/// Every version of every pod of a namespace as the API server reported it, in order: a list
/// then a watch from the list's resourceVersion, so no change after `run` has listed is missed.
final class PodHistory: Sendable {
    struct Entry: Sendable {
        /// `ADDED`, `MODIFIED` or `DELETED`.
        var type: String
        var pod: Pod
    }

    private let entries = Mutex<[Entry]>([])
    private let listed = Mutex(false)

    /// Watches until cancelled.
    func run(client: KubeClient, namespace: String) async throws {
        let list = try await client.list(Pod.self, namespace: namespace)
        entries.withLock { $0 += list.items.map { Entry(type: "ADDED", pod: $0) } }
        listed.withLock { $0 = true }
        let options = WatchOptions(resourceVersion: list.resourceVersion, timeoutSeconds: 600)
        for try await event in try client.watch(Pod.self, namespace: namespace, options: options) {
            if let pod = event.object { entries.withLock { $0.append(Entry(type: event.typeName, pod: pod)) } }
        }
    }

    var isListening: Bool { listed.withLock { $0 } }
    var all: [Entry] { entries.withLock { $0 } }

    /// The versions of the pod named `name`, in order (DELETED included, as its last state).
    func versions(of name: String) -> [Pod] {
        all.filter { $0.pod.name == name }.map(\.pod)
    }

    /// The phases the pod went through, consecutive repeats collapsed.
    func phases(of name: String) -> [String] {
        var phases: [String] = []
        for p in versions(of: name).map({ $0.status?.phase ?? "" }) where phases.last != p { phases.append(p) }
        return phases
    }

    /// The position in the history of the first entry matching `predicate`.
    func firstIndex(where predicate: (Entry) -> Bool) -> Int? {
        all.firstIndex(where: predicate)
    }

    func wasDeleted(_ name: String) -> Bool {
        all.contains { $0.type == "DELETED" && $0.pod.name == name }
    }
}
