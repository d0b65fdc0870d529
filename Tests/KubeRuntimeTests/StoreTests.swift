import KubeRuntime
import SparkOperatorAPI
import Testing

@Suite("Store")
struct StoreTests {
    static let appLabel = "sparkoperator.k8s.io/app-name"

    func app(_ ns: String, _ name: String, rv: String = "1", owner: String? = nil, label: String? = nil) -> SparkApplication {
        var meta = ObjectMeta(name: name, namespace: ns)
        meta.resourceVersion = rv
        if let owner { meta.ownerReferences = [OwnerReference(apiVersion: "v1", kind: "X", name: "o", uid: owner)] }
        if let label { meta.labels = [Self.appLabel: label] }
        return SparkApplication(metadata: meta, spec: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1"))
    }

    @Test func replaceIsAtomicAndMarksSynced() {
        let store = Store<SparkApplication>()
        #expect(!store.hasSynced)
        store.upsert(app("a", "stale"))
        store.replace([app("a", "x"), app("b", "y")], resourceVersion: "42")
        #expect(store.hasSynced)
        #expect(store.count == 2)
        #expect(store.get("a/stale") == nil)
        #expect(store.get(namespace: "b", name: "y")?.name == "y")
        #expect(store.resourceVersion == "42")
    }

    /// A controller caches its write's response; the watch's event for the version before it
    /// arrives afterwards and must not roll the object back. A recreated object (new uid) and
    /// non-numeric versions are always taken.
    @Test func anOlderVersionOfTheSameObjectDoesNotReplaceANewerOne() {
        let store = Store<SparkApplication>()
        func version(_ rv: String, uid: String = "u1", state: ApplicationStateType) -> SparkApplication {
            var a = app("a", "x", rv: rv)
            a.metadata.uid = uid
            a.status = SparkApplicationStatus()
            a.status?.applicationState = ApplicationState(state: state)
            return a
        }
        store.upsert(version("10", state: .submitted))  // written through
        let stale = store.applyIfNewer(version("9", state: .new))  // the watch catching up
        #expect(!stale.applied)
        #expect(store.get("a/x")?.status?.applicationState?.state == .submitted)
        #expect(store.applyIfNewer(version("11", state: .running)).applied)
        #expect(store.get("a/x")?.status?.applicationState?.state == .running)
        #expect(store.applyIfNewer(version("3", uid: "u2", state: .new)).applied, "a recreated object")
        #expect(store.get("a/x")?.metadata.uid == "u2")
        #expect(store.applyIfNewer(version("opaque", uid: "u2", state: .completed)).applied)
    }

    @Test func indexesFollowUpdatesAndDeletes() {
        let store = Store<SparkApplication>(indexedLabels: [Self.appLabel])
        store.upsert(app("ns", "p1", owner: "u1", label: "one"))
        store.upsert(app("ns", "p2", owner: "u1", label: "two"))
        store.upsert(app("other", "p3", owner: "u2", label: "one"))
        #expect(Set(store.owned(by: "u1").map(\.name)) == ["p1", "p2"])
        #expect(store.labelled(Self.appLabel, "one").count == 2)
        #expect(store.labelled(Self.appLabel, "one", namespace: "ns").map(\.name) == ["p1"])
        #expect(store.list(namespace: "other").map(\.name) == ["p3"])

        // Relabel and re-own p1: old index entries go away.
        let old = store.upsert(app("ns", "p1", rv: "2", owner: "u2", label: "two"))
        #expect(old?.metadata.resourceVersion == "1")
        #expect(store.owned(by: "u1").map(\.name) == ["p2"])
        #expect(Set(store.labelled(Self.appLabel, "two").map(\.name)) == ["p1", "p2"])
        #expect(store.resourceVersion == "2")

        store.delete(app("ns", "p2", rv: "3"))
        #expect(store.owned(by: "u1").isEmpty)
        #expect(store.labelled(Self.appLabel, "two").map(\.name) == ["p1"])
        #expect(store.list(namespace: "ns").map(\.name) == ["p1"])
        #expect(store.resourceVersion == "3")
    }

    @Test func perNamespaceReplaceKeepsOtherNamespaces() {
        let store = Store<SparkApplication>()
        store.replace([app("a", "x1"), app("a", "x2")], namespace: "a", resourceVersion: "5")
        #expect(store.hasSynced(namespace: "a"))
        #expect(!store.hasSynced(namespace: "b"))
        store.replace([app("b", "y")], namespace: "b", resourceVersion: "6")
        store.replace([app("a", "x3")], namespace: "a", resourceVersion: "7")
        #expect(Set(store.keys) == ["a/x3", "b/y"])
        #expect(store.hasSynced(namespace: "b"))
        #expect(!store.hasSynced(namespace: nil), "a per-namespace list does not sync the all-namespaces scope")
    }

    @Test func concurrentReadersSeeConsistentSnapshots() async {
        let store = Store<SparkApplication>()
        let batchA = (0..<200).map { app("ns", "a\($0)") }
        let batchB = (0..<100).map { app("ns", "b\($0)") }
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for i in 0..<200 { store.replace(i % 2 == 0 ? batchA : batchB, resourceVersion: "\(i)") }
                return true
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<500 {
                        let names = store.list().map(\.name)
                        let allA = names.allSatisfy { $0.hasPrefix("a") }
                        let allB = names.allSatisfy { $0.hasPrefix("b") }
                        if !(allA || allB) { return false }
                    }
                    return true
                }
            }
            for await ok in group { #expect(ok, "a reader saw a mix of two lists") }
        }
    }
}
