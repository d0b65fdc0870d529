import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperator
import SparkOperatorAPI
import Testing

/// The deployed identity's limits, beyond what the operator's integration tests exercise (they
/// all run as `OperatorIdentity`): the Lease Role of deploy/ is enough for leader election, and
/// no more than the ClusterRole's rules is granted.
@Suite("Least privilege (Integration)")
struct LeastPrivilegeIntegrationTests {
    @Test("with deploy/'s Lease Role, the operator's identity wins spark-operator/spark-operator-lock, and no other Lease")
    func leaderElectionWithTheLeaseRole() async throws {
        let cp = try await ControlPlane.shared()
        _ = try await cp.installCRDs(from: OperatorHarness.repoRoot.appendingPathComponent("crds").path)
        let config = try await OperatorIdentity.config(on: cp)
        let applied = try await cp.kubectl(
            "apply", "-f", OperatorHarness.repoRoot.appendingPathComponent("deploy/base/leader-election-rbac.yaml").path)
        try #require(applied.succeeded, "\(applied)")
        let client = try KubeClient(config: config)
        var logger = Logger(label: "leader-election")
        logger.logLevel = .notice
        let elector = LeaderElector(
            client: client,
            configuration: LeaderElectionConfiguration(
                leaseNamespace: "spark-operator", leaseName: "spark-operator-lock", identity: "least-privilege-test",
                leaseDuration: .seconds(15), renewDeadline: .seconds(12), retryPeriod: .seconds(1), retryJitter: 0.2,
                releaseOnCancel: true),
            logger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await elector.run() }
                // The RoleBinding may take a moment to reach the authorizer; the elector retries.
                try await waitUntil("the operator's identity to lead", timeout: .seconds(60), interval: .milliseconds(50)) {
                    elector.isLeader
                }
                // Renewals (get + update) keep succeeding.
                try await Task.sleep(for: .seconds(3))
                #expect(elector.isLeader)
                group.cancelAll()
            }
            let lease = try await client.get(Lease.self, name: "spark-operator-lock", namespace: "spark-operator")
            #expect(lease.spec?.holderIdentity == "least-privilege-test" || lease.spec?.holderIdentity == nil
                || lease.spec?.holderIdentity == "")
            // Any other Lease: forbidden to read.
            await #expect(throws: KubeAPIError.self) {
                _ = try await client.get(Lease.self, name: "another-lock", namespace: "spark-operator")
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }

    @Test("the operator's identity may not read Secrets, nor write what it only watches")
    func nothingBeyondTheClusterRole() async throws {
        let cp = try await ControlPlane.shared()
        _ = try await cp.installCRDs(from: OperatorHarness.repoRoot.appendingPathComponent("crds").path)
        let config = try await OperatorIdentity.config(on: cp)
        guard case .token(let token) = config.credentials else { throw ControlPlaneError("no token") }
        let forbidden: [(String, String)] = [
            ("GET", "/api/v1/namespaces/default/secrets"),
            ("GET", "/api/v1/namespaces/default/serviceaccounts"),
            ("GET", "/apis/apps/v1/deployments"),
            ("DELETE", "/apis/sparkoperator.k8s.io/v1beta2/namespaces/default/scheduledsparkapplications/x"),
            ("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"),
            ("GET", "/api/v1/nodes"),
        ]
        for (method, path) in forbidden {
            let response = try await cp.request(path, method: method, as: .token(token))
            #expect(response.status == 403, "\(method) \(path): \(response)")
        }
        // And what the operator does need, cluster-wide (it may watch every namespace).
        for path in ["/api/v1/pods?limit=1", "/apis/sparkoperator.k8s.io/v1beta2/scheduledsparkapplications?limit=1"] {
            let response = try await cp.request(path, as: .token(token))
            #expect(response.status == 200, "GET \(path): \(response)")
        }
    }
}
