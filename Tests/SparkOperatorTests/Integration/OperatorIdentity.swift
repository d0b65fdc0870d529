import Foundation
import Kube
import KubeTesting

/// The identity the operator's controllers run as in the integration tests: the deployed one.
/// deploy/'s ServiceAccount `spark-operator/spark-operator-controller`, bound by deploy/'s
/// ClusterRoleBinding to deploy/'s ClusterRole — the same files `kubectl apply -k deploy/`
/// installs — so any API call the operator makes that the ClusterRole does not allow fails a
/// test (least privilege, proven). Tests themselves (creating applications, the simulated
/// kubelet) stay admin.
///
/// Not the control plane's "operator" user: other suites of the same test process check that
/// user has no permissions at all.
enum OperatorIdentity {
    static let namespace = "spark-operator"
    static let serviceAccount = "spark-operator-controller"
    static var user: String { "system:serviceaccount:\(namespace):\(serviceAccount)" }

    /// The files of deploy/ applied, in order.
    static let manifests = [
        "deploy/base/namespace.yaml", "deploy/base/serviceaccount.yaml",
        "deploy/clusterrole.yaml", "deploy/clusterrolebinding.yaml",
    ]

    private static let setup = LockedValue<Task<KubeConfig, any Error>?>(nil)

    /// A configuration authenticating as the operator's ServiceAccount. The first call of a test
    /// process applies deploy/'s RBAC files and waits until the API server's authorizer grants
    /// them; concurrent and later calls share that.
    static func config(on cp: ControlPlane) async throws -> KubeConfig {
        let task = setup.withLock { task in
            if let task { return task }
            let started = Task { try await install(on: cp) }
            task = started
            return started
        }
        return try await task.value
    }

    private static func install(on cp: ControlPlane) async throws -> KubeConfig {
        let files = manifests.flatMap { ["-f", OperatorHarness.repoRoot.appendingPathComponent($0).path] }
        var applied = try await cp.kubectl(["apply"] + files)
        if !applied.succeeded && applied.stderr.contains("AlreadyExists") {
            // Another suite applied the namespace at the same time; now it is there.
            applied = try await cp.kubectl(["apply"] + files)
        }
        guard applied.succeeded else { throw ControlPlaneError("kubectl apply \(manifests) failed: \(applied)") }
        let admin = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let token: String
        do {
            // Long enough for any test run; 1.20's default cap is none.
            token = try await admin.requestToken(
                serviceAccount: serviceAccount, namespace: namespace, expirationSeconds: 24 * 3600
            ).token
            try? await admin.shutdown()
        } catch {
            try? await admin.shutdown()
            throw error
        }
        // The authorizer's cache of RBAC objects lags their creation a little.
        try await waitUntil("\(user) to be allowed to list SparkApplications", timeout: .seconds(30)) {
            try await cp.request("/apis/sparkoperator.k8s.io/v1beta2/sparkapplications?limit=1", as: .token(token)).status == 200
        }
        return try KubeConfig(url: cp.url, caFile: cp.caFile, token: token)
    }
}
