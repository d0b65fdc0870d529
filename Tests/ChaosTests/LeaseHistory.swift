import Foundation
import Kube
import KubeRuntime
import Logging
import KubeTesting
import Synchronization

/// Watches the operator's Lease and keeps every version seen, so a takeover can be judged
/// against the old leader's last renewal however the old leader stopped (killed by the test, or
/// stepping down on its own when a renewal missed the renew deadline before the kill).
final class LeaseHistory: Sendable {
    struct Version: Sendable {
        var resourceVersion: Int
        var holder: String
        var renewTime: Date?
    }

    private let versions = Mutex([Version]())
    private let watcher: Watcher<Lease>

    init(client: KubeClient, namespace: String, logger: Logger) {
        watcher = Watcher(client: client, store: Store<Lease>(), namespace: namespace, logger: logger)
    }

    func run() async throws {
        try await watcher.run { event in
            switch event {
            case .synced(let leases): for lease in leases { self.add(lease) }
            case .applied(let lease, _): self.add(lease)
            case .deleted: break
            }
        }
    }

    private func add(_ lease: Lease) {
        let version = Version(
            resourceVersion: Int(lease.metadata.resourceVersion ?? "") ?? 0, holder: lease.spec?.holderIdentity ?? "",
            renewTime: lease.spec?.renewTime?.date)
        versions.withLock { $0.append(version) }
    }

    /// Waits until the watch has delivered `lease` (so every earlier version too: a watch is
    /// ordered), then returns the latest renewal `holder` wrote before it.
    func lastRenewal(by holder: String, before lease: Lease, timeout: Duration = .seconds(30)) async throws -> Date? {
        let target = Int(lease.metadata.resourceVersion ?? "") ?? 0
        try await waitUntil("the Lease watch to deliver resourceVersion \(target)", timeout: timeout) {
            self.versions.withLock { $0.contains { $0.resourceVersion >= target } }
        }
        return versions.withLock { all in
            all.filter { $0.holder == holder && $0.resourceVersion < target }.compactMap(\.renewTime).max()
        }
    }
}
