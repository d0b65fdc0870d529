import Foundation
import KubeTesting
import Testing

/// `hack/ssa-protocol-proxy.py`, which the benchmark's spark-submit baseline submits through:
/// kube-apiserver 1.20 rejects spark-submit 3.5's server-side apply of its driver Service (ports
/// without `protocol`); through the proxy the same request succeeds, with `protocol: TCP`.
@Suite("The spark-submit baseline's proxy (hack/ssa-protocol-proxy.py)")
struct SSAProtocolProxyTests {
    @Test func addsTheProtocolThatAppliedServicePortsOmitAndPassesTheRestThrough() async throws {
        let cp = try await ControlPlane.shared()
        let ns = try await cp.createNamespace(prefix: "ssa-proxy")
        // The driver Service as spark-submit 3.5.1 applies it (reference/spark-submit: requests.jsonl).
        let service = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"app-driver-svc","namespace":"\(ns)"},
             "spec":{"clusterIP":"None","selector":{"spark-role":"driver"},
                     "ports":[{"name":"driver-rpc-port","port":7078,"targetPort":7078},
                              {"name":"blockmanager","port":7079,"targetPort":7079}]}}
            """
        let path = "/api/v1/namespaces/\(ns)/services/app-driver-svc?fieldManager=fabric8&force=true"

        let direct = try await cp.request(path, method: "PATCH", body: service, contentType: "application/apply-patch+yaml")
        #expect(direct.status >= 400 && direct.body.contains("omits key field"), "\(direct.status): \(direct.body)")

        let proxy = try await SSAProtocolProxy.start(
            cp, script: TestPaths.repoRoot.appendingPathComponent("hack/ssa-protocol-proxy.py").path)
        defer { proxy.stop() }
        let port = proxy.port

        func viaProxy(_ path: String, method: String = "GET", body: String? = nil, contentType: String = "application/json")
            async throws -> (status: Int, body: String)
        {
            var args = ["-sS", "--max-time", "30", "--cacert", cp.caFile, "-X", method, "-w", "\n%{http_code}",
                        "-H", "Authorization: Bearer \(cp.adminToken)"]
            if body != nil { args += ["-H", "Content-Type: \(contentType)", "--data-binary", "@-"] }
            args.append("https://127.0.0.1:\(port)\(path)")
            let r = try await Command.run(cp.binaries.curl, args, stdin: body.map { Data($0.utf8) })
            let newline = try #require(r.stdout.lastIndex(of: "\n"), "curl: \(r)")
            return (Int(r.stdout[r.stdout.index(after: newline)...]) ?? 0, String(r.stdout[..<newline]))
        }

        let applied = try await viaProxy(path, method: "PATCH", body: service, contentType: "application/apply-patch+yaml")
        #expect(applied.status == 200 || applied.status == 201, "\(applied.status): \(applied.body)")
        let created = try await cp.request("/api/v1/namespaces/\(ns)/services/app-driver-svc")
        let ports = ((created.json?["spec"] as? [String: Any])?["ports"] as? [[String: Any]]) ?? []
        #expect(ports.map { $0["protocol"] as? String } == ["TCP", "TCP"], "\(ports)")
        // Everything else passes through unchanged, errors included.
        let listed = try await viaProxy("/api/v1/namespaces/\(ns)/services")
        #expect(listed.status == 200 && listed.body.contains("app-driver-svc"))
        let missing = try await viaProxy("/api/v1/namespaces/\(ns)/services/none")
        #expect(missing.status == 404 && missing.body.contains("NotFound"))
        try await cp.deleteNamespace(ns)
    }
}
