import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("KubeClient patch types on the real API server")
struct PatchIntegrationTests {
    @Test("JSON merge patch: sets a key, deletes one with null, replaces lists; works on custom resources")
    func mergePatch() async throws {
        try await Cluster.withNamespace("kit-merge") { _, client, ns in
            _ = try await client.create(Cluster.configMap(ns, "cm", data: ["keep": "1", "drop": "2", "change": "3"]))
            let patched = try await client.patch(
                ConfigMap.self, name: "cm", namespace: ns,
                patch: .merge(["data": ["drop": nil, "change": "33", "new": "4"], "metadata": ["labels": ["l": "x"]]]))
            #expect(patched.data == ["keep": "1", "change": "33", "new": "4"])
            #expect(patched.metadata.labels == ["l": "x"])

            _ = try await client.create(Cluster.sparkApplication(ns, "pi"))
            let app = try await client.patch(
                SparkApplication.self, name: "pi", namespace: ns,
                patch: .merge(["spec": ["arguments": ["1", "2"], "mainClass": nil]]))
            #expect(app.spec.arguments == ["1", "2"])
            #expect(app.spec.mainClass == nil)
            let replaced = try await client.patch(
                SparkApplication.self, name: "pi", namespace: ns, patch: .merge(["spec": ["arguments": ["3"]]]))
            #expect(replaced.spec.arguments == ["3"], "a merge patch replaces a list wholesale")

            // Untyped: the same verb for any resource.
            let untyped = try await client.patch(
                ConfigMap.resourceType, name: "cm", namespace: ns, patch: .merge(["data": ["keep": nil]]))
            #expect(untyped["data"] == ["change": "33", "new": "4"])
        }
    }

    @Test("strategic merge patch: a Pod's containers merge by name; custom resources refuse it (415)")
    func strategicMergePatch() async throws {
        try await Cluster.withNamespace("kit-smp", waitForServiceAccount: true) { _, client, ns in
            let pod = try await client.create(Cluster.pod(ns, "p", containers: ["app", "sidecar"]))
            #expect(pod.spec?["containers"]?.arrayValue?.count == 2)

            let patched = try await client.patch(
                Pod.self, name: "p", namespace: ns,
                patch: .strategicMerge(["spec": ["containers": [["name": "sidecar", "image": "busybox:1.37"]]]]))
            let containers = try #require(patched.spec?["containers"]?.arrayValue)
            #expect(containers.map { $0["name"]?.stringValue } == ["app", "sidecar"], "merged by name: both stay")
            #expect(containers.map { $0["image"]?.stringValue } == ["busybox:1.36", "busybox:1.37"])

            // The same body as a JSON merge patch replaces the list, which a pod update may not do.
            let replaced = await #expect(throws: KubeAPIError.self) {
                try await client.patch(
                    Pod.self, name: "p", namespace: ns,
                    patch: .merge(["spec": ["containers": [["name": "sidecar", "image": "busybox:1.37"]]]]))
            }
            #expect(replaced?.isInvalid == true, "\(String(describing: replaced))")

            _ = try await client.create(Cluster.sparkApplication(ns, "pi"))
            let crd = await #expect(throws: KubeAPIError.self) {
                try await client.patch(
                    SparkApplication.self, name: "pi", namespace: ns, patch: .strategicMerge(["spec": ["arguments": ["1"]]]))
            }
            #expect(crd?.code == 415 && crd?.reason == .unsupportedMediaType, "\(String(describing: crd))")
        }
    }

    @Test("JSON patch: add, replace, remove, test; a failing test op is rejected and changes nothing")
    func jsonPatch() async throws {
        try await Cluster.withNamespace("kit-jsonpatch") { _, client, ns in
            _ = try await client.create(Cluster.configMap(ns, "cm", data: ["a": "1", "b": "2"], labels: ["x/y": "z"]))
            let patched = try await client.patch(
                ConfigMap.self, name: "cm", namespace: ns,
                patch: .json([
                    .test("/data/a", "1"),
                    .add("/data/c", "3"),
                    .replace("/data/a", "11"),
                    .remove("/data/b"),
                    .replace("/metadata/labels/" + JSONPatchOperation.escape("x/y"), "zz"),
                ]))
            #expect(patched.data == ["a": "11", "c": "3"])
            #expect(patched.metadata.labels == ["x/y": "zz"])

            // A failed `test` op: kube-apiserver 1.20 answers 422 Invalid (not 409 Conflict) with a
            // generic message and empty details (it does not say which op failed); nothing changes.
            let failed = await #expect(throws: KubeAPIError.self) {
                try await client.patch(
                    ConfigMap.self, name: "cm", namespace: ns,
                    patch: .json([.test("/data/a", "1"), .replace("/data/a", "never")]))
            }
            #expect(failed?.code == 422, "\(String(describing: failed))")
            #expect(failed?.isInvalid == true)
            #expect(failed?.isConflict == false)
            #expect(failed?.message == "the server rejected our request due to an error in our request", "\(String(describing: failed))")
            #expect(try await client.get(ConfigMap.self, name: "cm", namespace: ns).data == ["a": "11", "c": "3"])

            // A test of the resourceVersion makes a JSON patch conditional (compare-and-swap).
            let current = try await client.get(ConfigMap.self, name: "cm", namespace: ns)
            let cas = try await client.patch(
                ConfigMap.self, name: "cm", namespace: ns,
                patch: .json([
                    .test("/metadata/resourceVersion", .string(current.metadata.resourceVersion ?? "")),
                    .add("/data/d", "4"),
                ]))
            #expect(cas.data?["d"] == "4")
        }
    }

    @Test("server-side apply: create by apply, a second manager conflicts (409) unless it forces")
    func serverSideApply() async throws {
        try await Cluster.withNamespace("kit-ssa") { _, client, ns in
            let first = try await client.apply(
                Cluster.configMap(ns, "cm", data: ["shared": "a", "onlyA": "1"]), fieldManager: "kit-a")
            #expect(first.data == ["shared": "a", "onlyA": "1"])
            // managedFields are not decoded into typed objects: read them untyped.
            let raw = try await client.get(ConfigMap.resourceType, name: "cm", namespace: ns)
            #expect(raw["metadata"]?["managedFields"]?.arrayValue?.contains { $0["manager"]?.stringValue == "kit-a" } == true)

            // Re-applying the same intent is a no-op that succeeds.
            let again = try await client.apply(
                Cluster.configMap(ns, "cm", data: ["shared": "a", "onlyA": "1"]), fieldManager: "kit-a")
            #expect(again.metadata.resourceVersion == first.metadata.resourceVersion)

            let conflict = await #expect(throws: KubeAPIError.self) {
                try await client.apply(Cluster.configMap(ns, "cm", data: ["shared": "b"]), fieldManager: "kit-b")
            }
            #expect(conflict?.code == 409 && conflict?.isConflict == true, "\(String(describing: conflict))")
            #expect(conflict?.isAlreadyExists == false)
            #expect(conflict?.message.contains("kit-a") == true, "the conflict names the other manager: \(String(describing: conflict))")
            #expect(conflict?.details?.causes?.contains { $0.field == ".data.shared" } == true, "\(String(describing: conflict?.details))")

            let forced = try await client.apply(
                Cluster.configMap(ns, "cm", data: ["shared": "b"]), fieldManager: "kit-b", force: true)
            #expect(forced.data == ["shared": "b", "onlyA": "1"], "kit-a's other field stays")
            let forcedRaw = try await client.get(ConfigMap.resourceType, name: "cm", namespace: ns)
            let managers = Set(forcedRaw["metadata"]?["managedFields"]?.arrayValue?.compactMap { $0["manager"]?.stringValue } ?? [])
            #expect(managers == ["kit-a", "kit-b"])

            // A manager that drops a field it alone owns removes it.
            let dropped = try await client.apply(Cluster.configMap(ns, "cm", data: [:]), fieldManager: "kit-a")
            #expect(dropped.data == ["shared": "b"])

            // apply needs a field manager; the client refuses before sending.
            await #expect(throws: KubeClientError.self) {
                try await client.apply(Cluster.configMap(ns, "cm"), fieldManager: "")
            }
        }
    }

    @Test("server-side apply of a Service: 1.20 rejects ports without protocol with a clear error; with TCP it works")
    func serverSideApplyOfAService() async throws {
        try await Cluster.withNamespace("kit-ssa-svc") { _, client, ns in
            func service(protocol proto: String?) -> KubeService {
                var port: JSONValue = ["name": "http", "port": 80, "targetPort": 8080]
                if let proto { port["protocol"] = .string(proto) }
                return KubeService(
                    metadata: ObjectMeta(name: "ui", namespace: ns),
                    spec: ["selector": ["app": "x"], "ports": [port]])
            }
            let error = await #expect(throws: KubeAPIError.self) {
                try await client.apply(service(protocol: nil), fieldManager: "kit")
            }
            let e = try #require(error)
            #expect(e.message.contains("protocol"), "the error says what is missing: \(e)")
            #expect("\(e)".contains("protocol"))
            #expect(e.code == 500, "1.20 answers this with \(e.code) \(e.reason)")

            let applied = try await client.apply(service(protocol: "TCP"), fieldManager: "kit")
            #expect(applied.spec?["ports"]?.arrayValue?.first?["protocol"] == "TCP")
            #expect(applied.spec?["clusterIP"]?.stringValue?.hasPrefix("10.96.") == true)
        }
    }
}
