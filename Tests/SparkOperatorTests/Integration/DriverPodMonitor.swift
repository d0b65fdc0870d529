import Foundation
import Kube
import KubeRuntime
import Logging
import SparkOperator
import Synchronization

/// Watches the driver pods (`spark-role=driver`) of a namespace and remembers every one that
/// ever existed and how many existed at once, so a test can assert "exactly one driver at any
/// time" and "no driver was created twice".
final class DriverPodMonitor: Sendable {
    struct Driver: Sendable, Hashable {
        var app: String
        var name: String
        var uid: String
        var submissionID: String?
    }

    private struct State {
        var live: [String: Driver] = [:]
        var seen: [Driver] = []
        var maxLivePerApp: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private let watcher: Watcher<Pod>

    init(client: KubeClient, namespace: String, logger: Logger) {
        watcher = Watcher(
            client: client, store: Store<Pod>(), namespace: namespace, labelSelector: "\(SparkLabels.sparkRole)=driver",
            logger: logger)
    }

    var hasSynced: Bool { watcher.store.hasSynced }

    func run() async throws {
        try await watcher.run { event in
            switch event {
            case .synced(let pods): for pod in pods { self.add(pod) }
            case .applied(let pod, _): self.add(pod)
            case .deleted(let pod): self.remove(pod)
            }
        }
    }

    private func add(_ pod: Pod) {
        let app = pod.metadata.labels?[SparkLabels.appName] ?? ""
        let driver = Driver(app: app, name: pod.name, uid: pod.metadata.uid ?? "", submissionID: pod.metadata.labels?[SparkLabels.submissionID])
        state.withLock { s in
            guard s.live[driver.uid] == nil else { return }
            s.live[driver.uid] = driver
            if !s.seen.contains(driver) { s.seen.append(driver) }
            let liveOfApp = s.live.values.filter { $0.app == app }.count
            s.maxLivePerApp[app] = max(s.maxLivePerApp[app] ?? 0, liveOfApp)
        }
    }

    private func remove(_ pod: Pod) {
        _ = state.withLock { $0.live.removeValue(forKey: pod.metadata.uid ?? "") }
    }

    /// Every driver pod that existed, in order of appearance.
    var seen: [Driver] { state.withLock { $0.seen } }

    /// The driver pods of the application `app` (label `sparkoperator.k8s.io/app-name`) that existed.
    func seen(app: String) -> [Driver] { seen.filter { $0.app == app } }

    /// The most driver pods of the application `app` that existed at once.
    func maxAtOnce(app: String) -> Int { state.withLock { $0.maxLivePerApp[app] ?? 0 } }
}
