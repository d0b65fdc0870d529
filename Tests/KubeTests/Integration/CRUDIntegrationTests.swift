import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("KubeClient CRUD on the real API server")
struct CRUDIntegrationTests {
    @Test("ConfigMap (core, namespaced): create, get, update, list by label and field, delete")
    func configMapCRUD() async throws {
        try await Cluster.withNamespace("kit-crud-cm") { _, client, ns in
            let created = try await client.create(Cluster.configMap(ns, "one", labels: ["app": "kit", "tier": "a"]))
            #expect(created.metadata.uid != nil && created.metadata.resourceVersion != nil)
            #expect(created.metadata.namespace == ns)
            _ = try await client.create(Cluster.configMap(ns, "two", labels: ["app": "kit", "tier": "b"]))
            _ = try await client.create(Cluster.configMap(ns, "three", labels: ["app": "other"]))

            var one = try await client.get(ConfigMap.self, name: "one", namespace: ns)
            #expect(one.data == ["k": "v"])
            #expect(one.metadata.uid == created.metadata.uid)
            one.data = ["k": "changed"]
            let updated = try await client.update(one)
            #expect(updated.data == ["k": "changed"])
            #expect(updated.metadata.resourceVersion != created.metadata.resourceVersion)

            let kit = try await client.list(ConfigMap.self, namespace: ns, options: ListOptions(labelSelector: "app=kit"))
            #expect(Set(kit.items.map(\.name)) == ["one", "two"])
            #expect(kit.resourceVersion?.isEmpty == false)
            let setBased = try await client.list(
                ConfigMap.self, namespace: ns, options: ListOptions(labelSelector: "app in (kit,other),tier!=a"))
            #expect(Set(setBased.items.map(\.name)) == ["two", "three"])
            let byName = try await client.list(
                ConfigMap.self, namespace: ns, options: ListOptions(fieldSelector: "metadata.name=three"))
            #expect(byName.items.map(\.name) == ["three"])
            let both = try await client.list(
                ConfigMap.self, namespace: ns, options: ListOptions(labelSelector: "app=kit", fieldSelector: "metadata.name!=one"))
            #expect(both.items.map(\.name) == ["two"])

            let gone = try await client.delete(ConfigMap.self, name: "one", namespace: ns)
            #expect(gone == nil, "a ConfigMap without finalizers is deleted at once")
            let missing = await #expect(throws: KubeAPIError.self) {
                try await client.get(ConfigMap.self, name: "one", namespace: ns)
            }
            #expect(missing?.isNotFound == true && missing?.code == 404, "\(String(describing: missing))")
            let deleteMissing = await #expect(throws: KubeAPIError.self) {
                try await client.delete(ConfigMap.self, name: "one", namespace: ns)
            }
            #expect(deleteMissing?.isNotFound == true)
        }
    }

    @Test("create of an existing name is AlreadyExists (409), not Conflict")
    func createTwiceIsAlreadyExists() async throws {
        try await Cluster.withNamespace("kit-crud-exists") { _, client, ns in
            _ = try await client.create(Cluster.configMap(ns, "dup"))
            let error = await #expect(throws: KubeAPIError.self) {
                try await client.create(Cluster.configMap(ns, "dup"))
            }
            #expect(error?.isAlreadyExists == true, "\(String(describing: error))")
            #expect(error?.code == 409)
            #expect(error?.isConflict == false, "AlreadyExists must not read as an optimistic-concurrency conflict")
            #expect(error?.details?.name == "dup" && error?.details?.kind == "configmaps")
        }
    }

    @Test("Namespace (cluster-scoped): create, get, list by label, update, delete → Terminating → gone")
    func namespaceCRUD() async throws {
        let plane = try await Cluster.plane()
        try await Cluster.using(try Cluster.adminClient(plane)) { client in
            let name = "kit-ns-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
            let marker = "m\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
            let created = try await client.create(Namespace(metadata: ObjectMeta(name: name, labels: ["kit-test": marker])))
            #expect(created.metadata.namespace == nil)
            #expect(created.phase == "Active")

            var fetched = try await client.get(Namespace.self, name: name)
            #expect(fetched.metadata.uid == created.metadata.uid)
            fetched.metadata.labels?["extra"] = "yes"
            let updated = try await client.update(fetched)
            #expect(updated.metadata.labels?["extra"] == "yes")

            let listed = try await client.list(Namespace.self, options: ListOptions(labelSelector: "kit-test=\(marker)"))
            #expect(listed.items.map(\.name) == [name])
            let byField = try await client.list(Namespace.self, options: ListOptions(fieldSelector: "metadata.name=\(name)"))
            #expect(byField.items.map(\.name) == [name])

            // A namespace is finalized by the namespace controller: DELETE returns it Terminating.
            let deleting = try await client.delete(Namespace.self, name: name)
            #expect(deleting?.metadata.deletionTimestamp != nil)
            #expect(deleting?.phase == "Terminating")
            try await waitUntil("namespace \(name) to be finalized", timeout: .seconds(60)) {
                do {
                    _ = try await client.get(Namespace.self, name: name)
                    return false
                } catch let e as KubeAPIError where e.isNotFound {
                    return true
                }
            }
        }
    }

    @Test("SparkApplication (custom resource): create, get, list, update, delete")
    func sparkApplicationCRUD() async throws {
        try await Cluster.withNamespace("kit-crud-app") { _, client, ns in
            var app = Cluster.sparkApplication(ns, "pi")
            app.metadata.labels = ["app": "pi"]
            let created = try await client.create(app)
            #expect(created.spec == app.spec, "the server stores the spec as sent")
            #expect(created.metadata.generation == 1)
            _ = try await client.create(Cluster.sparkApplication(ns, "other"))

            var fetched = try await client.get(SparkApplication.self, name: "pi", namespace: ns)
            #expect(fetched.spec.mainClass == "org.apache.spark.examples.SparkPi")
            fetched.spec.arguments = ["1000"]
            let updated = try await client.update(fetched)
            #expect(updated.spec.arguments == ["1000"])
            #expect(updated.metadata.generation == 2, "a spec change bumps the generation")

            let all = try await client.list(SparkApplication.self, namespace: ns)
            #expect(Set(all.items.map(\.name)) == ["pi", "other"])
            let labelled = try await client.list(SparkApplication.self, namespace: ns, options: ListOptions(labelSelector: "app=pi"))
            #expect(labelled.items.map(\.name) == ["pi"])
            let byName = try await client.list(
                SparkApplication.self, namespace: ns, options: ListOptions(fieldSelector: "metadata.name=other"))
            #expect(byName.items.map(\.name) == ["other"])

            let again = await #expect(throws: KubeAPIError.self) { try await client.create(app) }
            #expect(again?.isAlreadyExists == true)

            // Custom resources answer a DELETE with the deleted object (ReturnDeletedObject):
            // the client must still report that it is gone.
            let deleted = try await client.delete(SparkApplication.self, name: "pi", namespace: ns)
            #expect(deleted == nil, "deleted at once (no finalizers), so nil: \(String(describing: deleted?.metadata))")
            let missing = await #expect(throws: KubeAPIError.self) {
                try await client.get(SparkApplication.self, name: "pi", namespace: ns)
            }
            #expect(missing?.isNotFound == true)
        }
    }

    @Test("pagination: 25 objects, limit 10 → 3 pages of one snapshot; listAll returns 25 at its first page's resourceVersion")
    func pagination() async throws {
        try await Cluster.withNamespace("kit-pages") { _, client, ns in
            let names = (0..<25).map { String(format: "cm-%02d", $0) }
            for name in names { _ = try await client.create(Cluster.configMap(ns, name)) }
            let pageOf10 = ListOptions(limit: 10)

            let all = try await client.listAll(ConfigMap.self, namespace: ns, options: pageOf10)
            #expect(all.items.map(\.name) == names, "all 25, in key order, none twice")
            #expect(all.continueToken == nil && all.metadata.remainingItemCount == nil)
            let rv = try #require(all.resourceVersion)

            let first = try await client.list(ConfigMap.self, namespace: ns, options: pageOf10)
            #expect(first.items.count == 10)
            #expect(first.metadata.remainingItemCount == 15)
            // Written after the first page: not part of the snapshot the pages come from.
            _ = try await client.create(Cluster.configMap(ns, "cm-99"))
            var options = pageOf10
            let token1: String = try #require(first.continueToken)
            options.continueToken = token1
            let second = try await client.list(ConfigMap.self, namespace: ns, options: options)
            #expect(second.items.count == 10)
            #expect(second.metadata.remainingItemCount == 5)
            let token2: String = try #require(second.continueToken)
            options.continueToken = token2
            let third = try await client.list(ConfigMap.self, namespace: ns, options: options)
            #expect(third.items.count == 5)
            #expect(third.continueToken == nil, "the last page has no continue token")
            #expect(second.resourceVersion == first.resourceVersion && third.resourceVersion == first.resourceVersion)
            #expect((first.items + second.items + third.items).map(\.name) == names, "not cm-99")

            // listAll's resourceVersion is the snapshot of its items: listing exactly at it
            // (paged too) gives the same 25, without cm-99 written later.
            let atSnapshot = try await client.listAll(
                ConfigMap.self, namespace: ns,
                options: ListOptions(limit: 10, resourceVersion: rv, resourceVersionMatch: "Exact"))
            #expect(atSnapshot.items.map(\.name) == names)
            #expect(atSnapshot.resourceVersion == rv)

            let now = try await client.listAll(ConfigMap.self, namespace: ns, options: pageOf10)
            #expect(now.items.count == 26)
            // Untyped, the same.
            let untyped = try await client.listAll(ConfigMap.resourceType, namespace: ns, options: pageOf10)
            #expect(untyped.items.compactMap { $0["metadata"]?["name"]?.stringValue } == names + ["cm-99"])
        }
    }
}
