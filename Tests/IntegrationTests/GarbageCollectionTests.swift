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
}
