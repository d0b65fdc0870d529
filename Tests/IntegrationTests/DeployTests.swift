import Foundation
import KubeTesting
import Testing

/// `kubectl apply --dry-run=server -k deploy/` (and `deploy/namespaced/`) against the real API
/// server: kubectl's own kustomize (v2.0.3 in kubectl 1.20) builds them, and the API server
/// validates and admits every object without storing it.
@Suite("deploy/ on the API server")
struct DeployTests {
    static let deploy = TestPaths.repoRoot.appendingPathComponent("deploy")

    /// What `kubectl apply -k deploy/` installs, as `kind/name` (kubectl's `-o name`).
    static let installed: Set<String> = [
        "namespace/spark-operator",
        "customresourcedefinition.apiextensions.k8s.io/sparkapplications.sparkoperator.k8s.io",
        "customresourcedefinition.apiextensions.k8s.io/scheduledsparkapplications.sparkoperator.k8s.io",
        "serviceaccount/spark-operator-controller", "serviceaccount/spark-operator-spark",
        "role.rbac.authorization.k8s.io/spark-operator-leader-election",
        "role.rbac.authorization.k8s.io/spark-operator-spark",
        "rolebinding.rbac.authorization.k8s.io/spark-operator-leader-election",
        "rolebinding.rbac.authorization.k8s.io/spark-operator-spark",
        "service/spark-operator-controller-metrics",
        "deployment.apps/spark-operator-controller",
    ]

    @Test(arguments: [
        ("deploy", installed.union([
            "clusterrole.rbac.authorization.k8s.io/spark-operator-controller",
            "clusterrolebinding.rbac.authorization.k8s.io/spark-operator-controller",
        ])),
        ("deploy/namespaced", installed.union([
            "role.rbac.authorization.k8s.io/spark-operator-controller",
            "rolebinding.rbac.authorization.k8s.io/spark-operator-controller",
        ])),
    ])
    func serverDryRunOfTheKustomizationSucceeds(_ directory: String, _ expected: Set<String>) async throws {
        let plane = try await ControlPlane.shared()
        // A dry-run creates nothing, so the objects in namespace spark-operator need it to exist
        // already (on a fresh cluster, a real apply creates the namespace first, then the rest).
        // (Other tests apply it at the same time: a create racing another one fails AlreadyExists,
        // and applying again then finds it.)
        let namespaceFile = Self.deploy.appendingPathComponent("base/namespace.yaml").path
        var namespace = try await plane.kubectl("apply", "-f", namespaceFile)
        if !namespace.succeeded && namespace.stderr.contains("AlreadyExists") {
            namespace = try await plane.kubectl("apply", "-f", namespaceFile)
        }
        try #require(namespace.succeeded, "\(namespace)")

        let path = TestPaths.repoRoot.appendingPathComponent(directory).path
        var dryRun = try await plane.kubectl("apply", "--dry-run=server", "-k", path, "-o", "name")
        if !dryRun.succeeded && dryRun.stderr.contains("AlreadyExists") {
            // Other tests really apply deploy/'s ServiceAccount and RBAC: one created between
            // kubectl's read and its (dry-run) create. Applying again finds it.
            dryRun = try await plane.kubectl("apply", "--dry-run=server", "-k", path, "-o", "name")
        }
        #expect(dryRun.succeeded, "\(dryRun)")
        let names = Set(dryRun.stdout.split(separator: "\n").map(String.init))
        #expect(names == expected, "missing \(expected.subtracting(names)), unexpected \(names.subtracting(expected))")
        // Dry run: nothing of it was stored.
        let deployment = try await plane.request("/apis/apps/v1/namespaces/spark-operator/deployments/spark-operator-controller")
        #expect(deployment.status == 404, "\(deployment)")
    }
}
