import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("KubeClient token files on the real API server")
struct TokenRotationIntegrationTests {
    /// Lists namespaces: true when allowed, false on 403; any other error fails.
    static func canListNamespaces(_ client: KubeClient) async throws -> Bool {
        do {
            _ = try await client.list(Namespace.self, options: ListOptions(limit: 1))
            return true
        } catch let e as KubeAPIError where e.isForbidden {
            return false
        }
    }

    static func write(_ token: String, to path: String) throws {
        try (token + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("a rotated token file is picked up without a restart (refresh interval 1 s), and rotated back")
    func rotatedTokenFileIsPickedUp() async throws {
        let plane = try await Cluster.plane()
        let dir = try TempDir()
        defer { dir.remove() }
        let tokenFile = "\(dir.path)/token"
        try Self.write(plane.operatorToken, to: tokenFile)
        let kubeconfig = "\(dir.path)/kubeconfig"
        try Cluster.writeTokenFileKubeconfig(plane, to: kubeconfig, tokenFile: tokenFile)
        let client = try KubeClient(kubeconfig: kubeconfig, options: .init(tokenFileRefreshInterval: .seconds(1)))
        try await Cluster.using(client) { client in
            #expect(try await Self.canListNamespaces(client) == false, "the operator user may not list namespaces")

            // Picked up after the 1 s refresh interval plus a request or two; under the load of
            // the whole suite on two cores a request can take seconds, hence the generous bound
            // (the default interval, 60 s, would still fail it).
            try Self.write(plane.adminToken, to: tokenFile)
            let rotated = ContinuousClock.now
            try await waitUntil("the admin token to be used", timeout: .seconds(20), interval: .milliseconds(200)) {
                try await Self.canListNamespaces(client)
            }
            let took = rotated.duration(to: .now)
            #expect(took < .seconds(15), "picked up without a restart (took \(took))")

            try Self.write(plane.operatorToken, to: tokenFile)
            try await waitUntil("the operator token to be used again", timeout: .seconds(20), interval: .milliseconds(200)) {
                try await Self.canListNamespaces(client) == false
            }
        }
    }

    @Test("after a 401 the token file is re-read at once, not after the refresh interval")
    func tokenFileIsReReadAfter401() async throws {
        let plane = try await Cluster.plane()
        let dir = try TempDir()
        defer { dir.remove() }
        let tokenFile = "\(dir.path)/token"
        try Self.write("garbage-\(UUID().uuidString)", to: tokenFile)
        let kubeconfig = "\(dir.path)/kubeconfig"
        try Cluster.writeTokenFileKubeconfig(plane, to: kubeconfig, tokenFile: tokenFile)
        // A refresh interval far longer than the test: only the 401 can make the client re-read.
        let client = try KubeClient(kubeconfig: kubeconfig, options: .init(tokenFileRefreshInterval: .seconds(3600)))
        try await Cluster.using(client) { client in
            let error = await #expect(throws: KubeAPIError.self) { try await client.list(Namespace.self) }
            #expect(error?.isUnauthorized == true, "\(String(describing: error))")

            try Self.write(plane.adminToken, to: tokenFile)
            #expect(try await Self.canListNamespaces(client), "the next request re-reads the file")
            // Now cached for an hour: a new file content is not read ...
            try Self.write(plane.operatorToken, to: tokenFile)
            #expect(try await Self.canListNamespaces(client), "a valid cached token is kept until the interval")
        }
    }

    /// The cached token is revoked while the file already holds a good one: the very request that
    /// gets the 401 re-reads the file and is retried with the new token. A bound service-account
    /// token is revoked by deleting the object it is bound to; the API server caches successful
    /// authentications for 10 s, so this test waits for the revocation to show.
    @Test("a request that gets 401 re-reads the token file and succeeds in the same call")
    func requestRetriedWithReReadTokenAfter401() async throws {
        try await Cluster.withNamespace("kit-token401") { plane, admin, ns in
            _ = try await admin.create(ServiceAccount(metadata: ObjectMeta(name: "sa", namespace: ns)))
            let secret = try await admin.create(Secret(metadata: ObjectMeta(name: "binding", namespace: ns)))
            let bound = try await admin.requestToken(
                serviceAccount: "sa", namespace: ns, expirationSeconds: 600,
                boundObjectRef: .init(kind: "Secret", name: "binding", uid: secret.metadata.uid))

            let dir = try TempDir()
            defer { dir.remove() }
            let tokenFile = "\(dir.path)/token"
            try Self.write(bound.token, to: tokenFile)
            let kubeconfig = "\(dir.path)/kubeconfig"
            try Cluster.writeTokenFileKubeconfig(plane, to: kubeconfig, tokenFile: tokenFile)
            let client = try KubeClient(kubeconfig: kubeconfig, options: .init(tokenFileRefreshInterval: .seconds(3600)))
            try await Cluster.using(client) { client in
                #expect(try await Self.canListNamespaces(client) == false, "authenticated as the service account")

                try Self.write(plane.adminToken, to: tokenFile)
                _ = try await admin.delete(Secret.self, name: "binding", namespace: ns)
                try await waitUntil("the bound token to be rejected", timeout: .seconds(30), interval: .milliseconds(500)) {
                    try await plane.request("/api/v1/namespaces?limit=1", as: .token(bound.token)).status == 401
                }
                // The client still holds the revoked token (an hour's refresh interval).
                #expect(try await Self.canListNamespaces(client), "401, re-read, retried as admin: one call")
            }
        }
    }
}
