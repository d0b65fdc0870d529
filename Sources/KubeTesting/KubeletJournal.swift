import Foundation
import Synchronization

/// Everything a `SimulatedKubelet` did, in order, for assertions: per pod, or as a stream.
public final class KubeletJournal: Sendable {
    private struct State {
        var events: [KubeletEvent] = []
        var subscribers: [Int: AsyncStream<KubeletEvent>.Continuation] = [:]
        var nextSubscriber = 0
    }

    private let state = Mutex(State())

    public init() {}

    func record(_ event: KubeletEvent) {
        let subscribers = state.withLock { state in
            state.events.append(event)
            return Array(state.subscribers.values)
        }
        for s in subscribers { s.yield(event) }
    }

    /// Every event so far.
    public var all: [KubeletEvent] { state.withLock { $0.events } }

    /// The events of the pod(s) named `name` in `namespace` (a name reused by a new pod keeps
    /// one history; `uid` tells them apart).
    public func events(namespace: String, name: String) -> [KubeletEvent] {
        state.withLock { $0.events.filter { $0.namespace == namespace && $0.name == name } }
    }

    /// The phases written for the pod, consecutive repeats collapsed
    /// (e.g. `["Pending", "Running", "Succeeded"]`).
    public func phases(namespace: String, name: String) -> [String] {
        var phases: [String] = []
        for p in events(namespace: namespace, name: name).compactMap(\.phase) where phases.last != p {
            phases.append(p)
        }
        return phases
    }

    /// Events from now on, until the returned stream is dropped (or its consumer cancelled).
    public func stream() -> AsyncStream<KubeletEvent> {
        let (stream, continuation) = AsyncStream<KubeletEvent>.makeStream()
        let id = state.withLock { state in
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The first event (already recorded, or to come) of the pod that satisfies `matches`;
    /// fails after `timeout` listing what happened to the pod.
    @discardableResult
    public func waitFor(
        namespace: String, name: String, timeout: Duration = .seconds(30), _ what: String,
        where matches: @escaping @Sendable (KubeletEvent) -> Bool
    ) async throws -> KubeletEvent {
        let stream = stream()  // subscribe first, so nothing falls between the check and the wait
        let mine: @Sendable (KubeletEvent) -> Bool = { $0.namespace == namespace && $0.name == name && matches($0) }
        if let found = all.first(where: mine) { return found }
        let found = try await withThrowingTaskGroup(of: KubeletEvent?.self) { group in
            group.addTask {
                for await event in stream where mine(event) { return event }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        if let found { return found }
        try Task.checkCancellation()
        let history = events(namespace: namespace, name: name).map { "  \($0.kind)" }.joined(separator: "\n")
        throw ControlPlaneError(
            "timed out after \(timeout) waiting for \(namespace)/\(name) to be \(what); the kubelet's events for it:\n"
                + (history.isEmpty ? "  (none)" : history))
    }

    /// Waits until the kubelet has written `phase` for the pod.
    @discardableResult
    public func waitForPhase(
        _ phase: String, namespace: String, name: String, timeout: Duration = .seconds(30)
    ) async throws -> KubeletEvent {
        try await waitFor(namespace: namespace, name: name, timeout: timeout, phase) { $0.phase == phase }
    }
}
