import Foundation
import KubeTesting
import Testing

@Suite("Namespaces (kube-controller-manager)")
struct NamespaceTests {
    @Test func namespaceIsCreatedThenFinalizedAndRemovedOnDelete() async throws {
        let plane = try await ControlPlane.shared()
        let ns = try await plane.createNamespace(prefix: "ns-lifecycle")
        let created = try await plane.request("/api/v1/namespaces/\(ns)")
        try #require(created.status == 200, "\(created)")
        // The `kubernetes` finalizer keeps it until the namespace controller has emptied it.
        let finalizers = (created.json?["spec"] as? [String: Any])?["finalizers"] as? [String]
        #expect(finalizers == ["kubernetes"])
        let content = try await plane.kubectl("create", "configmap", "content", "-n", ns)
        try #require(content.succeeded, "\(content)")

        try await plane.deleteNamespace(ns)

        // The controller may be restarting (installCRDs) while this runs: allow for that.
        try await waitUntil("namespace \(ns) to be finalized and removed", timeout: .seconds(60)) {
            try await plane.request("/api/v1/namespaces/\(ns)").status == 404
        }
        let recreated = try await plane.kubectl("create", "namespace", ns)
        #expect(recreated.succeeded, "\(recreated)")
        let empty = try await plane.kubectl("get", "configmap", "content", "-n", ns)
        #expect(!empty.succeeded && empty.stderr.contains("NotFound"), "\(empty)")
        try await plane.deleteNamespace(ns)
    }
}
