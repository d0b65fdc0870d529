import Foundation
import Kube
import Logging
import Metrics
import ServiceLifecycle
import SparkOperatorAPI
import Synchronization

/// What a reconcile asks for next.
public enum ReconcileAction: Sendable, Equatable {
    /// Nothing until the object or one it owns changes.
    case done
    /// Look again after this long (timed work: retries, TTL, cron).
    case requeue(after: Duration)
}

/// An error a reconcile throws that retrying cannot fix: logged and counted, not retried.
public protocol TerminalReconcileError: Error {}

/// One kind the controller watches, and which work-queue keys a change of it affects.
public struct WatchRegistration: Sendable {
    let name: String
    let hasSynced: @Sendable () -> Bool
    let run: @Sendable (_ enqueue: @escaping @Sendable ([String]) async -> Void) async throws -> Void
    /// The work-queue priority of the keys this watch enqueues.
    var priority: WorkQueuePriority = .normal

    /// The same registration, its keys queued with `priority` (e.g. `.high` for changes of the
    /// pods of running work, to be served before a burst of new objects).
    public func prioritized(_ priority: WorkQueuePriority) -> WatchRegistration {
        var r = self
        r.priority = priority
        return r
    }

    /// The controller's primary kind: a change enqueues the object's own key.
    public static func primary<O: KubernetesObject>(_ watcher: Watcher<O>) -> WatchRegistration {
        owned(watcher) { [$0.key] }
    }

    /// A kind whose changes matter to other objects, seeing each event (e.g. to keep the last
    /// state of deleted objects): `keys` maps an event to the keys of primary objects.
    public static func events<O: KubernetesObject>(
        _ watcher: Watcher<O>, keys: @escaping @Sendable (WatcherEvent<O>) -> [String]
    ) -> WatchRegistration {
        WatchRegistration(
            name: "\(O.resourceType)", hasSynced: { watcher.store.hasSynced(namespace: watcher.namespace) },
            run: { enqueue in try await watcher.run { event in await enqueue(keys(event)) } })
    }

    /// A kind whose changes matter to other objects: `keys` maps an object to the keys of the
    /// primary objects to reconcile (its owner, its app, …).
    public static func owned<O: KubernetesObject>(
        _ watcher: Watcher<O>, keys: @escaping @Sendable (O) -> [String]
    ) -> WatchRegistration {
        events(watcher) { event in
            switch event {
            case .synced(let all): return all.flatMap(keys)
            case .applied(let o, let old): return keys(o) + (old.map(keys) ?? [])
            case .deleted(let o): return keys(o)
            }
        }
    }
}

/// N workers over one work queue, fed by watches of a primary kind and the kinds it owns.
///
/// Workers start once every watch has listed (caches synced). A key is never reconciled by two
/// workers at once; a throwing reconcile is logged, counted and retried with per-key backoff,
/// and never stops the loop. On graceful shutdown (or cancellation) no new key is taken and the
/// reconciles in flight finish.
public final class Controller<C: Clock>: ServiceLifecycle.Service where C.Duration == Duration {
    public typealias Reconcile = @Sendable (_ key: String) async throws -> ReconcileAction

    public let name: String
    public let queue: WorkQueue<C>
    let watches: [WatchRegistration]
    let workers: Int
    let reconcile: Reconcile
    let logger: Logger
    private let syncedFlag = LockedFlag()

    private let reconcileTotal: (success: Counter, error: Counter, requeueAfter: Counter)
    private let reconcileErrors: Counter
    private let reconcileTime: Metrics.Timer

    public init(
        name: String, watches: [WatchRegistration], workers: Int, clock: C, logger: Logger,
        maxRetryDelay: Duration = .seconds(300), reconcile: @escaping Reconcile
    ) {
        self.name = name
        self.watches = watches
        self.workers = max(1, workers)
        self.reconcile = reconcile
        var logger = logger
        logger[metadataKey: "controller"] = "\(name)"
        self.logger = logger
        self.queue = WorkQueue(.init(name: name, baseDelay: .milliseconds(5), maxDelay: maxRetryDelay), clock: clock)
        let c = [("controller", name)]
        reconcileTotal = (
            Counter(label: "controller_runtime_reconcile_total", dimensions: c + [("result", "success")]),
            Counter(label: "controller_runtime_reconcile_total", dimensions: c + [("result", "error")]),
            Counter(label: "controller_runtime_reconcile_total", dimensions: c + [("result", "requeue_after")])
        )
        reconcileErrors = Counter(label: "controller_runtime_reconcile_errors_total", dimensions: c)
        reconcileTime = Metrics.Timer(label: "controller_runtime_reconcile_time_seconds", dimensions: c, preferredDisplayUnit: .seconds)
    }

    /// True once every watch has listed and workers run.
    public var hasSynced: Bool { syncedFlag.value }

    public func run() async throws {
        let queue = self.queue
        try await withThrowingTaskGroup(of: Void.self) { group in
            for watch in watches {
                group.addTask {
                    let priority = watch.priority
                    try await watch.run { keys in for k in keys { await queue.add(k, priority: priority) } }
                }
            }
            group.addTask { await queue.run() }

            while !watches.allSatisfy({ $0.hasSynced() }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            syncedFlag.set()
            logger.info("caches synced; starting workers", metadata: ["workers": "\(workers)"])

            await withTaskGroup(of: Void.self) { workerGroup in
                for _ in 0..<workers { workerGroup.addTask { await self.work() } }
                workerGroup.addTask {
                    // Graceful shutdown or cancellation: stop handing out keys; workers finish.
                    try? await gracefulShutdown()
                    await queue.shutDown()
                }
            }
            group.cancelAll()
        }
    }

    private func work() async {
        while let key = await queue.get() {
            await process(key)
            await queue.done(key)
        }
    }

    private func process(_ key: String) async {
        var logger = self.logger
        logger[metadataKey: "object"] = "\(key)"
        logger[metadataKey: "reconcileID"] = "\(UUID().uuidString.prefix(8).lowercased())"
        let start = ContinuousClock.now
        defer { reconcileTime.recordNanoseconds((ContinuousClock.now - start).nanoseconds) }
        do {
            let action = try await reconcile(key)
            await queue.forget(key)
            switch action {
            case .done:
                reconcileTotal.success.increment()
            case .requeue(let after):
                reconcileTotal.requeueAfter.increment()
                await queue.add(key, after: after)
            }
        } catch is CancellationError {
            // shutting down
        } catch let error as TerminalReconcileError {
            reconcileTotal.error.increment()
            reconcileErrors.increment()
            logger.error("reconcile failed; not retrying", metadata: ["error": "\(error)"])
        } catch {
            reconcileTotal.error.increment()
            reconcileErrors.increment()
            let delay = await queue.addRateLimited(key)
            logger.warning("reconcile failed; retrying", metadata: ["error": "\(error)", "in": "\(delay)"])
        }
    }
}

/// A Bool set once, readable from anywhere.
final class LockedFlag: Sendable {
    private let state = Mutex(false)
    var value: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}

