import Foundation
import Kube
import Logging
import Metrics
import ServiceLifecycle
import SparkOperatorAPI
import Synchronization

/// Records core/v1 Events on objects (what `kubectl describe` shows), best effort.
///
/// `record` never blocks and never fails: it puts the occurrence in a bounded buffer and
/// returns; when the buffer is full the occurrence is dropped and counted. `run()` (a Service)
/// writes the buffer with `writers` concurrent writers, an object's occurrences always by the
/// same one, in order. Repeats of the same (object, type, reason,
/// message) within `aggregationWindow` are merged as client-go merges them: one Event whose
/// `count` and `lastTimestamp` are patched. Write errors are logged and counted, never thrown.
///
/// Metrics: `event_recorder_events_total{result="created|patched|failed|dropped"}`.
///
/// In a `ServiceGroup`, list the recorder before the controllers that record, so that on
/// graceful shutdown it stops after them and writes what they recorded last.
public final class EventRecorder: ServiceLifecycle.Service, Sendable {
    /// Counts since the recorder was made.
    public struct Statistics: Sendable, Hashable {
        public var created = 0
        public var patched = 0
        public var failed = 0
        public var dropped = 0

        public init(created: Int = 0, patched: Int = 0, failed: Int = 0, dropped: Int = 0) {
            self.created = created
            self.patched = patched
            self.failed = failed
            self.dropped = dropped
        }
    }

    /// `run()` was called twice.
    public struct AlreadyRunning: Error, CustomStringConvertible {
        public var description: String { "this EventRecorder is already running" }
    }

    public let configuration: EventRecorderConfiguration

    private let sink: any EventSink
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let stream: AsyncStream<EventOccurrence>
    private let continuation: AsyncStream<EventOccurrence>.Continuation
    private let progress = Mutex(Progress())
    private let createdCounter: Counter
    private let patchedCounter: Counter
    private let failedCounter: Counter
    private let droppedCounter: Counter

    private struct Progress {
        var submitted = 0
        var completed = 0
        var started = false
        var stopped = false
        var waiters: [Int: (target: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
        var nextWaiter = 0
        var statistics = Statistics()
    }

    /// Records through `client`.
    /// - Parameter now: the time of an occurrence (firstTimestamp, lastTimestamp, names).
    public convenience init(
        client: KubeClient, configuration: EventRecorderConfiguration = EventRecorderConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "event-recorder")
    ) {
        self.init(sink: KubeEventSink(client: client), configuration: configuration, now: now, logger: logger)
    }

    package init(
        sink: any EventSink, configuration: EventRecorderConfiguration,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "event-recorder")
    ) {
        self.sink = sink
        self.configuration = configuration
        self.now = now
        self.logger = logger
        (stream, continuation) = AsyncStream<EventOccurrence>.makeStream(
            bufferingPolicy: .bufferingOldest(configuration.bufferSize))
        let name = "event_recorder_events_total"
        createdCounter = Counter(label: name, dimensions: [("result", "created")])
        patchedCounter = Counter(label: name, dimensions: [("result", "patched")])
        failedCounter = Counter(label: name, dimensions: [("result", "failed")])
        droppedCounter = Counter(label: name, dimensions: [("result", "dropped")])
    }

    // MARK: - Recording

    /// Records an Event on `object`. Returns at once; never fails.
    public func record<T: KubernetesObject>(_ object: T, type: EventType, reason: String, message: String) {
        let reference = ObjectReference(
            apiVersion: T.resourceType.apiVersion, kind: T.resourceType.kind, namespace: object.metadata.namespace,
            name: object.metadata.name, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion)
        record(involving: reference, type: type, reason: reason, message: message)
    }

    /// Records an Event on the object `reference` points at. Returns at once; never fails.
    public func record(involving reference: ObjectReference, type: EventType, reason: String, message: String) {
        let occurrence = EventOccurrence(
            involvedObject: reference, type: type, reason: reason, message: message, time: now())
        progress.withLock { $0.submitted += 1 }
        switch continuation.yield(occurrence) {
        case .enqueued:
            break
        case .dropped, .terminated:
            drop(occurrence)
        @unknown default:
            break
        }
    }

    private func drop(_ occurrence: EventOccurrence) {
        droppedCounter.increment()
        let dropped = complete { $0.dropped += 1 }.dropped
        if dropped.isPowerOfTwo {
            let reference = occurrence.involvedObject
            logger.warning(
                "Event dropped: the recorder's buffer is full or it has stopped",
                metadata: [
                    "object": "\(reference.namespace ?? "")/\(reference.name ?? "")", "reason": "\(occurrence.reason)",
                    "droppedSoFar": "\(dropped)",
                ])
        }
    }

    /// Returns once every occurrence recorded before the call has been written (or has failed
    /// or been dropped), or the recorder has stopped, or the calling task is cancelled.
    public func flush() async {
        let id = progress.withLock { p -> Int in
            p.nextWaiter += 1
            return p.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = progress.withLock { p -> Bool in
                    if p.stopped || p.completed >= p.submitted || Task.isCancelled { return true }
                    p.waiters[id] = (p.submitted, c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            progress.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    /// Counts of created, patched, failed and dropped occurrences.
    public var statistics: Statistics { progress.withLock { $0.statistics } }

    // MARK: - Writing

    /// Writes recorded occurrences until cancelled. On graceful shutdown, stops accepting new
    /// occurrences, writes those already buffered, and returns.
    public func run() async throws {
        try progress.withLock { p in
            if p.started { throw AlreadyRunning() }
            p.started = true
        }
        defer { stop() }
        let configuration = self.configuration
        // `writers` writers, each with its own queue and correlator; an object's occurrences all
        // go to one of them (by its namespace/name), so its series stay in order and aggregate.
        let shards = (0..<configuration.writers).map { _ in
            AsyncStream<EventOccurrence>.makeStream(bufferingPolicy: .bufferingOldest(configuration.bufferSize))
        }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for shard in shards {
                    group.addTask {
                        var correlator = EventCorrelator(
                            window: configuration.aggregationWindow,
                            capacity: configuration.cacheSize,
                            component: configuration.component, host: configuration.host,
                            reportingInstance: configuration.reportingInstance)
                        for await occurrence in shard.stream {
                            await self.write(occurrence, &correlator)
                        }
                    }
                }
                for await occurrence in stream {
                    let object = occurrence.involvedObject
                    var hasher = Hasher()
                    hasher.combine(object.namespace)
                    hasher.combine(object.name)
                    let shard = shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))]
                    if case .enqueued = shard.continuation.yield(occurrence) { continue }
                    drop(occurrence)
                }
                for shard in shards { shard.continuation.finish() }
            }
        } onGracefulShutdown: { [continuation] in
            continuation.finish()
        }
    }

    private func write(_ occurrence: EventOccurrence, _ correlator: inout EventCorrelator) async {
        var metadata: Logger.Metadata = [
            "object": "\(occurrence.involvedObject.namespace ?? "")/\(occurrence.involvedObject.name ?? "")",
            "reason": "\(occurrence.reason)",
        ]
        let event: Event
        switch correlator.action(for: occurrence) {
        case .patch(let name, let namespace, let body, let count):
            metadata["event"] = "\(name)"
            do {
                _ = try await sink.patch(name: name, namespace: namespace, body: body)
                correlator.patched(for: occurrence, count: count)
                patchedCounter.increment()
                complete { $0.patched += 1 }
                logger.debug("Event repeated", metadata: metadata.merging(["count": "\(count)"]) { $1 })
                return
            } catch let error as KubeAPIError where error.isNotFound {
                event = correlator.newEvent(for: occurrence)  // expired or deleted: a new series
            } catch {
                failed(error, metadata)
                return
            }
        case .create(let new):
            event = new
        }
        metadata["event"] = "\(event.metadata.name ?? "")"
        do {
            let created = try await sink.create(event)
            correlator.created(created, for: occurrence)
            createdCounter.increment()
            complete { $0.created += 1 }
            logger.debug("Event recorded", metadata: metadata)
        } catch {
            failed(error, metadata)
        }
    }

    private func failed(_ error: any Error, _ metadata: Logger.Metadata) {
        failedCounter.increment()
        complete { $0.failed += 1 }
        logger.warning("Could not record an event", metadata: metadata.merging(["error": "\(error)"]) { $1 })
    }

    /// Counts one occurrence as done and wakes the `flush` calls it satisfies.
    @discardableResult
    private func complete(_ count: (inout Statistics) -> Void) -> Statistics {
        let (statistics, ready) = progress.withLock { p -> (Statistics, [CheckedContinuation<Void, Never>]) in
            p.completed += 1
            count(&p.statistics)
            let done = p.waiters.filter { $0.value.target <= p.completed }
            for id in done.keys { p.waiters[id] = nil }
            return (p.statistics, done.values.map(\.continuation))
        }
        for c in ready { c.resume() }
        return statistics
    }

    private func stop() {
        continuation.finish()
        let waiters = progress.withLock { p -> [CheckedContinuation<Void, Never>] in
            p.stopped = true
            defer { p.waiters = [:] }
            return p.waiters.values.map(\.continuation)
        }
        for c in waiters { c.resume() }
    }
}

extension Int {
    fileprivate var isPowerOfTwo: Bool { self > 0 && (self & (self - 1)) == 0 }
}
