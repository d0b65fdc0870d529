import Kube
import KubeRuntime
import SparkOperatorAPI
import Synchronization

/// Events in memory, with the API server's create (AlreadyExists) and patch (NotFound) errors.
final class MemoryEventSink: EventSink {
    private struct State {
        var events: [String: Event] = [:]
        var creates = 0
        var patches = 0
        var failing = false
    }

    private let state = Mutex(State())

    var events: [Event] { state.withLock { Array($0.events.values) }.sorted { ($0.name) < ($1.name) } }
    var creates: Int { state.withLock { $0.creates } }
    var patches: Int { state.withLock { $0.patches } }
    func setFailing(_ on: Bool) { state.withLock { $0.failing = on } }
    func delete(namespace: String, name: String) { _ = state.withLock { $0.events.removeValue(forKey: "\(namespace)/\(name)") } }

    func create(_ event: Event) async throws -> Event {
        try state.withLock { s in
            if s.failing { throw KubeAPIError(code: 500, reason: .internalError, message: "etcd is down") }
            let key = "\(event.metadata.namespace ?? "")/\(event.name)"
            if s.events[key] != nil { throw KubeAPIError(code: 409, reason: .alreadyExists, message: "exists") }
            s.creates += 1
            s.events[key] = event
            return event
        }
    }

    func patch(name: String, namespace: String, body: JSONValue) async throws -> Event {
        try state.withLock { s in
            if s.failing { throw KubeAPIError(code: 500, reason: .internalError, message: "etcd is down") }
            let key = "\(namespace)/\(name)"
            guard var event = s.events[key] else {
                throw KubeAPIError(code: 404, reason: .notFound, message: "events \"\(name)\" not found")
            }
            if let count = body["count"]?.intValue { event.count = Int32(count) }
            if let t = body["lastTimestamp"]?.stringValue { event.lastTimestamp = KubeTime.parse(t).map(KubeTime.init) }
            if let m = body["message"]?.stringValue { event.message = m }
            s.patches += 1
            s.events[key] = event
            return event
        }
    }
}
