import Foundation
import Kube
import KubeRuntime
import Logging
import ServiceLifecycle
import SparkOperatorAPI
import Synchronization
import Testing

/// The recorder on an in-memory sink, with a settable wall clock.
@Suite("EventRecorder")
struct EventRecorderTests {
    let sink = MemoryEventSink()
    let time = SettableTime(Date(timeIntervalSince1970: 1_700_000_000.25))

    func recorder(
        window: Duration = .seconds(600), cacheSize: Int = 4096, bufferSize: Int = 1024
    ) -> EventRecorder {
        let time = time
        return EventRecorder(
            sink: sink,
            configuration: EventRecorderConfiguration(
                reportingInstance: "pod-a_1234", aggregationWindow: window, cacheSize: cacheSize,
                bufferSize: bufferSize),
            now: { time.now })
    }

    func app(_ name: String = "spark-pi", namespace: String? = "jobs") -> SparkApplication {
        var meta = ObjectMeta(name: name, namespace: namespace)
        meta.uid = "uid-\(name)"
        meta.resourceVersion = "42"
        return SparkApplication(metadata: meta, spec: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1"))
    }

    /// Runs the recorder around `body`, then flushes and stops it.
    func running(_ recorder: EventRecorder, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await recorder.run() }
            try await body()
            await recorder.flush()
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test func anEventIsCreatedWithClientGosFields() async throws {
        let r = recorder()
        try await running(r) {
            r.record(app(), type: .normal, reason: "SparkApplicationSubmitted", message: "submitted spark-pi")
        }
        let event = try #require(sink.events.first)
        #expect(sink.events.count == 1)
        let nanos = String(Int64(1_700_000_000.25 * 1e9), radix: 16)
        #expect(event.metadata.name == "spark-pi.\(nanos)")
        #expect(event.metadata.namespace == "jobs")
        #expect(
            event.involvedObject
                == ObjectReference(
                    apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "SparkApplication", namespace: "jobs",
                    name: "spark-pi", uid: "uid-spark-pi", resourceVersion: "42"))
        #expect(event.type == "Normal")
        #expect(event.reason == "SparkApplicationSubmitted")
        #expect(event.message == "submitted spark-pi")
        #expect(event.count == 1)
        #expect(event.firstTimestamp == KubeTime(time.now))
        #expect(event.lastTimestamp == KubeTime(time.now))
        #expect(event.source == Event.EventSource(component: "spark-operator"))
        #expect(event.reportingComponent == "spark-operator")
        #expect(event.reportingInstance == "pod-a_1234")
        #expect(r.statistics == .init(created: 1))
    }

    @Test func repeatsWithinTheWindowBumpOneEventsCount() async throws {
        let r = recorder()
        let first = time.now
        try await running(r) {
            for _ in 0..<5 {
                r.record(app(), type: .warning, reason: "SparkApplicationFailed", message: "driver OOMKilled")
                time.advance(seconds: 30)
            }
        }
        #expect(sink.events.count == 1)
        let event = try #require(sink.events.first)
        #expect(event.count == 5)
        #expect(event.firstTimestamp == KubeTime(first))
        #expect(event.lastTimestamp?.description == KubeTime(first.addingTimeInterval(120)).description)
        #expect(sink.creates == 1 && sink.patches == 4)
        #expect(r.statistics == .init(created: 1, patched: 4))
    }

    @Test func aDifferentMessageReasonTypeOrObjectIsADifferentEvent() async throws {
        let r = recorder()
        try await running(r) {
            r.record(app(), type: .normal, reason: "R", message: "one")
            r.record(app(), type: .normal, reason: "R", message: "two")
            r.record(app(), type: .warning, reason: "R", message: "one")
            r.record(app(), type: .normal, reason: "Other", message: "one")
            r.record(app("other-app"), type: .normal, reason: "R", message: "one")
            r.record(app(), type: .normal, reason: "R", message: "one")
        }
        #expect(sink.events.count == 5)
        #expect(sink.events.filter { $0.count == 2 }.map(\.message) == ["one"])
        #expect(Set(sink.events.map(\.name)).count == 5, "names are unique even within one nanosecond")
    }

    @Test func aRepeatAfterTheWindowStartsANewEvent() async throws {
        let r = recorder(window: .seconds(600))
        try await running(r) {
            r.record(app(), type: .normal, reason: "R", message: "m")
            time.advance(seconds: 600)
            r.record(app(), type: .normal, reason: "R", message: "m")  // exactly at the window: a repeat
            time.advance(seconds: 601)
            r.record(app(), type: .normal, reason: "R", message: "m")
        }
        #expect(sink.events.map(\.count) == [2, 1])
    }

    @Test func manyObjectsThroughSeveralWritersLoseNothingAndStillAggregate() async throws {
        let r = recorder()
        #expect(r.configuration.writers == 4)
        try await running(r) {
            for i in 0..<200 {
                r.record(app("app-\(i)"), type: .normal, reason: "Submitted", message: "m")
                r.record(app("app-\(i)"), type: .normal, reason: "Running", message: "m")
                r.record(app("app-\(i)"), type: .normal, reason: "Running", message: "m")  // a repeat: patched
            }
        }
        #expect(sink.creates == 400)
        #expect(sink.patches == 200)
        #expect(r.statistics == .init(created: 400, patched: 200))
        #expect(sink.events.filter { $0.reason == "Running" }.allSatisfy { $0.count == 2 })
    }

    @Test func onlyTheMostRecentSeriesAreRemembered() async throws {
        let r = recorder(cacheSize: 2)
        try await running(r) {
            r.record(app(), type: .normal, reason: "A", message: "m")
            r.record(app(), type: .normal, reason: "B", message: "m")
            r.record(app(), type: .normal, reason: "A", message: "m")  // A is now the most recent
            r.record(app(), type: .normal, reason: "C", message: "m")  // evicts B
            r.record(app(), type: .normal, reason: "A", message: "m")
            r.record(app(), type: .normal, reason: "B", message: "m")  // forgotten: a new Event
        }
        let byReason = Dictionary(grouping: sink.events, by: { $0.reason ?? "" })
        #expect(byReason["A"]?.map(\.count) == [3])
        #expect(byReason["B"]?.map(\.count) == [1, 1])
        #expect(byReason["C"]?.map(\.count) == [1])
    }

    @Test func aDeletedEventIsRecreated() async throws {
        let r = recorder()
        try await running(r) {
            r.record(app(), type: .normal, reason: "R", message: "m")
            await r.flush()
            let name = try #require(sink.events.first?.name)
            sink.delete(namespace: "jobs", name: name)
            time.advance(seconds: 1)
            r.record(app(), type: .normal, reason: "R", message: "m")
            await r.flush()
            r.record(app(), type: .normal, reason: "R", message: "m")
        }
        #expect(sink.events.map(\.count) == [2])
        #expect(r.statistics == .init(created: 2, patched: 1))
    }

    @Test func failuresAreCountedNotThrown() async throws {
        let r = recorder()
        try await running(r) {
            sink.setFailing(true)
            r.record(app(), type: .normal, reason: "R", message: "m")
            r.record(app(), type: .normal, reason: "R", message: "m")
            await r.flush()
            sink.setFailing(false)
            r.record(app(), type: .normal, reason: "R", message: "m")
        }
        #expect(r.statistics == .init(created: 1, failed: 2))
        #expect(sink.events.map(\.count) == [1])
    }

    @Test func aFullBufferDropsAndCountsWithoutBlocking() async throws {
        let r = recorder(bufferSize: 2)
        for i in 0..<5 { r.record(app(), type: .normal, reason: "R", message: "m\(i)") }  // not running yet
        #expect(r.statistics.dropped == 3)
        try await running(r) {}
        #expect(sink.events.compactMap(\.message).sorted() == ["m0", "m1"])
        #expect(r.statistics == .init(created: 2, dropped: 3))
    }

    @Test func clusterScopedObjectsGetEventsInDefault() async throws {
        let r = recorder()
        try await running(r) {
            r.record(Namespace(metadata: ObjectMeta(name: "jobs")), type: .normal, reason: "R", message: "m")
        }
        #expect(sink.events.first?.metadata.namespace == "default")
        #expect(sink.events.first?.involvedObject.namespace == nil)
        #expect(sink.events.first?.involvedObject.kind == "Namespace")
    }

    @Test func gracefulShutdownWritesWhatWasRecordedThenStops() async throws {
        let r = recorder()
        for i in 0..<3 { r.record(app(), type: .normal, reason: "R", message: "m\(i)") }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [r], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(sink.events.count == 3)
        r.record(app(), type: .normal, reason: "R", message: "late")
        #expect(r.statistics.dropped == 1)
        await r.flush()  // returns: the recorder has stopped
    }

    @Test func aSecondRunIsRefused() async throws {
        let r = recorder()
        try await running(r) {
            r.record(app(), type: .normal, reason: "R", message: "m")
            await r.flush()  // the first run() is running
            await #expect(throws: EventRecorder.AlreadyRunning.self) { try await r.run() }
        }
    }
}

/// A wall clock the test sets.
final class SettableTime: Sendable {
    private let value: Mutex<Date>
    init(_ date: Date) { value = Mutex(date) }
    var now: Date { value.withLock { $0 } }
    func advance(seconds: Double) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
