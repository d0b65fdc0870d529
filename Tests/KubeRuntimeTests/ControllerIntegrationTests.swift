import Foundation
import Kube
import KubeTesting
import Logging
import ServiceLifecycle
import SparkOperatorAPI
import Synchronization
import Testing

@testable import KubeRuntime

/// Records reconciles: how often each key ran and whether two ever overlapped.
final class ReconcileLog: Sendable {
    private struct State {
        var counts: [String: Int] = [:]
        var inFlight: Set<String> = []
        var overlaps = 0
        var maxConcurrent = 0
    }
    private let state = Mutex(State())

    func begin(_ key: String) {
        state.withLock { s in
            if s.inFlight.contains(key) { s.overlaps += 1 }
            s.inFlight.insert(key)
            s.counts[key, default: 0] += 1
            s.maxConcurrent = max(s.maxConcurrent, s.inFlight.count)
        }
    }
    func end(_ key: String) { _ = state.withLock { $0.inFlight.remove(key) } }
    func count(_ key: String) -> Int { state.withLock { $0.counts[key] ?? 0 } }
    var overlaps: Int { state.withLock { $0.overlaps } }
    var maxConcurrent: Int { state.withLock { $0.maxConcurrent } }
    var keys: Set<String> { state.withLock { Set($0.counts.keys) } }
}

@Suite("Controller on the real API server")
struct ControllerIntegrationTests {
    @Test("workers start after sync, every object is reconciled, no key twice at once, errors retried, requeue honoured")
    func reconcilesEverything() async throws {
        let cp = try await ControlPlane.shared()
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let ns = try await cp.createNamespace(prefix: "controller")
        for i in 0..<30 { _ = try await client.create(configMap(ns, "cm-\(i)")) }

        let store = Store<ConfigMap>()
        let log = ReconcileLog()
        let failOnce = Mutex<Set<String>>(["\(ns)/cm-3"])
        let controller = Controller(
            name: "test", watches: [.primary(Watcher(client: client, store: store, namespace: ns))], workers: 4,
            clock: ContinuousClock(), logger: Logger(label: "test")
        ) { key in
            log.begin(key)
            defer { log.end(key) }
            #expect(store.hasSynced, "workers start only after the caches synced")
            try await Task.sleep(for: .milliseconds(5))
            if failOnce.withLock({ $0.remove(key) }) != nil { throw TestFailure() }
            if key == "\(ns)/cm-7" && log.count(key) == 1 { return .requeue(after: .milliseconds(200)) }
            return .done
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.run() }
            try await waitUntil("all 30 reconciled") { log.keys.count == 30 }
            try await waitUntil("the failed key retried") { log.count("\(ns)/cm-3") >= 2 }
            try await waitUntil("the requeued key ran again") { log.count("\(ns)/cm-7") >= 2 }
            // A change is reconciled again.
            var cm = try await client.get(ConfigMap.self, name: "cm-11", namespace: ns)
            let before = log.count("\(ns)/cm-11")
            cm.data = ["v": "changed"]
            _ = try await client.update(cm)
            try await waitUntil("the change reconciled") { log.count("\(ns)/cm-11") > before }
            // Hammer one key with updates while it is being reconciled.
            for i in 0..<20 {
                var c = try await client.get(ConfigMap.self, name: "cm-12", namespace: ns)
                c.data = ["v": "\(i)"]
                _ = try await client.update(c)
            }
            try await Task.sleep(for: .milliseconds(300))
            group.cancelAll()
        }
        #expect(log.overlaps == 0, "a key was reconciled by two workers at once")
        #expect(log.maxConcurrent > 1, "workers ran in parallel")
        #expect(controller.hasSynced)
        try? await client.shutdown()
    }

    @Test("graceful shutdown lets the reconcile in flight finish, takes no new key, and returns")
    func gracefulShutdownDrains() async throws {
        let cp = try await ControlPlane.shared()
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let ns = try await cp.createNamespace(prefix: "drain")
        _ = try await client.create(configMap(ns, "slow"))
        let store = Store<ConfigMap>()
        let started = Mutex(0)
        let finished = Mutex(0)
        let controller = Controller(
            name: "drain", watches: [.primary(Watcher(client: client, store: store, namespace: ns))], workers: 2,
            clock: ContinuousClock(), logger: Logger(label: "test")
        ) { key in
            started.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(800))  // cancellation would cut this short
            finished.withLock { $0 += 1 }
            return .done
        }
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: controller)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitUntil("the reconcile started") { started.withLock { $0 } == 1 }
            await group.triggerGracefulShutdown()
            try await tasks.next()  // the group returns once the controller drained
        }
        #expect(finished.withLock { $0 } == 1, "the reconcile in flight ran to completion")
        // Created after shutdown: nobody reconciles it.
        _ = try await client.create(configMap(ns, "late"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(started.withLock { $0 } == 1)
        try? await client.shutdown()
    }

    struct TestFailure: Error {}
}
