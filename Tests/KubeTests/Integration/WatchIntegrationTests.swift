import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Synchronization
import Testing

/// Events a watch task has delivered so far, for polling from the test.
final class SeenEvents<Object: Sendable>: Sendable {
    private let events = Mutex<[WatchEvent<Object>]>([])
    func append(_ e: WatchEvent<Object>) { events.withLock { $0.append(e) } }
    var all: [WatchEvent<Object>] { events.withLock { $0 } }
}

@Suite("KubeClient watch on the real API server")
struct WatchIntegrationTests {
    /// Consumes `stream` into `seen` until it ends or the task is cancelled.
    static func consume<O>(_ stream: WatchStream<O>, into seen: SeenEvents<O>) -> Task<Void, any Error> {
        Task {
            for try await event in stream { seen.append(event) }
        }
    }

    static func summary(_ events: [WatchEvent<ConfigMap>]) -> [String] {
        events.compactMap { e in e.object.map { "\(e.typeName) \($0.name) \($0.data?["v"] ?? "-")" } }
    }

    /// kube-apiserver 1.20 sends a watch one bookmark, about 2 s before its `timeoutSeconds`
    /// deadline (not periodically; that came later), and only if an object of the resource
    /// changed after the watch began: its resourceVersion is that of the last change the watch
    /// cache processed, and the watch skips anything not newer than what it has seen.
    @Test("bookmarks arrive when requested: 2 s before the watch's timeout, past changes the selector filtered out")
    func bookmarks() async throws {
        try await Cluster.withNamespace("kit-bookmark") { _, client, ns in
            let list = try await client.list(ConfigMap.self, namespace: ns)
            let listRV = try #require(list.resourceVersion.flatMap { UInt64($0) })
            _ = try await client.create(Cluster.configMap(ns, "unseen", labels: ["watched": "no"]))
            // Changes this watch does not see (its selector excludes them), while it runs.
            let writer = Task {
                for i in 0..<40 {
                    try await Task.sleep(for: .milliseconds(200))
                    _ = try await client.patch(
                        ConfigMap.self, name: "unseen", namespace: ns, patch: .merge(["data": ["i": .string("\(i)")]]))
                }
            }
            defer { writer.cancel() }
            let started = ContinuousClock.now
            var events: [WatchEvent<ConfigMap>] = []
            var firstBookmarkAfter: Duration?
            for try await event in try client.watch(
                ConfigMap.self, namespace: ns,
                options: WatchOptions(
                    labelSelector: "watched=yes", resourceVersion: list.resourceVersion, timeoutSeconds: 4,
                    allowWatchBookmarks: true))
            {
                if case .bookmark = event, firstBookmarkAfter == nil { firstBookmarkAfter = started.duration(to: .now) }
                events.append(event)
            }
            let ended = started.duration(to: .now)
            let bookmarks = events.compactMap { e -> UInt64? in
                if case .bookmark(let rv) = e { return UInt64(rv) } else { return nil }
            }
            #expect(events.count == bookmarks.count, "only bookmarks: \(events.map(\.typeName))")
            #expect(!bookmarks.isEmpty && bookmarks.allSatisfy { $0 > listRV }, "\(bookmarks) vs \(listRV)")
            // Not at once: at deadline − 2 s, in whole-second buckets, so 1 to 2 s after the
            // server got the request (later under load), and before the server ends the watch.
            let after = try #require(firstBookmarkAfter)
            #expect(after > .milliseconds(900), "first bookmark after \(after)")
            #expect(ended >= .seconds(4) && ended < .seconds(30), "the server ends the watch after timeoutSeconds (\(ended))")

            // Not requested, none sent.
            var plain: [String] = []
            for try await event in try client.watch(
                ConfigMap.self, namespace: ns,
                options: WatchOptions(
                    labelSelector: "watched=yes", resourceVersion: list.resourceVersion, timeoutSeconds: 3,
                    allowWatchBookmarks: false))
            {
                plain.append(event.typeName)
            }
            #expect(plain.isEmpty, "\(plain)")
        }
    }

    @Test("a label-selected watch sees only matching objects; DELETED carries the last state")
    func labelSelectedWatch() async throws {
        try await Cluster.withNamespace("kit-watch-sel") { _, client, ns in
            let start = try await client.list(ConfigMap.self, namespace: ns)
            let seen = SeenEvents<ConfigMap>()
            let task = Self.consume(
                try client.watch(
                    ConfigMap.self, namespace: ns,
                    options: WatchOptions(labelSelector: "watched=yes", resourceVersion: start.resourceVersion)),
                into: seen)
            defer { task.cancel() }

            _ = try await client.create(Cluster.configMap(ns, "a", data: ["v": "1"], labels: ["watched": "yes"]))
            _ = try await client.create(Cluster.configMap(ns, "b", data: ["v": "1"], labels: ["watched": "no"]))
            _ = try await client.patch(ConfigMap.self, name: "b", namespace: ns, patch: .merge(["data": ["v": "2"]]))
            _ = try await client.patch(ConfigMap.self, name: "a", namespace: ns, patch: .merge(["data": ["v": "last"]]))
            _ = try await client.delete(ConfigMap.self, name: "b", namespace: ns)
            _ = try await client.delete(ConfigMap.self, name: "a", namespace: ns)
            // Relabelled into and out of the selector: ADDED, then DELETED for this watch. The
            // DELETED of an object that left the selector carries its last state that matched
            // (the watch cache sends the previous object), not the update that made it leave.
            _ = try await client.create(Cluster.configMap(ns, "c", data: ["v": "1"], labels: ["watched": "no"]))
            _ = try await client.patch(
                ConfigMap.self, name: "c", namespace: ns, patch: .merge(["metadata": ["labels": ["watched": "yes"]]]))
            _ = try await client.patch(
                ConfigMap.self, name: "c", namespace: ns,
                patch: .merge(["metadata": ["labels": ["watched": "no"]], "data": ["v": "out"]]))

            let expected = ["ADDED a 1", "MODIFIED a last", "DELETED a last", "ADDED c 1", "DELETED c 1"]
            try await waitUntil("the selected events", timeout: .seconds(30)) {
                Self.summary(seen.all).count >= expected.count
            }
            try await Task.sleep(for: .milliseconds(300))  // nothing more should come
            #expect(Self.summary(seen.all) == expected)
            let deleted = try #require(seen.all.first { $0.typeName == "DELETED" }?.object)
            #expect(deleted.data == ["v": "last"], "DELETED carries the object's last state")
            #expect(deleted.metadata.labels == ["watched": "yes"])
            #expect(deleted.metadata.resourceVersion != nil)
        }
    }

    @Test("cancelling the consuming task ends the watch promptly, long before its 300 s timeout")
    func cancellationEndsTheStreamPromptly() async throws {
        try await Cluster.withNamespace("kit-watch-cancel") { _, client, ns in
            let seen = SeenEvents<ConfigMap>()
            let task = Self.consume(
                try client.watch(ConfigMap.self, namespace: ns, options: WatchOptions(timeoutSeconds: 300)), into: seen)
            _ = try await client.create(Cluster.configMap(ns, "first"))
            try await waitUntil("the watch to deliver an event") { !seen.all.isEmpty }
            // The task now waits in next() for data that will not come.
            try await Task.sleep(for: .milliseconds(200))
            let cancelled = ContinuousClock.now
            task.cancel()
            let result = await task.result
            let took = cancelled.duration(to: .now)
            // Typically milliseconds; the bound is loose for a loaded machine.
            #expect(took < .seconds(10), "took \(took)")
            if case .failure(let error) = result {
                #expect(error is CancellationError, "ends by cancellation, not \(error)")
            }
            // The client is still usable (its connection pool was not poisoned).
            _ = try await client.create(Cluster.configMap(ns, "second"))
        }
    }

    /// Uses a private control plane: the API server is restarted.
    @Test("a watch from a resourceVersion compacted away (etcd compaction + API server restart) fails with isGone")
    func watchFromCompactedVersionIsGone() async throws {
        let plane = try await ControlPlane.start()
        do {
            try await Cluster.using(try KubeClient(kubeconfig: plane.kubeconfigPath)) { client in
                let first = try await client.create(Cluster.configMap("default", "cm-0"))
                for i in 1..<5 { _ = try await client.create(Cluster.configMap("default", "cm-\(i)")) }
                try await Self.compactEtcd(plane)
                try await plane.restartAPIServer()

                let old = try #require(first.metadata.resourceVersion)
                let error = await #expect(throws: KubeAPIError.self) {
                    for try await _ in try client.watch(
                        ConfigMap.self, namespace: "default", options: WatchOptions(resourceVersion: old, timeoutSeconds: 30))
                    {}
                }
                let e = try #require(error)
                #expect(e.isGone && e.code == 410, "\(e)")

                // A list at the old version is gone as well; the cure is a fresh list and a watch from it.
                let listError = await #expect(throws: KubeAPIError.self) {
                    try await client.list(
                        ConfigMap.self, namespace: "default",
                        options: ListOptions(limit: 2, resourceVersion: old, resourceVersionMatch: "Exact"))
                }
                #expect(listError?.isGone == true, "\(String(describing: listError))")
                let fresh = try await client.list(ConfigMap.self, namespace: "default")
                #expect(fresh.items.count == 5)
                let seen = SeenEvents<ConfigMap>()
                let task = Self.consume(
                    try client.watch(
                        ConfigMap.self, namespace: "default", options: WatchOptions(resourceVersion: fresh.resourceVersion)),
                    into: seen)
                defer { task.cancel() }
                _ = try await client.create(Cluster.configMap("default", "after"))
                try await waitUntil("the new watch to see the new object") {
                    Self.summary(seen.all).contains("ADDED after -")
                }
            }
        } catch {
            await plane.stop()
            throw error
        }
        await plane.stop()
    }

    /// Compacts etcd's history up to its current revision (etcd's JSON gateway).
    static func compactEtcd(_ plane: ControlPlane) async throws {
        let range = try await Command.run(
            plane.binaries.curl, ["-sf", "-X", "POST", "\(plane.etcdURL)/v3/kv/range", "-d", #"{"key":"AA=="}"#])
        try #require(range.succeeded, "\(range)")
        struct Header: Decodable {
            struct Inner: Decodable { var revision: String }
            var header: Inner
        }
        let revision = try JSONDecoder().decode(Header.self, from: Data(range.stdout.utf8)).header.revision
        let compact = try await Command.run(
            plane.binaries.curl,
            ["-sf", "-X", "POST", "\(plane.etcdURL)/v3/kv/compaction", "-d", #"{"revision":"\#(revision)","physical":true}"#])
        try #require(compact.succeeded, "\(compact)")
    }
}
