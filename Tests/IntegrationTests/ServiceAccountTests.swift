import Foundation
import KubeTesting
import Testing

@Suite("ServiceAccounts (controller and admission)")
struct ServiceAccountTests {
    @Test func defaultServiceAccountWithTokenAppearsInNewNamespace() async throws {
        let plane = try await ControlPlane.shared()
        let ns = try await plane.createNamespace(prefix: "sa-default")
        try await plane.waitForDefaultServiceAccount(namespace: ns)
        let account = try await plane.request("/api/v1/namespaces/\(ns)/serviceaccounts/default")
        let secretName = try #require(
            ((account.json?["secrets"] as? [[String: Any]])?.first?["name"]) as? String, "\(account)")
        let secret = try await plane.request("/api/v1/namespaces/\(ns)/secrets/\(secretName)")
        #expect(secret.json?["type"] as? String == "kubernetes.io/service-account-token", "\(secret)")
        let data = secret.json?["data"] as? [String: Any]
        #expect(data?["token"] != nil && data?["ca.crt"] != nil, "token Secret lacks token or ca.crt")
        try await plane.deleteNamespace(ns)
    }

    @Test func podNamingAMissingServiceAccountIsRejected() async throws {
        let plane = try await ControlPlane.shared()
        let ns = try await plane.createNamespace(prefix: "sa-admission", waitForServiceAccount: true)
        func pod(_ name: String, serviceAccount: String) -> String {
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: \(name)}
            spec:
              serviceAccountName: \(serviceAccount)
              containers:
              - {name: main, image: example.com/none:1}
            """
        }
        let rejected = try await plane.kubectl(
            ["create", "-n", ns, "-f", "-"], stdin: pod("bad", serviceAccount: "non-existent"))
        #expect(!rejected.succeeded)
        #expect(rejected.stderr.contains(#"serviceaccount "non-existent" not found"#), "\(rejected)")

        // The control: the same pod with the existing account is admitted (and gets its token).
        let admitted = try await plane.kubectl(["create", "-n", ns, "-f", "-"], stdin: pod("good", serviceAccount: "default"))
        #expect(admitted.succeeded, "\(admitted)")
        let mounts = try await plane.kubectl(
            "get", "pod", "good", "-n", ns, "-o", "jsonpath={.spec.containers[0].volumeMounts[0].mountPath}")
        #expect(mounts.stdout == "/var/run/secrets/kubernetes.io/serviceaccount", "\(mounts)")
        try await plane.deleteNamespace(ns)
    }
}
