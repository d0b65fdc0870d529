import Foundation
import Kube
import SparkOperatorAPI

/// Decides whether an occurrence starts a new Event or repeats a recent one (client-go's
/// `EventCorrelator` / `eventLogger`): the same (object, type, reason, message, source) seen
/// within `window` of its last occurrence bumps the existing Event's count and lastTimestamp.
///
/// Remembers the last `capacity` series (LRU), so memory is bounded. Pure: the recorder does
/// the writes and reports their outcome back.
struct EventCorrelator: Sendable {
    struct Key: Hashable, Sendable {
        var apiVersion: String?
        var kind: String?
        var namespace: String?
        var name: String?
        var uid: String?
        var type: EventType
        var reason: String
        var message: String

        init(_ o: EventOccurrence) {
            apiVersion = o.involvedObject.apiVersion
            kind = o.involvedObject.kind
            namespace = o.involvedObject.namespace
            name = o.involvedObject.name
            uid = o.involvedObject.uid
            type = o.type
            reason = o.reason
            message = o.message
        }
    }

    /// An Event on the server and what we wrote to it last.
    struct Series: Sendable, Hashable {
        var name: String
        var namespace: String
        var count: Int32
        var firstTimestamp: Date
        var lastTimestamp: Date
    }

    enum Action: Sendable, Hashable {
        case create(Event)
        /// Merge patch of `body` on the Event `name` in `namespace`.
        case patch(name: String, namespace: String, body: JSONValue, count: Int32)
    }

    let window: Duration
    let component: String
    let host: String?
    let reportingInstance: String
    private(set) var series: LRUCache<Key, Series>
    private var lastNanos: Int64 = 0

    init(window: Duration, capacity: Int, component: String, host: String?, reportingInstance: String) {
        self.window = window
        self.component = component
        self.host = host
        self.reportingInstance = reportingInstance
        series = LRUCache(capacity: capacity)
    }

    /// What to write for `occurrence`.
    mutating func action(for occurrence: EventOccurrence) -> Action {
        if let s = series.get(Key(occurrence)), isRepeat(occurrence, of: s) {
            let count = s.count &+ 1
            return .patch(
                name: s.name, namespace: s.namespace,
                body: ["count": .int(Int64(count)), "lastTimestamp": .string(KubeTime(occurrence.time).description)],
                count: count)
        }
        return .create(newEvent(for: occurrence))
    }

    /// A new Event (count 1) named `<object name>.<hex of nanoseconds>` as client-go names them;
    /// names are strictly increasing even for occurrences in the same nanosecond.
    mutating func newEvent(for occurrence: EventOccurrence) -> Event {
        let nanos = max(Int64((occurrence.time.timeIntervalSince1970 * 1e9).rounded(.down)), lastNanos &+ 1)
        lastNanos = nanos
        let objectName = occurrence.involvedObject.name ?? ""
        let namespace = occurrence.involvedObject.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let t = KubeTime(occurrence.time)
        return Event(
            metadata: ObjectMeta(name: "\(objectName).\(String(nanos, radix: 16))", namespace: namespace),
            involvedObject: occurrence.involvedObject, reason: occurrence.reason, message: occurrence.message,
            type: occurrence.type.rawValue, count: 1, firstTimestamp: t, lastTimestamp: t,
            source: Event.EventSource(component: component, host: host), reportingComponent: component,
            reportingInstance: reportingInstance)
    }

    /// The Event was created: later repeats patch it.
    mutating func created(_ event: Event, for occurrence: EventOccurrence) {
        series.set(
            Key(occurrence),
            Series(
                name: event.metadata.name ?? "", namespace: event.metadata.namespace ?? "",
                count: event.count ?? 1, firstTimestamp: occurrence.time, lastTimestamp: occurrence.time))
    }

    /// The repeat was written with `count`.
    mutating func patched(for occurrence: EventOccurrence, count: Int32) {
        let key = Key(occurrence)
        guard var s = series.peek(key) else { return }
        s.count = count
        s.lastTimestamp = occurrence.time
        series.set(key, s)
    }

    private func isRepeat(_ o: EventOccurrence, of s: Series) -> Bool {
        let (seconds, attoseconds) = window.components
        let windowSeconds = Double(seconds) + Double(attoseconds) / 1e18
        return o.time.timeIntervalSince(s.lastTimestamp) <= windowSeconds
    }
}
