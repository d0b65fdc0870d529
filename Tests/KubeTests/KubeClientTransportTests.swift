import AsyncHTTPClient
import Foundation
import NIOCore
import SparkOperatorAPI
import Testing

@testable import Kube

@Suite("KubeClient transport (fake HTTP)")
struct KubeClientTransportTests {
    static let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","resourceVersion":"7"}}"#

    @Test func getBuildsTheRequestAndDecodes() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(200, Self.pod) }
        let client = try KubeClient.fake(http)
        let pod = try await client.get(Pod.self, name: "p", namespace: "ns")
        #expect(pod.metadata.resourceVersion == "7")
        let r = try #require(http.requests.first)
        #expect(r.url == "https://k:6443/api/v1/namespaces/ns/pods/p")
        #expect(r.method == .GET)
        #expect(r.headers.first(name: "User-Agent") == "spark-operator/\(KubeClient.version)")
        #expect(r.headers.first(name: "Authorization") == "Bearer t")
        #expect(r.headers.first(name: "Accept") == "application/json")
        #expect(r.body == nil)
    }

    @Test func throttledReadIsRetriedHonouringRetryAfter() async throws {
        let http = FakeHTTP { _, i in
            i == 0
                ? FakeHTTP.response(429, FakeHTTP.status(429, reason: "TooManyRequests"), headers: [("Retry-After", "0")])
                : FakeHTTP.response(200, Self.pod)
        }
        _ = try await KubeClient.fake(http).get(Pod.self, name: "p", namespace: "ns")
        #expect(http.requests.count == 2)
    }

    @Test func serverErrorsOnReadsAreRetriedAFewTimes() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(503, "upstream unavailable") }
        let error = await #expect(throws: KubeAPIError.self) {
            try await KubeClient.fake(http, maxAttempts: 3).list(Pod.self, namespace: "ns")
        }
        #expect(error?.code == 503)
        #expect(http.requests.count == 3)
    }

    @Test func notFoundIsNotRetried() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(404, FakeHTTP.status(404, reason: "NotFound")) }
        let error = await #expect(throws: KubeAPIError.self) {
            try await KubeClient.fake(http).get(Pod.self, name: "p", namespace: "ns")
        }
        #expect(error?.isNotFound == true)
        #expect(http.requests.count == 1)
    }

    @Test func writesAreNeverRetried() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(503, "busy") }
        let client = try KubeClient.fake(http)
        await #expect(throws: KubeAPIError.self) {
            try await client.create(ConfigMap(metadata: ObjectMeta(name: "c", namespace: "ns")))
        }
        await #expect(throws: KubeAPIError.self) {
            try await client.patch(ConfigMap.self, name: "c", namespace: "ns", patch: .merge([:]))
        }
        await #expect(throws: KubeAPIError.self) { try await client.delete(ConfigMap.self, name: "c", namespace: "ns") }
        await #expect(throws: KubeAPIError.self) {
            try await client.update(ConfigMap(metadata: ObjectMeta(name: "c", namespace: "ns")))
        }
        #expect(http.requests.map(\.method) == [.POST, .PATCH, .DELETE, .PUT])
    }

    @Test func connectionErrorsAreRetriedForReadsOnly() async throws {
        let http = FakeHTTP { r, i in
            if r.method == .POST || i == 0 { throw HTTPClientError.remoteConnectionClosed }
            return FakeHTTP.response(200, Self.pod)
        }
        let client = try KubeClient.fake(http)
        _ = try await client.get(Pod.self, name: "p", namespace: "ns")
        #expect(http.requests.count == 2)
        let error = await #expect(throws: KubeClientError.self) {
            try await client.create(Pod(metadata: ObjectMeta(name: "p", namespace: "ns")))
        }
        #expect(error?.kind == .transport)
        #expect(error?.message.contains("https://k:6443") == true)
        #expect(http.requests.count == 3)
    }

    @Test func unauthorizedRereadsTheTokenFileAndRetriesOnce() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let tokenPath = try dir.write("token", "old")
        let http = FakeHTTP { r, _ in
            r.headers.first(name: "Authorization") == "Bearer new"
                ? FakeHTTP.response(200, Self.pod)
                : FakeHTTP.response(401, FakeHTTP.status(401, reason: "Unauthorized"))
        }
        let client = try KubeClient.fake(http, credentials: .tokenFile(path: tokenPath))
        await #expect(throws: KubeAPIError.self) { try await client.get(Pod.self, name: "p", namespace: "ns") }
        #expect(http.requests.count == 2)  // one retry after re-reading, still the old token
        try dir.write("token", "new")  // the kubelet rotated it
        // The last 401 dropped the cached token: the next request re-reads the file at once.
        _ = try await client.get(Pod.self, name: "p", namespace: "ns")
        #expect(http.requests.count == 3)
        #expect(http.requests.last?.headers.first(name: "Authorization") == "Bearer new")
    }

    @Test func unauthorizedWithStaticTokenIsNotRetried() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(401, FakeHTTP.status(401, reason: "Unauthorized")) }
        let error = await #expect(throws: KubeAPIError.self) { try await KubeClient.fake(http).serverVersion() }
        #expect(error?.isUnauthorized == true)
        #expect(http.requests.count == 1)
    }

    @Test func requestTimeout() async throws {
        let http = FakeHTTP { _, _ in
            try await Task.sleep(for: .seconds(30))
            return FakeHTTP.response(200, "{}")
        }
        let started = ContinuousClock.now
        let error = await #expect(throws: KubeClientError.self) {
            try await KubeClient.fake(http, maxAttempts: 1, requestTimeout: .milliseconds(100)).serverVersion()
        }
        #expect(error?.kind == .timeout)
        // Did not wait for the 30 s answer (a loose bound: test start-up on a loaded 2-core machine stalls seconds).
        #expect(started.duration(to: .now) < .seconds(20))
    }

    @Test func undecodableResponseNamesTheRequestAndField() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(200, #"{"metadata":{"name":"p","labels":{"a":1}}}"#) }
        let error = await #expect(throws: KubeClientError.self) {
            try await KubeClient.fake(http).get(Pod.self, name: "p", namespace: "ns")
        }
        #expect(error?.kind == .decoding)
        #expect(error?.message.contains("GET /api/v1/namespaces/ns/pods/p") == true)
        #expect(error?.message.contains("metadata.labels.a") == true)
    }

    @Test func serverSideApply() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(200, #"{"metadata":{"name":"svc","namespace":"ns"}}"#) }
        _ = try await KubeClient.fake(http).apply(
            KubeService(metadata: ObjectMeta(name: "svc", namespace: "ns"), spec: ["clusterIP": "None"]),
            fieldManager: "spark-operator", force: true)
        let r = try #require(http.requests.first)
        #expect(r.method == .PATCH)
        #expect(r.url == "https://k:6443/api/v1/namespaces/ns/services/svc?fieldManager=spark-operator&force=true")
        #expect(r.headers.first(name: "Content-Type") == "application/apply-patch+yaml")
        let body = try JSONCoding.decoder.decode(JSONValue.self, from: Data(try await FakeHTTP.body(r).utf8))
        #expect(body["apiVersion"] == "v1" && body["kind"] == "Service")
        #expect(body["spec"]?["clusterIP"] == "None")
    }

    @Test func patchStatusAndUpdate() async throws {
        let http = FakeHTTP { _, _ in FakeHTTP.response(200, Self.pod) }
        let client = try KubeClient.fake(http)
        _ = try await client.patchStatus(Pod.self, name: "p", namespace: "ns", patch: .strategicMerge(["status": ["phase": "Running"]]))
        var pod = Pod(metadata: ObjectMeta(name: "p", namespace: "ns"))
        pod.metadata.resourceVersion = "41"
        _ = try await client.update(pod)
        _ = try await client.updateStatus(pod)
        let rs = http.requests
        #expect(rs[0].url == "https://k:6443/api/v1/namespaces/ns/pods/p/status")
        #expect(rs[0].headers.first(name: "Content-Type") == "application/strategic-merge-patch+json")
        #expect(rs[1].method == .PUT && rs[1].url == "https://k:6443/api/v1/namespaces/ns/pods/p")
        #expect(try await FakeHTTP.body(rs[1]).contains(#""resourceVersion":"41""#))
        #expect(rs[2].url == "https://k:6443/api/v1/namespaces/ns/pods/p/status")
    }

    @Test func deleteReturnsTheObjectOnlyWhileItStillExists() async throws {
        let http = FakeHTTP { r, _ in
            r.url.hasSuffix("/pods/p")
                ? FakeHTTP.response(200, #"{"metadata":{"name":"p","deletionTimestamp":"2026-11-25T00:00:00Z"}}"#)
                : FakeHTTP.response(200, #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"c"}}"#)
        }
        let client = try KubeClient.fake(http)
        let pod = try await client.delete(Pod.self, name: "p", namespace: "ns", options: DeleteOptions(gracePeriodSeconds: 30))
        #expect(pod?.metadata.deletionTimestamp != nil)
        let cm = try await client.delete(
            ConfigMap.self, name: "c", namespace: "ns", options: DeleteOptions(propagationPolicy: .foreground))
        #expect(cm == nil)
        let body = try await FakeHTTP.body(http.requests[1])
        #expect(body.contains(#""propagationPolicy":"Foreground""#))
    }

    /// Pods (and other kinds with ReturnDeletedObject) answer a DELETE with the object even when
    /// it was removed at once: only finalizers or a pending grace period keep it.
    @Test func deleteAnsweredWithAnObjectThatIsAlreadyGoneReturnsNil() async throws {
        let bodies: [String: String] = [
            "forced": #"{"metadata":{"name":"forced","deletionTimestamp":"2026-11-25T00:00:00Z","deletionGracePeriodSeconds":0}}"#,
            "plain": #"{"metadata":{"name":"plain"}}"#,
            "graceful": #"{"metadata":{"name":"graceful","deletionTimestamp":"2026-11-25T00:00:00Z","deletionGracePeriodSeconds":30}}"#,
            "held": #"{"metadata":{"name":"held","deletionTimestamp":"2026-11-25T00:00:00Z","deletionGracePeriodSeconds":0,"finalizers":["x/y"]}}"#,
            "status": #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}"#,
        ]
        let http = FakeHTTP { r, _ in FakeHTTP.response(200, bodies[String(r.url.split(separator: "/").last!)]!) }
        let client = try KubeClient.fake(http)
        #expect(try await client.delete(Pod.self, name: "forced", namespace: "ns") == nil)
        #expect(try await client.delete(Pod.self, name: "plain", namespace: "ns") == nil)
        #expect(try await client.delete(Pod.self, name: "graceful", namespace: "ns")?.name == "graceful")
        #expect(try await client.delete(Pod.self, name: "held", namespace: "ns")?.name == "held")
        // (JSONValue is ExpressibleByNilLiteral: `== nil` would compare with .null.)
        #expect(try await client.delete(Pod.resourceType, name: "forced", namespace: "ns") == JSONValue?.none)
        #expect(try await client.delete(Pod.resourceType, name: "plain", namespace: "ns") == JSONValue?.none)
        #expect(try await client.delete(Pod.resourceType, name: "graceful", namespace: "ns") != JSONValue?.none)
        #expect(try await client.delete(Pod.resourceType, name: "held", namespace: "ns") != JSONValue?.none)
        #expect(try await client.delete(Pod.resourceType, name: "status", namespace: "ns") == JSONValue?.none)
    }

    @Test func listAllFollowsContinueTokens() async throws {
        let http = FakeHTTP { r, _ in
            r.url.contains("continue=c1")
                ? FakeHTTP.response(200, #"{"metadata":{"resourceVersion":"100","continue":""},"items":[{"metadata":{"name":"b"}}]}"#)
                : FakeHTTP.response(200, #"{"metadata":{"resourceVersion":"100","continue":"c1","remainingItemCount":1},"items":[{"metadata":{"name":"a"}}]}"#)
        }
        let list = try await KubeClient.fake(http).listAll(
            Pod.self, namespace: "ns", options: ListOptions(labelSelector: "x=y", limit: 1, resourceVersion: "0"))
        #expect(list.items.map(\.name) == ["a", "b"])
        #expect(list.resourceVersion == "100")
        #expect(list.continueToken == nil)
        #expect(http.requests.map(\.url) == [
            "https://k:6443/api/v1/namespaces/ns/pods?labelSelector=x%3Dy&limit=1&resourceVersion=0",
            "https://k:6443/api/v1/namespaces/ns/pods?labelSelector=x%3Dy&limit=1&continue=c1",
        ])
    }

    @Test func discoveryTreatsMissingGroupVersionAsAbsent() async throws {
        let http = FakeHTTP { r, _ in
            switch r.url {
            case "https://k:6443/apis/policy/v1beta1":
                return FakeHTTP.response(
                    200, #"{"groupVersion":"policy/v1beta1","resources":[{"name":"poddisruptionbudgets","namespaced":true,"kind":"PodDisruptionBudget","verbs":["get"]},{"name":"poddisruptionbudgets/status","namespaced":true,"kind":"PodDisruptionBudget"}]}"#)
            default:
                return FakeHTTP.response(404, "404 page not found")
            }
        }
        let client = try KubeClient.fake(http)
        #expect(try await client.hasResource(group: "policy", version: "v1beta1", resource: "poddisruptionbudgets"))
        #expect(try await !client.hasResource(group: "policy", version: "v1", resource: "poddisruptionbudgets"))
        #expect(try await !client.hasResource(group: "policy", version: "v1beta1", resource: "evictions"))
    }

    @Test func tokenRequest() async throws {
        let http = FakeHTTP { _, _ in
            FakeHTTP.response(
                201, #"{"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","spec":{"audiences":["https://kubernetes.default.svc"]},"status":{"token":"eyJ","expirationTimestamp":"2026-11-25T02:06:22Z"}}"#)
        }
        let status = try await KubeClient.fake(http).requestToken(serviceAccount: "spark", namespace: "ns", expirationSeconds: 600)
        #expect(status.token == "eyJ")
        let r = try #require(http.requests.first)
        #expect(r.method == .POST && r.url == "https://k:6443/api/v1/namespaces/ns/serviceaccounts/spark/token")
        #expect(try await FakeHTTP.body(r).contains(#""expirationSeconds":600"#))
    }
}
