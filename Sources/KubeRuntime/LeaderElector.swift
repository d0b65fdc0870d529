import Foundation
import Kube
import Logging
import Metrics
import ServiceLifecycle
import SparkOperatorAPI
import Synchronization

/// Leader election on a `coordination.k8s.io/v1` Lease, as client-go's `leaderelection` does it.
///
/// A candidate reads the Lease every `retryPeriod` (with jitter) and takes it when it is
/// missing, unheld or expired; expiry is judged with the local clock from the moment this
/// candidate saw the record change (see `LeaseDecision`). Every write is a create or an update
/// with the read `resourceVersion` as precondition, so of two candidates racing for the same
/// record exactly one wins; the other gets 409 and tries again later.
///
/// The leader renews every `retryPeriod`. If no renewal succeeds within `renewDeadline` of the
/// previous one, or a read shows another holder, leadership is lost: leader-only work is
/// cancelled and `LeaderElectionError.lost` is thrown (the process should then exit).
/// On cancellation or graceful shutdown the work is stopped first, then the Lease is released
/// (holder "", duration 1 s) so that another replica takes over within one retry period.
///
/// Like client-go this does not fence: a paused or partitioned old leader may still act for up
/// to `leaseDuration`. Whatever leader-only work does must therefore be idempotent.
public final class LeaderElector<C: Clock>: ServiceLifecycle.Service, Sendable where C.Duration == Duration {
    public let configuration: LeaderElectionConfiguration

    private let lock: any LeaseLock
    private let clock: C
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let state = Mutex(State())
    private let leaderGauge: Gauge

    private struct State {
        var running = false
        var isLeader = false
        /// The Lease as last read or written (nil: missing or never read).
        var observed: Lease?
        var observedExists = false
        /// Local time at which the observed record last changed.
        var observedAt: C.Instant?
        var subscribers: [Int: AsyncStream<Bool>.Continuation] = [:]
        var nextSubscriber = 0
    }

    private enum Outcome: Sendable {
        case lost(String)
        case renewStopped
        case bodyFinished(Result<Void, any Error>)
    }

    private enum Attempt: Sendable {
        case leading
        case heldBy(String, expiresIn: Duration)
        case failed(any Error)
    }

    /// Elects on the Lease named in `configuration` through `client`.
    /// - Parameters:
    ///   - clock: sleeps and the local judgement of expiry (a `ManualClock` in tests).
    ///   - now: wall-clock time written to the Lease's acquireTime and renewTime.
    public convenience init(
        client: KubeClient, configuration: LeaderElectionConfiguration = LeaderElectionConfiguration(), clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "leader-election")
    ) {
        self.init(
            lock: KubeLeaseLock(client: client, namespace: configuration.leaseNamespace, name: configuration.leaseName),
            configuration: configuration, clock: clock, now: now, logger: logger)
    }

    package init(
        lock: any LeaseLock, configuration: LeaderElectionConfiguration, clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "leader-election")
    ) {
        self.lock = lock
        self.configuration = configuration
        self.clock = clock
        self.now = now
        var logger = logger
        logger[metadataKey: "lease"] = "\(lock)"
        logger[metadataKey: "identity"] = "\(configuration.identity)"
        self.logger = logger
        leaderGauge = Gauge(label: "leader_election_master_status", dimensions: [("name", configuration.leaseName)])
    }

    // MARK: - Observing

    /// Whether this candidate currently leads. Turns false as soon as leadership is lost or
    /// given up, before leader-only work has finished stopping.
    public var isLeader: Bool { state.withLock { $0.isLeader } }

    /// The holder of the Lease as last read or written ("" when released, nil when unknown).
    public var observedHolder: String? { state.withLock { $0.observed?.spec?.holderIdentity } }

    /// A stream of leadership states: the current one at once, then every change. Each call
    /// returns a new stream; it ends when the consumer stops iterating.
    public func leadershipChanges() -> AsyncStream<Bool> {
        let (stream, continuation) = AsyncStream<Bool>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let id = state.withLock { s in
            let id = s.nextSubscriber
            s.nextSubscriber += 1
            s.subscribers[id] = continuation
            continuation.yield(s.isLeader)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Returns once this candidate leads; throws `CancellationError` if cancelled first.
    public func waitUntilLeader() async throws {
        for await leading in leadershipChanges() where leading { return }
        throw CancellationError()
    }

    // MARK: - Running

    /// Runs as a candidate until cancelled or shut down gracefully (then releases the Lease if
    /// it holds it and returns), or until leadership, once won, is lost (throws
    /// `LeaderElectionError.lost`). Other services can gate on `waitUntilLeader()`.
    public func run() async throws {
        try await runWhileLeader {
            let (forever, continuation) = AsyncStream<Never>.makeStream()
            for await _ in forever {}  // ends when cancelled
            continuation.finish()
        }
    }

    /// Waits to become leader, then runs `body` while leading.
    ///
    /// - When `body` returns or throws, renewal stops, the Lease is released (if
    ///   `releaseOnCancel`), and this returns or rethrows.
    /// - When leadership is lost, `body` is cancelled and awaited, then
    ///   `LeaderElectionError.lost` is thrown.
    /// - On cancellation or graceful shutdown, before leadership: returns. While leading: `body`
    ///   is cancelled and awaited while the Lease is still renewed, then the Lease is released
    ///   (if `releaseOnCancel`) and this returns.
    public func runWhileLeader(_ body: @escaping @Sendable () async throws -> Void) async throws {
        if let problem = configuration.problem { throw LeaderElectionError.invalidConfiguration(problem) }
        try state.withLock { s in
            if s.running { throw LeaderElectionError.alreadyRunning }
            s.running = true
        }
        defer { state.withLock { $0.running = false } }

        logger.info("Leader election candidate started")
        let acquiredAt: C.Instant
        do {
            acquiredAt = try await cancelWhenGracefulShutdown { try await self.acquire() }
        } catch is CancellationError {
            logger.info("Leader election candidate stopped before becoming leader")
            return
        }
        setLeader(true)
        logger.notice("Became leader", metadata: ["transitions": "\(observedTransitions)"])

        var lostReason: String?
        var bodyResult: Result<Void, any Error>?
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do { return .lost(try await self.renew(since: acquiredAt)) } catch { return .renewStopped }
            }
            group.addTask {
                do {
                    try await cancelWhenGracefulShutdown(body)
                    return .bodyFinished(.success(()))
                } catch {
                    return .bodyFinished(.failure(error))
                }
            }
            for await outcome in group {
                switch outcome {
                case .lost(let reason):
                    if bodyResult == nil {
                        lostReason = reason
                        setLeader(false)
                        group.cancelAll()
                    }
                case .renewStopped:
                    break
                case .bodyFinished(let result):
                    bodyResult = result
                    group.cancelAll()
                }
            }
        }
        setLeader(false)

        if let lostReason {
            logger.error("Leadership lost, leader-only work stopped", metadata: ["reason": "\(lostReason)"])
            // Worth a try (a brief outage may be over); bounded so the process exits promptly.
            if configuration.releaseOnCancel { await release(within: configuration.retryPeriod) }
            throw LeaderElectionError.lost
        }
        if configuration.releaseOnCancel { await release(within: configuration.renewDeadline) }
        switch bodyResult {
        case .failure(let error) where !(error is CancellationError):
            logger.error("Leader-only work failed", metadata: ["error": "\(error)"])
            throw error
        default:
            logger.info("Stopped leading")
        }
    }

    // MARK: - Acquire, renew, release

    /// Tries every `retryPeriod` (jittered) until this candidate holds the Lease; returns the
    /// local time at which the successful attempt started.
    private func acquire() async throws -> C.Instant {
        var lastHolder: String?
        while true {
            try Task.checkCancellation()
            let start = clock.now
            switch await attempt() {
            case .leading:
                return start
            case .heldBy(let holder, let expiresIn):
                if holder != lastHolder {
                    logger.info(
                        "Lease held by another candidate, waiting",
                        metadata: ["holder": "\(holder)", "expiresIn": "\(expiresIn)"])
                    lastHolder = holder
                }
            case .failed(let error):
                try Task.checkCancellation()
                if let e = error as? KubeAPIError, e.isConflict || e.isAlreadyExists {
                    logger.info("Lost the race for the lease, retrying", metadata: ["error": "\(e)"])
                } else {
                    logger.warning("Could not acquire the lease, retrying", metadata: ["error": "\(error)"])
                }
            }
            try await clock.sleep(until: clock.now.advanced(by: jittered(configuration.retryPeriod)), tolerance: nil)
        }
    }

    /// Renews every `retryPeriod`; returns why leadership was lost. Throws when cancelled.
    private func renew(since acquired: C.Instant) async throws -> String {
        var lastRenewal = acquired
        while true {
            try await clock.sleep(until: clock.now.advanced(by: configuration.retryPeriod), tolerance: nil)
            renewal: while true {
                let start = clock.now
                let deadline = lastRenewal.advanced(by: configuration.renewDeadline)
                guard start < deadline else {
                    return "no renewal succeeded within the renew deadline (\(configuration.renewDeadline))"
                }
                switch try await withDeadline(deadline, clock: clock, { await self.attempt() }) {
                case nil:
                    return "the renewal did not complete within the renew deadline (\(configuration.renewDeadline))"
                case .leading:
                    lastRenewal = start
                    break renewal
                case .heldBy(let holder, _):
                    return "the lease is now held by \(holder)"
                case .failed(let error):
                    try Task.checkCancellation()
                    logger.warning("Could not renew the lease, retrying", metadata: ["error": "\(error)"])
                    let wake = min(clock.now.advanced(by: configuration.retryPeriod), deadline)
                    try await clock.sleep(until: wake, tolerance: nil)
                }
            }
        }
    }

    /// One read-decide-write round (client-go's `tryAcquireOrRenew`). An `AlreadyExists` from
    /// creating the Lease is followed by one immediate re-read.
    private func attempt() async -> Attempt {
        var lastError: any Error = CancellationError()
        for _ in 0..<2 {
            let lease: Lease?
            do { lease = try await lock.get() } catch { return .failed(error) }
            let readAt = clock.now
            let age = state.withLock { s -> Duration in
                if s.observedAt == nil || s.observedExists != (lease != nil) || s.observed?.spec != lease?.spec {
                    s.observedAt = readAt
                }
                s.observed = lease
                s.observedExists = lease != nil
                return s.observedAt.map { $0.duration(to: readAt) } ?? .zero
            }
            let decision = LeaseDecision.decide(
                lease: lease, observedAge: age, identity: configuration.identity,
                leaseDuration: configuration.leaseDuration, now: MicroTime(now()))
            let written: Lease
            do {
                switch decision {
                case .wait(let holder, let expiresIn):
                    return .heldBy(holder, expiresIn: expiresIn)
                case .create(let spec):
                    written = try await lock.create(spec)
                case .acquire(let spec), .renew(let spec):
                    var updated = lease ?? Lease(metadata: ObjectMeta())
                    updated.spec = spec
                    written = try await lock.update(updated)
                }
            } catch let error as KubeAPIError where error.isAlreadyExists {
                lastError = error
                continue
            } catch {
                return .failed(error)
            }
            let writtenAt = clock.now
            state.withLock { s in
                s.observed = written
                s.observedExists = true
                s.observedAt = writtenAt
            }
            return .leading
        }
        return .failed(lastError)
    }

    /// Gives the Lease up if the last record we saw is ours (client-go's `release`), waiting at
    /// most `timeout` for the server. A renewal cancelled in flight may have been written without
    /// our seeing its answer: on a 409 the Lease is read again and, if still ours, released from
    /// that version.
    private func release(within timeout: Duration) async {
        guard let observed = state.withLock({ $0.observed }), observed.spec?.holderIdentity == configuration.identity else {
            return
        }
        let deadline = clock.now.advanced(by: timeout)
        let identity = configuration.identity
        let now = self.now
        // nil: the deadline passed; .some(nil): the Lease is no longer ours, nothing to release.
        let result: Result<Lease??, any Error> = await withCancellationShield { [lock, clock] in
            do {
                return .success(try await withDeadline(deadline, clock: clock) { () async throws -> Lease? in
                    var current = observed
                    while true {
                        var lease = current
                        lease.spec = LeaseDecision.released(current.spec, now: MicroTime(now()))
                        do {
                            return try await lock.update(lease)
                        } catch let e as KubeAPIError where e.isConflict {
                            guard let fresh = try await lock.get(), fresh.spec?.holderIdentity == identity else { return nil }
                            current = fresh
                        }
                    }
                })
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(.some(nil)):
            logger.info("The lease is no longer ours; nothing to release")
        case .success(.some(let written?)):
            let at = clock.now
            state.withLock { s in
                s.observed = written
                s.observedAt = at
            }
            logger.info("Released the lease")
        case .success(nil):
            logger.warning("Could not release the lease in time; others take over when it expires")
        case .failure(let error):
            logger.warning(
                "Could not release the lease; others take over when it expires", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Helpers

    private var observedTransitions: Int32 { state.withLock { $0.observed?.spec?.leaseTransitions ?? 0 } }

    private func setLeader(_ leading: Bool) {
        let subscribers = state.withLock { s -> [AsyncStream<Bool>.Continuation] in
            guard s.isLeader != leading else { return [] }
            s.isLeader = leading
            return Array(s.subscribers.values)
        }
        for continuation in subscribers { continuation.yield(leading) }
        leaderGauge.record(leading ? 1 : 0)
    }

    private func jittered(_ period: Duration) -> Duration {
        guard configuration.retryJitter > 0 else { return period }
        return period * (1 + configuration.retryJitter * Double.random(in: 0..<1))
    }
}

extension LeaderElector where C == ContinuousClock {
    /// Elects on the Lease named in `configuration` through `client`, on the continuous clock.
    public convenience init(
        client: KubeClient, configuration: LeaderElectionConfiguration = LeaderElectionConfiguration(),
        logger: Logger = Logger(label: "leader-election")
    ) {
        self.init(client: client, configuration: configuration, clock: ContinuousClock(), logger: logger)
    }
}
