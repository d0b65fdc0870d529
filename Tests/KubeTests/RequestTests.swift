import Foundation
import SparkOperatorAPI
import Testing

@testable import Kube

@Suite("Request building")
struct RequestTests {
    static let podGroups = ResourceType(
        group: "scheduling.volcano.sh", version: "v1beta1", resource: "podgroups", kind: "PodGroup")

    @Test func paths() throws {
        #expect(ResourcePath(Pod.resourceType, namespace: "ns", name: "p").description == "/api/v1/namespaces/ns/pods/p")
        #expect(ResourcePath(Pod.resourceType).description == "/api/v1/pods")
        #expect(
            ResourcePath(SparkApplication.resourceType, namespace: "ns", name: "a", subresource: "status").description
                == "/apis/sparkoperator.k8s.io/v1beta2/namespaces/ns/sparkapplications/a/status")
        #expect(ResourcePath(Namespace.resourceType, name: "spark").description == "/api/v1/namespaces/spark")
        #expect(
            ResourcePath(Self.podGroups, namespace: "ns").description
                == "/apis/scheduling.volcano.sh/v1beta1/namespaces/ns/podgroups")
        #expect(
            ResourcePath(ServiceAccount.resourceType, namespace: "ns", name: "spark", subresource: "token").description
                == "/api/v1/namespaces/ns/serviceaccounts/spark/token")
    }

    @Test func namespaceRules() throws {
        #expect(throws: KubeClientError.self) { try ResourcePath(Pod.resourceType, name: "p").validated(forObject: true) }
        #expect(throws: KubeClientError.self) {
            try ResourcePath(Pod.resourceType, namespace: "ns", name: "").validated(forObject: true)
        }
        // A namespace given for a cluster-scoped resource is dropped.
        let ns = try ResourcePath(Namespace.resourceType, namespace: "x", name: "spark").validated(forObject: true)
        #expect(ns.description == "/api/v1/namespaces/spark")
        // LIST without a namespace is across all namespaces.
        #expect(try ResourcePath(Pod.resourceType).validated(forObject: false).description == "/api/v1/pods")
    }

    @Test func queryEscaping() {
        let opts = ListOptions(
            labelSelector: "sparkoperator.k8s.io/launched-by-spark-operator=true,spark-role in (driver,executor)",
            fieldSelector: "status.phase!=Running", limit: 500, continueToken: "eyJ2Ijo+/=")
        #expect(
            ResourcePath.query(opts.queryItems)
                == "?labelSelector=sparkoperator.k8s.io%2Flaunched-by-spark-operator%3Dtrue%2Cspark-role%20in%20%28driver%2Cexecutor%29"
                + "&fieldSelector=status.phase%21%3DRunning&limit=500&continue=eyJ2Ijo%2B%2F%3D")
        #expect(ResourcePath.query([]) == "")
        #expect(ResourcePath.escape("ü") == "%C3%BC")
    }

    @Test func watchQuery() {
        let q = WatchOptions(labelSelector: "a=b", resourceVersion: "123", timeoutSeconds: 300).queryItems
        #expect(
            ResourcePath.query(q)
                == "?watch=true&labelSelector=a%3Db&resourceVersion=123&timeoutSeconds=300&allowWatchBookmarks=true")
        #expect(WatchOptions(timeoutSeconds: 300).effectiveIdleTimeout == .seconds(360))
        #expect(WatchOptions().effectiveIdleTimeout == .seconds(600))
        #expect(WatchOptions(idleTimeout: .seconds(5)).effectiveIdleTimeout == .seconds(5))
    }

    @Test func deleteOptionsBody() throws {
        let body = try JSONValue(
            encoding: DeleteOptions(
                propagationPolicy: .foreground, gracePeriodSeconds: 0,
                preconditions: .init(uid: "u-1", resourceVersion: "42")))
        #expect(
            body.jsonEquals([
                "kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Foreground", "gracePeriodSeconds": 0,
                "preconditions": ["uid": "u-1", "resourceVersion": "42"],
            ]))
        #expect(try JSONValue(encoding: DeleteOptions()).jsonEquals(["kind": "DeleteOptions", "apiVersion": "v1"]))
        #expect(PropagationPolicy.background.rawValue == "Background")
        #expect(PropagationPolicy.orphan.rawValue == "Orphan")
    }

    @Test func patchBodiesAndContentTypes() throws {
        #expect(Patch.merge([:]).contentType == "application/merge-patch+json")
        #expect(Patch.strategicMerge([:]).contentType == "application/strategic-merge-patch+json")
        #expect(Patch.json([]).contentType == "application/json-patch+json")
        #expect(Patch.apply([:]).contentType == "application/apply-patch+yaml")
        let ops = Patch.json([.replace("/status/phase", "Running"), .remove("/metadata/labels/\(JSONPatchOperation.escape("a/b"))")])
        #expect(
            String(decoding: try ops.body(), as: UTF8.self)
                == #"[{"op":"replace","path":"/status/phase","value":"Running"},{"op":"remove","path":"/metadata/labels/a~1b"}]"#)
        #expect(String(decoding: try Patch.merge(["metadata": ["labels": ["x": nil]]]).body(), as: UTF8.self) == #"{"metadata":{"labels":{"x":null}}}"#)
    }

    @Test func writeOptionsQuery() {
        let o = WriteOptions(fieldManager: "spark-operator", force: true, dryRun: true)
        #expect(ResourcePath.query(o.queryItems(forApply: true)) == "?fieldManager=spark-operator&force=true&dryRun=All")
        #expect(ResourcePath.query(o.queryItems(forApply: false)) == "?fieldManager=spark-operator&dryRun=All")
    }

    @Test func typeMetaIsAddedToEncodedObjects() throws {
        let body = KubeClient.withTypeMeta(["metadata": ["name": "x"]], Self.podGroups)
        #expect(body["apiVersion"] == "scheduling.volcano.sh/v1beta1")
        #expect(body["kind"] == "PodGroup")
        #expect(KubeClient.isStatus(Data(#"{"kind":"Status","status":"Success"}"#.utf8)))
        #expect(!KubeClient.isStatus(Data(#"{"kind":"Pod"}"#.utf8)))
    }

    @Test func typedObjectsAreEncodedInOnePassWithTheirTypeMeta() throws {
        let client = try KubeClient(config: KubeConfig(server: "https://k"))
        defer { Task { try? await client.shutdown() } }
        let pod = Pod(metadata: ObjectMeta(name: "p", namespace: "ns", labels: ["a": "b"]), spec: ["containers": [["name": "c"]]])
        let body = try JSONCoding.decoder.decode(JSONValue.self, from: client.encode(pod))
        #expect(body == ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "ns", "labels": ["a": "b"]],
                         "spec": ["containers": [["name": "c"]]]])
        // A type that writes apiVersion/kind itself keeps its own (one key each).
        let cm = ConfigMap(metadata: ObjectMeta(name: "c", namespace: "ns"), data: ["k": "v"])
        let text = String(decoding: try client.encode(cm), as: UTF8.self)
        #expect(text.components(separatedBy: "\"apiVersion\"").count == 2)
        #expect(try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))["kind"] == "ConfigMap")
    }

    @Test func retryableCodes() {
        #expect([429, 500, 502, 503, 504].allSatisfy(RetryPolicy.isRetryable(httpCode:)))
        #expect(![400, 401, 403, 404, 409, 410, 422, 501].contains(where: RetryPolicy.isRetryable(httpCode:)))
        #expect(KubeRequest(.GET, "/x").idempotent)
        #expect(KubeRequest(.HEAD, "/x").idempotent)
        #expect(!KubeRequest(.PUT, "/x").idempotent)
        #expect(!KubeRequest(.DELETE, "/x").idempotent)
        #expect(!KubeRequest(.POST, "/x").idempotent)
        #expect(!KubeRequest(.PATCH, "/x").idempotent)
    }
}

@Suite("KubeClient construction")
struct KubeClientConstructionTests {
    @Test func fromKubeconfigPathAndContext() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write(
            "config",
            """
            current-context: a
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1/", certificate-authority-data: \(PEM.certificateBase64)}}]
            users: [{name: u, user: {client-certificate-data: \(PEM.certificateBase64), client-key-data: \(PEM.keyBase64)}}]
            contexts: [{name: a, context: {cluster: c, user: u}}, {name: b, context: {cluster: c, user: u, namespace: nb}}]
            """)
        let client = try KubeClient(kubeconfig: path, context: "b", options: .init(rateLimit: RateLimit(qps: 20, burst: 30)))
        #expect(client.namespace == "nb")
        #expect(client.config.server == "https://127.0.0.1:1")
        #expect(client.baseTLS.certificateChain.count == 1)
        #expect(client.limiter != nil)
        try await client.shutdown()
    }

    @Test func fromURLAndTokenWithoutCA() async throws {
        let client = try KubeClient(config: KubeConfig(url: "https://127.0.0.1:1", token: "t"))
        #expect(client.options.userAgent == "spark-operator/\(KubeClient.version)")
        #expect(client.limiter == nil)
        try await client.shutdown()
    }

    @Test func namespacedVerbWithoutNamespaceFailsBeforeAnyRequest() async throws {
        let client = try KubeClient(config: KubeConfig(url: "https://127.0.0.1:1", token: "t"))
        let error = await #expect(throws: KubeClientError.self) { try await client.get(Pod.self, name: "p") }
        #expect(error?.kind == .invalidRequest)
        try await client.shutdown()
    }

    /// Port 1 on loopback refuses connections: the request fails as a transport error that
    /// names the server, after the bounded retries.
    @Test func unreachableServerIsATransportError() async throws {
        let client = try KubeClient(
            config: KubeConfig(url: "https://127.0.0.1:1", token: "t"),
            options: .init(retry: RetryPolicy(maxAttempts: 2, backoff: .init(initial: .milliseconds(1), maximum: .milliseconds(1)))))
        let error = await #expect(throws: KubeClientError.self) { try await client.serverVersion() }
        #expect(error?.kind == .transport)
        #expect(error?.message.contains("https://127.0.0.1:1") == true)
        #expect(error?.message.hasPrefix("GET /version") == true)
        try await client.shutdown()
    }
}
