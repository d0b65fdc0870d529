import Foundation
import KubeTesting
import Testing

@Suite("Garbage collection (kube-controller-manager)")
struct GarbageCollectionTests {
    @Test func ownedConfigMapIsDeletedWithItsOwner() async throws {
        let plane = try await ControlPlane.shared()
        let ns = try await plane.createNamespace(prefix: "gc")

        let owner = try await plane.kubectl("create", "configmap", "owner", "-n", ns, "-o", "jsonpath={.metadata.uid}")
        try #require(owner.succeeded, "\(owner)")
        let uid = owner.stdout
        try #require(!uid.isEmpty)
        let owned = try await plane.kubectl(
            "create", "-n", ns, "-f", "-",
            stdin: """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: owned
                  ownerReferences:
                  - apiVersion: v1
                    kind: ConfigMap
                    name: owner
                    uid: \(uid)
                    controller: true
                    blockOwnerDeletion: true
                data: {k: v}
                """)
        try #require(owned.succeeded, "\(owned)")

        let deleted = try await plane.kubectl("delete", "configmap", "owner", "-n", ns, "--wait=false")
        try #require(deleted.succeeded, "\(deleted)")
        try await waitUntil("ConfigMap \(ns)/owned to be garbage-collected") {
            try await plane.request("/api/v1/namespaces/\(ns)/configmaps/owned").status == 404
        }
        try await plane.deleteNamespace(ns)
    }

    /// What the operator relies on: deleting a SparkApplication deletes what it owns. The 1.20
    /// garbage collector learns new resource types by re-reading discovery every 30 s, so right
    /// after the CRDs are installed this may take up to about that long.
    @Test func objectOwnedByASparkApplicationIsDeletedWithIt() async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let ns = try await plane.createNamespace(prefix: "gc-app")
        let app = MalformedSpec.validApplication.setting(["metadata", "name"], to: "owner-app")
        let created = try await plane.kubectl(
            ["create", "-n", ns, "-f", "-", "-o", "jsonpath={.metadata.uid}"], stdin: try CRDTests.json(app))
        try #require(created.succeeded && !created.stdout.isEmpty, "\(created)")
        let owned = try await plane.kubectl(
            ["create", "-n", ns, "-f", "-"],
            stdin: """
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "owner-app-conf", "ownerReferences": [
                  {"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication", "name": "owner-app",
                   "uid": "\(created.stdout)", "controller": true, "blockOwnerDeletion": true}]}}
                """)
        try #require(owned.succeeded, "\(owned)")

        let deleted = try await plane.kubectl("delete", "sparkapplication", "owner-app", "-n", ns, "--wait=false")
        try #require(deleted.succeeded, "\(deleted)")
        try await waitUntil("ConfigMap \(ns)/owner-app-conf to be garbage-collected", timeout: .seconds(60)) {
            try await plane.request("/api/v1/namespaces/\(ns)/configmaps/owner-app-conf").status == 404
        }
        try await plane.deleteNamespace(ns)
    }
}
