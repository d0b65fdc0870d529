import Foundation
import Kube
import KubeRuntime
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("EventRecorder on the real API server")
struct EventRecorderIntegrationTests {
    /// Runs a recorder around `body`, flushes it, and returns the namespace's Events by name.
    func recording(
        _ client: KubeClient, _ body: (EventRecorder) async throws -> Void
    ) async throws {
        let recorder = EventRecorder(
            client: client, configuration: EventRecorderConfiguration(reportingInstance: "spark-operator-0_abc"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await recorder.run() }
            try await body(recorder)
            await recorder.flush()
            #expect(recorder.statistics.failed == 0)
            #expect(recorder.statistics.dropped == 0)
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    func events(_ client: KubeClient, _ ns: String) async throws -> [Event] {
        try await client.list(Event.self, namespace: ns).items.sorted { $0.name < $1.name }
    }

    @Test("an event is created on the object with client-go's fields")
    func createsAnEvent() async throws {
        let cp = try await ControlPlane.shared()
        let ns = try await cp.createNamespace(prefix: "events-create")
        try await withClients(cp, 1) { clients in
            let client = clients[0]
            let cm = try await client.create(ConfigMap(metadata: ObjectMeta(name: "app-conf", namespace: ns)))
            let before = Date().addingTimeInterval(-1)
            try await recording(client) { r in
                r.record(cm, type: .warning, reason: "SparkDriverFailed", message: "driver pod app-driver failed")
            }
            let all = try await events(client, ns)
            #expect(all.count == 1)
            let e = try #require(all.first)
            #expect(e.name.hasPrefix("app-conf."))
            #expect(UInt64(e.name.dropFirst("app-conf.".count), radix: 16) != nil, "name ends in hex nanoseconds: \(e.name)")
            #expect(e.metadata.namespace == ns)
            #expect(e.involvedObject.apiVersion == "v1")
            #expect(e.involvedObject.kind == "ConfigMap")
            #expect(e.involvedObject.namespace == ns)
            #expect(e.involvedObject.name == "app-conf")
            #expect(e.involvedObject.uid == cm.metadata.uid && cm.metadata.uid != nil)
            #expect(e.involvedObject.resourceVersion == cm.metadata.resourceVersion)
            #expect(e.type == "Warning")
            #expect(e.reason == "SparkDriverFailed")
            #expect(e.message == "driver pod app-driver failed")
            #expect(e.count == 1)
            #expect(e.source?.component == "spark-operator")
            #expect(e.reportingComponent == "spark-operator")
            #expect(e.reportingInstance == "spark-operator-0_abc")
            let first = try #require(e.firstTimestamp)
            #expect(first.date >= before.addingTimeInterval(-1) && first.date <= Date().addingTimeInterval(1))
            #expect(e.lastTimestamp == first)
        }
        try await cp.deleteNamespace(ns)
    }

    @Test("5 identical events are one Event with count 5; a different message is a second Event")
    func aggregatesRepeats() async throws {
        let cp = try await ControlPlane.shared()
        let ns = try await cp.createNamespace(prefix: "events-repeat")
        try await withClients(cp, 1) { clients in
            let client = clients[0]
            let cm = try await client.create(ConfigMap(metadata: ObjectMeta(name: "app", namespace: ns)))
            try await recording(client) { r in
                for _ in 0..<5 {
                    r.record(cm, type: .normal, reason: "SparkExecutorPending", message: "executor 1 is pending")
                    try await Task.sleep(for: .milliseconds(300))  // lastTimestamp moves on (second precision)
                }
                await r.flush()
                #expect(r.statistics.created == 1 && r.statistics.patched == 4)
                r.record(cm, type: .normal, reason: "SparkExecutorPending", message: "executor 2 is pending")
            }
            let all = try await events(client, ns)
            #expect(all.count == 2)
            let repeated = try #require(all.first { $0.message == "executor 1 is pending" })
            #expect(repeated.count == 5)
            let first = try #require(repeated.firstTimestamp)
            let last = try #require(repeated.lastTimestamp)
            #expect(last > first, "lastTimestamp \(last) follows firstTimestamp \(first)")
            let other = try #require(all.first { $0.message == "executor 2 is pending" })
            #expect(other.count == 1)
            #expect(other.name != repeated.name)
        }
        try await cp.deleteNamespace(ns)
    }
}
