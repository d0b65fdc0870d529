import Foundation
import KubeTesting
import Testing

@Suite("RBAC")
struct RBACTests {
    @Test func operatorTokenIsForbiddenToListPodsUntilARoleBindingExists() async throws {
        let plane = try await ControlPlane.shared()
        let ns = try await plane.createNamespace(prefix: "rbac")
        let path = "/api/v1/namespaces/\(ns)/pods"

        let forbidden = try await plane.request(path, as: .operator)
        #expect(forbidden.status == 403, "\(forbidden)")
        #expect(forbidden.body.contains(#"User \"operator\" cannot list resource \"pods\""#), "\(forbidden)")
        let viaKubectl = try await plane.kubectl(["get", "pods", "-n", ns], kubeconfig: plane.operatorKubeconfigPath)
        #expect(!viaKubectl.succeeded && viaKubectl.stderr.contains("Forbidden"), "\(viaKubectl)")
        let anonymous = try await plane.request(path, as: .anonymous)
        #expect(anonymous.status == 401 || anonymous.status == 403, "\(anonymous)")

        let granted = try await plane.kubectl(
            ["apply", "-n", ns, "-f", "-"],
            stdin: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: pod-reader}
                rules:
                - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: operator-reads-pods}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: operator}
                """)
        try #require(granted.succeeded, "\(granted)")

        try await waitUntil("the operator user to be allowed to list pods in \(ns)") {
            try await plane.request(path, as: .operator).status == 200
        }
        // Only what was granted, only where it was granted.
        #expect(try await plane.request("/api/v1/namespaces/\(ns)/secrets", as: .operator).status == 403)
        #expect(try await plane.request("/api/v1/namespaces/default/pods", as: .operator).status == 403)
        try await plane.deleteNamespace(ns)
    }
}
