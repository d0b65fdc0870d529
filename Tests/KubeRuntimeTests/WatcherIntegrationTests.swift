import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Synchronization
import Testing

@testable import KubeRuntime

/// Collects watcher events for assertions.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func append(_ s: String) { events.withLock { $0.append(s) } }
    var all: [String] { events.withLock { $0 } }
}

func configMap(_ ns: String, _ name: String, _ value: String = "0") -> ConfigMap {
    ConfigMap(metadata: ObjectMeta(name: name, namespace: ns), data: ["v": value])
}

@Suite("Watcher on the real API server", .serialized)
struct WatcherIntegrationTests {
    @Test("a watch delivers every one of 1000 rapid updates, in order")
    func thousandUpdatesInOrder() async throws {
        let cp = try await ControlPlane.shared()
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        defer { Task { try? await client.shutdown() } }
        let ns = try await cp.createNamespace(prefix: "watch1000")
        _ = try await client.create(configMap(ns, "counter"))
        let store = Store<ConfigMap>()
        let seen = EventLog()
        let watcher = Watcher(client: client, store: store, namespace: ns)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await watcher.run { event in
                    if case .applied(let cm, _) = event, let v = cm.data?["v"] { seen.append(v) }
                }
            }
            try await waitUntil("initial sync") { store.hasSynced }
            var current = try await client.get(ConfigMap.self, name: "counter", namespace: ns)
            for i in 1...1000 {
                current.data = ["v": "\(i)"]
                current = try await client.update(current)
            }
            try await waitUntil("the 1000th update", timeout: .seconds(60)) { seen.all.last == "1000" }
            group.cancelAll()
        }
        let values = seen.all.compactMap(Int.init)
        #expect(values == Array(1...1000), "every update, in order, none twice")
    }

    @Test("etcd compacted and a too-old resourceVersion (410 Gone): the watcher relists and the store converges")
    func relistsOnGone() async throws {
        // A private control plane: its API server is restarted.
        let cp = try await ControlPlane.start()
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let ns = "default"
        let first = try await client.create(configMap(ns, "cm-0"))
        for i in 1..<20 { _ = try await client.create(configMap(ns, "cm-\(i)")) }
        _ = try await client.delete(ConfigMap.self, name: "cm-1", namespace: ns)
        // Compact etcd's history and restart the API server, so its watch cache starts after
        // the old resourceVersion: a watch from there must get 410 Gone.
        try await compactEtcd(cp.etcdURL)
        try await cp.restartAPIServer()

        let store = Store<ConfigMap>()
        store.upsert(configMap(ns, "cm-1"))  // cached before it was deleted while we were away
        let deleted = EventLog()
        let watcher = Watcher(client: client, store: store, namespace: ns)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await watcher.run(startingAt: first.metadata.resourceVersion) { event in
                        if case .deleted(let cm) = event { deleted.append(cm.name) }
                    }
                }
                try await waitUntil("relist after 410") { store.hasSynced && store.count == 19 }
                _ = try await client.create(configMap(ns, "after"))
                try await waitUntil("watching again") { store.get(namespace: ns, name: "after") != nil }
                group.cancelAll()
            }
        } catch {
            try? await client.shutdown()
            await cp.stop()
            throw error
        }
        #expect(deleted.all == ["cm-1"], "an object deleted while not watching is reported deleted")
        #expect(store.get(namespace: ns, name: "cm-1") == nil)
        try? await client.shutdown()
        await cp.stop()
    }

    /// Compacts etcd's history up to its current revision (etcd's JSON gateway).
    func compactEtcd(_ etcdURL: String) async throws {
        let range = try await Command.run(
            "/usr/bin/curl", ["-sf", "-X", "POST", "\(etcdURL)/v3/kv/range", "-d", #"{"key":"AA=="}"#])
        let header = try JSONDecoder().decode(EtcdHeader.self, from: Data(range.stdout.utf8))
        let compact = try await Command.run(
            "/usr/bin/curl",
            ["-sf", "-X", "POST", "\(etcdURL)/v3/kv/compaction", "-d", #"{"revision":"\#(header.header.revision)","physical":true}"#])
        #expect(compact.succeeded, "\(compact)")
    }

    struct EtcdHeader: Decodable {
        struct Header: Decodable { var revision: String }
        var header: Header
    }

    @Test("kube-apiserver restarted mid-watch: the watcher recovers and misses nothing")
    func survivesAPIServerRestart() async throws {
        // A private control plane: restarting the shared one would disturb other tests.
        let cp = try await ControlPlane.start()
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let ns = "default"
        for i in 0..<10 { _ = try await client.create(configMap(ns, "before-\(i)")) }
        let store = Store<ConfigMap>()
        let watcher = Watcher(client: client, store: store, namespace: ns)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await watcher.run { _ in } }
                try await waitUntil("initial sync") { store.hasSynced && store.count >= 10 }
                try await cp.restartAPIServer()
                for i in 0..<10 { _ = try await client.create(configMap(ns, "after-\(i)")) }
                _ = try await client.delete(ConfigMap.self, name: "before-0", namespace: ns)
                let truth = try await client.listAll(ConfigMap.self, namespace: ns)
                let expected = Set(truth.items.map(\.key))
                try await waitUntil("store converges after the restart", timeout: .seconds(60)) {
                    Set(store.keys) == expected
                }
                group.cancelAll()
            }
        } catch {
            try? await client.shutdown()
            await cp.stop()
            throw error
        }
        try? await client.shutdown()
        await cp.stop()
    }
}
