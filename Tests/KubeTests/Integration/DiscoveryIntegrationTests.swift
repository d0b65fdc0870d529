import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("KubeClient discovery and TokenRequest on the real API server")
struct DiscoveryIntegrationTests {
    @Test("server version is v1.20.x")
    func serverVersion() async throws {
        let plane = try await Cluster.plane()
        try await Cluster.using(try Cluster.adminClient(plane)) { client in
            let version = try await client.serverVersion()
            #expect(version.major == "1")
            #expect(version.minorNumber == 20)
            #expect(version.gitVersion.hasPrefix("v1.20."), "\(version.gitVersion)")
        }
    }

    @Test("hasResource: ingresses, the CRDs, policy/v1beta1 but not policy/v1 PDBs on 1.20, no volcano")
    func hasResource() async throws {
        let plane = try await Cluster.plane()
        try await Cluster.using(try Cluster.adminClient(plane)) { client in
            #expect(try await client.hasResource(group: "networking.k8s.io", version: "v1", resource: "ingresses"))
            #expect(try await client.hasResource(group: "sparkoperator.k8s.io", version: "v1beta2", resource: "sparkapplications"))
            #expect(
                try await client.hasResource(group: "sparkoperator.k8s.io", version: "v1beta2", resource: "scheduledsparkapplications"))
            #expect(try await client.hasResource(group: "policy", version: "v1beta1", resource: "poddisruptionbudgets"))
            #expect(try await client.hasResource(group: "policy", version: "v1", resource: "poddisruptionbudgets") == false)
            #expect(try await client.hasResource(group: "scheduling.volcano.sh", version: "v1beta1", resource: "podgroups") == false)
            #expect(try await client.hasResource(group: "", version: "v1", resource: "pods"))
            #expect(try await client.hasResource(group: "", version: "v1", resource: "pods/status"))
            #expect(try await client.hasResource(group: "", version: "v1", resource: "nosuchthings") == false)

            let versions = try await client.apiGroupVersions()
            #expect(versions.contains("v1") && versions.contains("policy/v1beta1") && versions.contains("sparkoperator.k8s.io/v1beta2"))
            #expect(!versions.contains("policy/v1"))
            let apps = try #require(try await client.apiResources(group: "sparkoperator.k8s.io", version: "v1beta2"))
            let resource = try #require(apps.resources.first { $0.name == "sparkapplications" })
            #expect(resource.kind == "SparkApplication" && resource.namespaced)
            #expect(resource.shortNames == ["sparkapp"])
            #expect(apps.resources.contains { $0.name == "sparkapplications/status" })
        }
    }

    @Test("discovery needs no privileges: the unprivileged user may read it")
    func discoveryAsUnprivilegedUser() async throws {
        let plane = try await Cluster.plane()
        try await Cluster.using(try KubeClient(kubeconfig: plane.operatorKubeconfigPath)) { client async throws in
            #expect(try await client.serverVersion().minorNumber == 20)
            #expect(try await client.hasResource(group: "networking.k8s.io", version: "v1", resource: "ingresses"))
        }
    }

    @Test("TokenRequest: the token authenticates as system:serviceaccount:<ns>:<sa>")
    func tokenRequest() async throws {
        try await Cluster.withNamespace("kit-tokenreq") { plane, client, ns in
            _ = try await client.create(ServiceAccount(metadata: ObjectMeta(name: "runner", namespace: ns)))
            let token = try await client.requestToken(serviceAccount: "runner", namespace: ns, expirationSeconds: 600)
            #expect(!token.token.isEmpty)
            let expires = token.expirationTimestamp.date
            #expect(expires > Date().addingTimeInterval(300) && expires < Date().addingTimeInterval(900), "\(expires)")

            let config = try KubeConfig(url: plane.url, caFile: plane.caFile, token: token.token)
            try await Cluster.using(try KubeClient(config: config)) { asSA in
                let error = await #expect(throws: KubeAPIError.self) { try await asSA.list(ConfigMap.self, namespace: ns) }
                let e = try #require(error)
                #expect(e.isForbidden, "authenticated (not 401) but not allowed: \(e)")
                #expect(
                    e.message.contains(#"User "system:serviceaccount:\#(ns):runner" cannot list resource "configmaps""#),
                    "\(e)")
            }

            // For a service account that does not exist: 404.
            let missing = await #expect(throws: KubeAPIError.self) {
                try await client.requestToken(serviceAccount: "nobody", namespace: ns)
            }
            #expect(missing?.isNotFound == true, "\(String(describing: missing))")
        }
    }
}
