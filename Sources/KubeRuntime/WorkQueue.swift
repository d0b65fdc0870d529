import Metrics

/// A work queue of object keys (`namespace/name`), with client-go's guarantees:
///
/// - a key is queued at most once however often it is added (dedup);
/// - a key is never handed to two workers at once; a key added while it is being processed is
///   queued again when `done` is called, so the change is never lost;
/// - `add(_:after:)` delays a key (timed requeues: retries, TTL, cron), keeping the earliest time;
/// - `addRateLimited` delays by a per-key exponential backoff (base × 2ⁿ, capped), `forget`
///   resets it;
/// - two priorities: `.high` keys are handed out before `.normal` ones (e.g. an application
///   whose pod changed, before new applications of a burst); adding a queued key with `.high`
///   moves it ahead.
///
/// Unlike controller-runtime's default there is no global token bucket: under load that bucket
/// behaves like an hours-long backoff (controller-runtime #1594, kubeflow PR #2186).
///
/// Delays need `run()` to be running (it is the queue's timer); `shutDown()` wakes every waiting
/// worker with `nil`.
/// The order in which a `WorkQueue` hands out keys: every `.high` key before any `.normal` one.
public enum WorkQueuePriority: Sendable, Hashable {
    case normal, high
}

public actor WorkQueue<C: Clock> where C.Duration == Duration {
    public struct Configuration: Sendable {
        public var name: String
        public var baseDelay: Duration
        public var maxDelay: Duration
        public init(name: String, baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(1000)) {
            self.name = name
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
        }
    }

    public typealias Key = String

    public typealias Priority = WorkQueuePriority

    private let clock: C
    private let config: Configuration
    /// FIFO of keys to hand out, per priority. An entry whose key is no longer waiting (handed
    /// out from the other queue after a promotion) is skipped when reached.
    private var ready: [Key] = []
    private var readyHead = 0
    private var readyHigh: [Key] = []
    private var readyHighHead = 0
    /// Keys queued and not being processed: what `depth` reports.
    private var waiting = 0
    private var queued: Set<Key> = []
    /// Queued keys of high priority.
    private var queuedHigh: Set<Key> = []
    private var processing: [Key: C.Instant] = [:]
    private var delayed: [Key: C.Instant] = [:]
    private var failures: [Key: Int] = [:]
    private var addedAt: [Key: C.Instant] = [:]
    private var waiters: [CheckedContinuation<Key?, Never>] = []
    private var timerWake: CheckedContinuation<Void, Never>?
    private var timerDeadline: C.Instant?
    /// Bumped whenever the timer must recompute; a stale wait returns at once.
    private var timerGeneration = 0
    private var isShutDown = false

    private let depthGauge: Gauge
    private let addsCounter: Counter
    private let retriesCounter: Counter
    private let queueDuration: Metrics.Timer
    private let workDuration: Metrics.Timer

    public init(_ config: Configuration, clock: C) {
        self.config = config
        self.clock = clock
        let dims = [("name", config.name)]
        depthGauge = Gauge(label: "workqueue_depth", dimensions: dims)
        addsCounter = Counter(label: "workqueue_adds_total", dimensions: dims)
        retriesCounter = Counter(label: "workqueue_retries_total", dimensions: dims)
        queueDuration = Metrics.Timer(label: "workqueue_queue_duration_seconds", dimensions: dims, preferredDisplayUnit: .seconds)
        workDuration = Metrics.Timer(label: "workqueue_work_duration_seconds", dimensions: dims, preferredDisplayUnit: .seconds)
    }

    /// Keys ready to be handed out.
    public var depth: Int { waiting }
    /// Keys waiting for their delay.
    public var delayedCount: Int { delayed.count }
    /// Keys being processed.
    public var processingCount: Int { processing.count }
    /// Consecutive failures recorded for a key.
    public func failureCount(_ key: Key) -> Int { failures[key] ?? 0 }

    /// Queues a key now.
    public func add(_ key: Key, priority: Priority = .normal) {
        guard !isShutDown else { return }
        addsCounter.increment()
        delayed[key] = nil
        if queued.contains(key) {
            // Already waiting (or to be requeued when its processing ends): only a promotion.
            if priority == .high, queuedHigh.insert(key).inserted, processing[key] == nil {
                readyHigh.append(key)
            }
            return
        }
        queued.insert(key)
        if priority == .high { queuedHigh.insert(key) }
        addedAt[key] = clock.now
        if processing[key] == nil { pushReady(key) }
    }

    /// Queues a key after a delay (at once when the delay is not positive). A key already waiting
    /// keeps the earlier of its two times.
    public func add(_ key: Key, after delay: Duration) {
        guard !isShutDown else { return }
        guard delay > .zero else { return add(key) }
        let deadline = clock.now.advanced(by: delay)
        if let existing = delayed[key], existing <= deadline { return }
        delayed[key] = deadline
        wakeTimerIfEarlier(deadline)
    }

    /// Queues a key after its per-key exponential backoff; returns that delay.
    @discardableResult
    public func addRateLimited(_ key: Key) -> Duration {
        let n = failures[key] ?? 0
        failures[key] = n + 1
        retriesCounter.increment()
        let delay = Self.backoff(failures: n, base: config.baseDelay, max: config.maxDelay)
        add(key, after: delay)
        return delay
    }

    /// base × 2^failures, capped at max.
    public static func backoff(failures: Int, base: Duration, max: Duration) -> Duration {
        if failures >= 62 { return max }
        let factor = Int64(1) << Int64(failures)
        let (nanos, overflow) = base.nanoseconds.multipliedReportingOverflow(by: factor)
        if overflow { return max }
        let d = Duration.nanoseconds(nanos)
        return d > max ? max : d
    }

    /// Clears a key's backoff (after a successful reconcile).
    public func forget(_ key: Key) { failures[key] = nil }

    /// The next key to process, waiting for one; nil once the queue is shut down.
    public func get() async -> Key? {
        if let key = popReady() { return key }
        if isShutDown { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Marks a key processed; if it was added meanwhile it is queued again.
    public func done(_ key: Key) {
        if let started = processing.removeValue(forKey: key) {
            workDuration.recordNanoseconds(started.duration(to: clock.now).nanoseconds)
        }
        if queued.contains(key) && !isShutDown { pushReady(key) }
    }

    /// Stops handing out keys: waiting and future `get` calls return nil; `run` returns.
    public func shutDown() {
        isShutDown = true
        for w in waiters { w.resume(returning: nil) }
        waiters.removeAll()
        cancelTimerWait()
    }

    public var isShuttingDown: Bool { isShutDown }

    /// The queue's timer: moves delayed keys to the ready queue when due. Runs until shut down
    /// or cancelled.
    public func run() async {
        while !isShutDown && !Task.isCancelled {
            releaseDueKeys()
            let next = delayed.values.min()
            timerDeadline = next
            let clock = self.clock
            let generation = timerGeneration
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.waitForTimerChange(generation) }
                if let next {
                    group.addTask { try? await clock.sleep(until: next, tolerance: nil) }
                }
                await group.next()
                group.cancelAll()
                self.cancelTimerWait()
            }
        }
    }

    // MARK: - internals

    /// A key that is queued and not being processed: hand it to a waiting worker, or queue it.
    private func pushReady(_ key: Key) {
        waiting += 1
        if let w = waiters.first {
            waiters.removeFirst()
            startProcessing(key)
            w.resume(returning: key)
        } else {
            if queuedHigh.contains(key) { readyHigh.append(key) } else { ready.append(key) }
            depthGauge.record(depth)
        }
    }

    private func popReady() -> Key? {
        while let key = Self.pop(&readyHigh, &readyHighHead) ?? Self.pop(&ready, &readyHead) {
            // Skip an entry left behind by a promotion (its key was handed out already, or is
            // being processed again).
            guard queued.contains(key), processing[key] == nil else { continue }
            startProcessing(key)
            depthGauge.record(depth)
            return key
        }
        return nil
    }

    private static func pop(_ queue: inout [Key], _ head: inout Int) -> Key? {
        guard head < queue.count else { return nil }
        let key = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: queue.count <= 1024)
            head = 0
        } else if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return key
    }

    private func startProcessing(_ key: Key) {
        waiting -= 1
        queued.remove(key)
        queuedHigh.remove(key)
        let now = clock.now
        if let added = addedAt.removeValue(forKey: key) {
            queueDuration.recordNanoseconds(added.duration(to: now).nanoseconds)
        }
        processing[key] = now
    }

    private func releaseDueKeys() {
        let now = clock.now
        let due = delayed.filter { $0.value <= now }.map(\.key)
        for key in due {
            delayed[key] = nil
            add(key)
        }
    }

    private func wakeTimerIfEarlier(_ deadline: C.Instant) {
        if let current = timerDeadline, current <= deadline { return }
        timerDeadline = deadline
        cancelTimerWait()
    }

    private func waitForTimerChange(_ generation: Int) async {
        if isShutDown || generation != timerGeneration { return }
        await withCheckedContinuation { timerWake = $0 }
    }

    private func cancelTimerWait() {
        timerGeneration += 1
        timerWake?.resume()
        timerWake = nil
    }
}

extension Duration {
    /// Seconds as a Double.
    public var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    /// Whole nanoseconds (saturating).
    public var nanoseconds: Int64 {
        let (s, atto) = components
        let (n, o) = s.multipliedReportingOverflow(by: 1_000_000_000)
        if o { return s < 0 ? .min : .max }
        return n + atto / 1_000_000_000
    }
}
