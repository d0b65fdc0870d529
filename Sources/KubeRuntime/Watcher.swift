import Foundation
import Kube
import Logging
import SparkOperatorAPI

/// A change the watcher applied to its store.
public enum WatcherEvent<Object: KubernetesObject>: Sendable {
    /// The store was filled from a (re)list; every object is current.
    case synced([Object])
    /// An object was added or modified (`old` is the previous cached version).
    case applied(Object, old: Object?)
    /// An object was deleted; this is its last known state.
    case deleted(Object)
}

/// List + watch of one kind into a `Store`, as an explicit state machine (client-go's reflector):
///
/// - `listing`: LIST all pages; the store is replaced atomically; objects that disappeared while
///   not watching are reported deleted; then `watching` from the list's resourceVersion.
/// - `watching(rv)`: WATCH from rv with bookmarks; every event is applied to the store and rv
///   advances. A watch the server ends normally (timeoutSeconds) resumes from rv at once.
///   410 Gone / Expired (rv compacted away) → `listing` at once. Any other failure (server
///   down, network) → wait a jittered exponential backoff (0.8 s → 30 s, reset after 2 min of
///   health), then resume from rv — no busy loop against a dead server.
///
/// Runs until cancelled.
public struct Watcher<Object: KubernetesObject>: Sendable {
    public let client: KubeClient
    public let store: Store<Object>
    public let namespace: String?
    public let labelSelector: String?
    public let fieldSelector: String?
    public var pageSize: Int = 500
    /// The server closes each watch after a random 5–10 minutes, as client-go does.
    public var watchTimeoutSeconds: ClosedRange<Int> = 300...600
    public var backoff: Backoff<ContinuousClock.Instant> = .watcher
    /// Decodes listed and watched objects; its `userInfo` can ask a type to skip what the
    /// store's readers never need (`Pod.omitSpec`).
    public var decoder: JSONDecoder = JSONCoding.decoder
    let logger: Logger

    public init(
        client: KubeClient, store: Store<Object>, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, logger: Logger = Logger(label: "watcher")
    ) {
        self.client = client
        self.store = store
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        var logger = logger
        logger[metadataKey: "resource"] = "\(Object.resourceType)"
        self.logger = logger
    }

    enum State {
        case listing
        case watching(resourceVersion: String)
    }

    /// Runs the list/watch loop, calling `onEvent` after each change is applied to the store.
    public func run(onEvent: @Sendable (WatcherEvent<Object>) async -> Void) async throws {
        try await run(startingAt: nil, onEvent: onEvent)
    }

    /// As `run`, but starts watching from a known resourceVersion instead of listing (tests).
    func run(startingAt resourceVersion: String?, onEvent: @Sendable (WatcherEvent<Object>) async -> Void) async throws {
        var state = resourceVersion.map { State.watching(resourceVersion: $0) } ?? .listing
        var backoff = self.backoff
        let clock = ContinuousClock()
        while !Task.isCancelled {
            do {
                switch state {
                case .listing:
                    state = .watching(resourceVersion: try await relist(onEvent: onEvent))
                case .watching(let rv):
                    let started = clock.now
                    let (next, events) = try await watch(from: rv, onEvent: onEvent)
                    state = .watching(resourceVersion: next)
                    if events == 0 && clock.now - started < .seconds(1) {
                        // A stream the server ends at once, again and again, must not spin.
                        try await Task.sleep(for: backoff.next(at: clock.now))
                    }
                }
            } catch let error as KubeAPIError where error.isGone {
                logger.info("watch resourceVersion expired; relisting", metadata: ["error": "\(error.message)"])
                state = .listing
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                let delay = backoff.next(at: clock.now)
                logger.warning("list/watch failed; retrying", metadata: ["error": "\(error)", "in": "\(delay)"])
                try await Task.sleep(for: delay)
            }
        }
        throw CancellationError()
    }

    private func relist(onEvent: @Sendable (WatcherEvent<Object>) async -> Void) async throws -> String {
        let list = try await client.listAll(
            Object.self, namespace: namespace,
            options: ListOptions(labelSelector: labelSelector, fieldSelector: fieldSelector, limit: pageSize),
            decoder: decoder)
        for failure in list.skipped {
            // Left out of the cache (one bad object must not stop the others), as an undecodable watch event is.
            logger.warning("skipping an object that does not decode", metadata: ["object": "\(failure)"])
        }
        let before = store.list(namespace: namespace)
        if let namespace {
            store.replace(list.items, namespace: namespace, resourceVersion: list.resourceVersion)
        } else {
            store.replace(list.items, resourceVersion: list.resourceVersion)
        }
        let present = Set(list.items.map(\.key))
        for gone in before where !present.contains(gone.key) { await onEvent(.deleted(gone)) }
        await onEvent(.synced(list.items))
        logger.debug("listed", metadata: ["count": "\(list.items.count)", "resourceVersion": "\(list.resourceVersion ?? "")"])
        return list.resourceVersion ?? ""
    }

    /// Watches from `rv` until the server ends the stream; returns the resourceVersion reached
    /// and the number of events seen.
    private func watch(
        from rv: String, onEvent: @Sendable (WatcherEvent<Object>) async -> Void
    ) async throws -> (String, Int) {
        var rv = rv
        var count = 0
        let options = WatchOptions(
            labelSelector: labelSelector, fieldSelector: fieldSelector, resourceVersion: rv,
            timeoutSeconds: Int.random(in: watchTimeoutSeconds), allowWatchBookmarks: true)
        for try await event in try client.watch(Object.self, namespace: namespace, options: options, decoder: decoder) {
            switch event {
            case .added(let o), .modified(let o):
                let (old, applied) = store.applyIfNewer(o)
                // An older version than the one cached (written through by a controller) changes nothing.
                if applied { await onEvent(.applied(o, old: old)) }
            case .deleted(let o):
                let last = store.delete(o) ?? o
                await onEvent(.deleted(o.metadata.resourceVersion == nil ? last : o))
            case .bookmark(let version):
                store.bookmark(version)
            case .undecodable(let failure):
                // The object stays as last cached; the failure is logged by the stream.
                _ = failure
            }
            if let next = event.resourceVersion, !next.isEmpty { rv = next }
            count += 1
        }
        return (rv, count)
    }
}
