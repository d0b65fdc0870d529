import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

/// Shared set-up of the Kube client's tests against the real control plane
/// (`ControlPlane.shared()`: etcd, kube-apiserver and kube-controller-manager v1.20).
///
/// Every test works in a namespace of its own and runs in parallel with the rest of the suite.
enum Cluster {
    /// The repository root (four levels above this file: Tests/KubeTests/Integration/…).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private static let crdInstallation = LockedValue<Task<Void, any Error>?>(nil)

    /// The shared control plane with the CRDs of `crds/` installed (once per test process; the
    /// installation restarts kube-controller-manager, so every test waits for it rather than
    /// having its garbage collector restarted mid-test). Other suites of the test process may
    /// have installed them already: then nothing is done, sparing their tests another restart.
    static func plane() async throws -> ControlPlane {
        let plane = try await ControlPlane.shared()
        let task = crdInstallation.withLock { task in
            if let task { return task }
            let started = Task {
                let served = try await plane.request("/apis/sparkoperator.k8s.io/v1beta2")
                let resources = served.json?["resources"] as? [[String: Any]] ?? []
                if served.status == 200 && resources.contains(where: { $0["name"] as? String == "sparkapplications" }) {
                    return
                }
                let installed = try await plane.installCRDs(from: repoRoot.appendingPathComponent("crds").path)
                guard installed.contains("sparkapplications.sparkoperator.k8s.io") else {
                    throw IntegrationFailure("crds/ installed \(installed)")
                }
            }
            task = started
            return started
        }
        try await task.value
        return plane
    }

    /// A client of the admin user (system:masters).
    static func adminClient(_ plane: ControlPlane, options: KubeClient.Options = .init()) throws -> KubeClient {
        try KubeClient(kubeconfig: plane.kubeconfigPath, options: options)
    }

    /// Runs `body` with an admin client and a fresh namespace `<prefix>-<hex>`; afterwards shuts
    /// the client down and starts deleting the namespace, whether `body` failed or not.
    static func withNamespace<T>(
        _ prefix: String, waitForServiceAccount: Bool = false,
        _ body: (ControlPlane, KubeClient, String) async throws -> T
    ) async throws -> T {
        let plane = try await plane()
        let ns = try await plane.createNamespace(prefix: prefix, waitForServiceAccount: waitForServiceAccount)
        let client = try adminClient(plane)
        do {
            let result = try await body(plane, client, ns)
            try? await client.shutdown()
            try? await plane.deleteNamespace(ns)
            return result
        } catch {
            try? await client.shutdown()
            try? await plane.deleteNamespace(ns)
            throw error
        }
    }

    /// Runs `body` with `client`, then shuts the client down (also when `body` throws).
    static func using<T>(_ client: KubeClient, _ body: (KubeClient) async throws -> T) async throws -> T {
        do {
            let result = try await body(client)
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func configMap(_ ns: String, _ name: String, data: [String: String] = ["k": "v"], labels: [String: String]? = nil)
        -> ConfigMap
    {
        ConfigMap(metadata: ObjectMeta(name: name, namespace: ns, labels: labels), data: data)
    }

    /// A SparkApplication that the CRD's schema accepts.
    static func sparkApplication(_ ns: String, _ name: String) -> SparkApplication {
        var spec = SparkApplicationSpec(
            type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///opt/spark/examples/jars/spark-examples.jar")
        spec.mainClass = "org.apache.spark.examples.SparkPi"
        spec.image = "apache/spark:3.5.1"
        return SparkApplication(metadata: ObjectMeta(name: name, namespace: ns), spec: spec)
    }

    /// A pod the 1.20 API server admits (no kubelet runs it). With `nodeName` it counts as
    /// scheduled, so its deletion is graceful (an unscheduled pod is always deleted at once).
    static func pod(_ ns: String, _ name: String, containers: [String] = ["main"], nodeName: String? = nil) -> Pod {
        var spec: JSONValue = [
            "containers": .array(containers.map { ["name": .string($0), "image": "busybox:1.36"] }),
            "terminationGracePeriodSeconds": 30,
        ]
        if let nodeName { spec["nodeName"] = .string(nodeName) }
        return Pod(metadata: ObjectMeta(name: name, namespace: ns), spec: spec)
    }

    /// A kubeconfig for the control plane whose user reads its bearer token from `tokenFile`.
    static func writeTokenFileKubeconfig(_ plane: ControlPlane, to path: String, tokenFile: String) throws {
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: \(plane.url)
                certificate-authority: \(plane.caFile)
            users:
            - name: rotating
              user:
                tokenFile: \(tokenFile)
            contexts:
            - name: rotating
              context: {cluster: test, user: rotating, namespace: default}
            current-context: rotating

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// A precondition of an integration test that does not hold.
struct IntegrationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
