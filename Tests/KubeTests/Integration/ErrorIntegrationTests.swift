import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("KubeClient errors from the real API server")
struct ErrorIntegrationTests {
    @Test("403 Forbidden for the unprivileged operator user, naming the user and the verb")
    func forbidden() async throws {
        let plane = try await Cluster.plane()
        try await Cluster.using(try KubeClient(kubeconfig: plane.operatorKubeconfigPath)) { client in
            let error = await #expect(throws: KubeAPIError.self) { try await client.list(Namespace.self) }
            let e = try #require(error)
            #expect(e.isForbidden && e.code == 403, "\(e)")
            #expect(e.message.contains(#"User "operator" cannot list resource "namespaces""#), "\(e)")
            #expect(e.details?.kind == "namespaces")

            let write = await #expect(throws: KubeAPIError.self) {
                try await client.create(Cluster.configMap("default", "nope"))
            }
            #expect(write?.isForbidden == true)
            #expect(write?.message.contains("cannot create resource") == true, "\(String(describing: write))")
        }
    }

    @Test("401 Unauthorized for a token the server does not know")
    func unauthorized() async throws {
        let plane = try await Cluster.plane()
        let config = try KubeConfig(url: plane.url, caFile: plane.caFile, token: "garbage-\(UUID().uuidString)")
        try await Cluster.using(try KubeClient(config: config)) { client in
            let error = await #expect(throws: KubeAPIError.self) { try await client.list(Namespace.self) }
            #expect(error?.isUnauthorized == true && error?.code == 401, "\(String(describing: error))")
            #expect(error?.isForbidden == false)
        }
        // No credentials at all: 403 for system:anonymous (anonymous auth is on by default), or
        // 401 where it is off.
        let anonymous = try KubeConfig(url: plane.url, caFile: plane.caFile)
        try await Cluster.using(try KubeClient(config: anonymous)) { client in
            let error = await #expect(throws: KubeAPIError.self) { try await client.list(Namespace.self) }
            #expect(error?.isUnauthorized == true || error?.isForbidden == true, "\(String(describing: error))")
        }
    }

    @Test("422 Invalid with causes naming the field: a ConfigMap name, a SparkApplication without spec.type")
    func invalid() async throws {
        try await Cluster.withNamespace("kit-invalid") { _, client, ns in
            let badName = await #expect(throws: KubeAPIError.self) {
                try await client.create(Cluster.configMap(ns, "Not_A_DNS_Name"))
            }
            let e = try #require(badName)
            #expect(e.isInvalid && e.code == 422, "\(e)")
            #expect(e.details?.causes?.contains { $0.field == "metadata.name" } == true, "\(String(describing: e.details))")
            #expect(e.details?.name == "Not_A_DNS_Name" && e.details?.kind == "ConfigMap")
            #expect("\(e)".contains("metadata.name"))

            var app = try JSONValue(encoding: Cluster.sparkApplication(ns, "no-type"))
            app["spec"]?["type"] = nil
            let noType = await #expect(throws: KubeAPIError.self) {
                try await client.create(SparkApplication.resourceType, app, namespace: ns)
            }
            let t = try #require(noType)
            #expect(t.isInvalid && t.code == 422, "\(t)")
            let causes = t.details?.causes ?? []
            #expect(causes.contains { $0.field == "spec.type" && $0.reason == "FieldValueRequired" }, "\(causes)")

            var badEnum = try JSONValue(encoding: Cluster.sparkApplication(ns, "bad-type"))
            badEnum["spec"]?["type"] = "Cobol"
            let notSupported = await #expect(throws: KubeAPIError.self) {
                try await client.create(SparkApplication.resourceType, badEnum, namespace: ns)
            }
            #expect(
                notSupported?.details?.causes?.contains { $0.field == "spec.type" && $0.reason == "FieldValueNotSupported" }
                    == true, "\(String(describing: notSupported))")
        }
    }

    @Test("TLS: no CA (system roots) or a wrong CA fails with an error that says TLS and names the server")
    func tlsFailures() async throws {
        let plane = try await Cluster.plane()
        let dir = try TempDir()
        defer { dir.remove() }
        let wrongCA = try dir.write("wrong-ca.pem", PEM.certificate)
        for caFile in [nil, wrongCA] {
            let config = try KubeConfig(url: plane.url, caFile: caFile, token: plane.adminToken)
            try await Cluster.using(try KubeClient(config: config)) { client in
                let error = await #expect(throws: KubeClientError.self) { try await client.list(Namespace.self) }
                let e = try #require(error)
                #expect(e.kind == .transport)
                #expect(e.message.contains("TLS failure") && e.message.contains(plane.url), "\(e)")
                #expect(e.message.contains("certificate-authority"), "it says what to check: \(e)")
            }
        }
        // The right CA works, and insecure-skip-tls-verify works without one.
        let insecure = try KubeConfig(url: plane.url, token: plane.adminToken, insecureSkipTLSVerify: true)
        try await Cluster.using(try KubeClient(config: insecure)) { client in
            _ = try await client.serverVersion()
        }
    }

    @Test("an API server that is not there: a transport error naming the server")
    func connectionRefused() async throws {
        let plane = try await Cluster.plane()
        let port = 1  // tcpmux: nothing listens there
        let config = try KubeConfig(url: "https://127.0.0.1:\(port)", caFile: plane.caFile, token: plane.adminToken)
        let options = KubeClient.Options(retry: RetryPolicy(maxAttempts: 1))
        try await Cluster.using(try KubeClient(config: config, options: options)) { client in
            let error = await #expect(throws: KubeClientError.self) { try await client.list(Namespace.self) }
            #expect(error?.kind == .transport)
            #expect(error?.message.contains("127.0.0.1:\(port)") == true, "\(String(describing: error))")
        }
    }
}
