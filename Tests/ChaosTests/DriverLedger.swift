import Foundation
import Kube
import KubeRuntime
import Logging
import Synchronization

/// Watches the driver pods (`spark-role=driver`) of a namespace and records every one that ever
/// appeared (by uid) and every deletion, so a scenario can count driver creations per
/// application and submission: a duplicate is a second uid for one (application, submission-id).
/// The watch is the test's own (admin), independent of the operator under test.
final class DriverLedger: Sendable {
    struct Driver: Sendable, Hashable {
        var app: String
        var name: String
        var uid: String
        var submissionID: String
    }

    private struct State {
        var byUID: [String: Driver] = [:]
        var order: [String] = []
        var deleted: Set<String> = []
    }

    private let state = Mutex(State())
    private let watcher: Watcher<Pod>

    init(client: KubeClient, namespace: String, logger: Logger) {
        watcher = Watcher(
            client: client, store: Store<Pod>(), namespace: namespace, labelSelector: "spark-role=driver", logger: logger)
    }

    var hasSynced: Bool { watcher.store.hasSynced }

    func run() async throws {
        try await watcher.run { event in
            switch event {
            case .synced(let pods): for pod in pods { self.add(pod) }
            case .applied(let pod, _): self.add(pod)
            case .deleted(let pod): self.state.withLock { _ = $0.deleted.insert(pod.metadata.uid ?? "") }
            }
        }
    }

    private func add(_ pod: Pod) {
        let labels = pod.metadata.labels ?? [:]
        let driver = Driver(
            app: labels["sparkoperator.k8s.io/app-name"] ?? "", name: pod.name, uid: pod.metadata.uid ?? "",
            submissionID: labels["sparkoperator.k8s.io/submission-id"] ?? "")
        state.withLock { s in
            guard s.byUID[driver.uid] == nil else { return }
            s.byUID[driver.uid] = driver
            s.order.append(driver.uid)
        }
    }

    /// Every driver pod that appeared, in order.
    var all: [Driver] { state.withLock { s in s.order.compactMap { s.byUID[$0] } } }
    /// How many driver pods were deleted (nothing in these scenarios deletes one).
    var deletions: Int { state.withLock { $0.deleted.count } }

    /// Driver pods per application.
    func byApp() -> [String: [Driver]] { Dictionary(grouping: all, by: \.app) }

    /// (application, submission-id) pairs with more than one driver pod: duplicates.
    func duplicates() -> [String: [Driver]] {
        Dictionary(grouping: all, by: { "\($0.app)/\($0.submissionID)" }).filter { $0.value.count > 1 }
    }
}
