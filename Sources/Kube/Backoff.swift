/// Jittered exponential backoff as a pure value: the caller supplies the time and the random source.
///
/// The n-th delay (n from 0) is `base = min(initial × multiplier^n, maximum)` plus a uniform jitter
/// in `[0, jitter × base)`, i.e. client-go's `wait.Jitter(base, jitter)`. With the reflector
/// preset (0.8 s → 30 s, ×2, jitter 1.0) the delays at the plateau lie in [30 s, 60 s), as in
/// client-go and kube-rs. When `resetAfter` is set and more than that much time passed since the
/// previous delay was handed out, the sequence starts over (client-go's backoff manager: "stable
/// for 2 minutes").
///
/// Generic over the instant type so that a test clock can drive it.
public struct Backoff<Instant: InstantProtocol & Sendable>: Sendable where Instant.Duration == Duration {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    /// Fraction of the base delay added at random: 0 = none, 1.0 = up to 100 %.
    public var jitter: Double
    public var resetAfter: Duration?

    /// Number of delays handed out since the last reset.
    public private(set) var attempt: Int = 0
    private var lastDelayAt: Instant?

    public init(
        initial: Duration, maximum: Duration, multiplier: Double = 2, jitter: Double = 1.0,
        resetAfter: Duration? = nil
    ) {
        precondition(initial >= .zero && maximum >= initial && multiplier >= 1 && jitter >= 0)
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
        self.resetAfter = resetAfter
    }

    /// client-go's reflector backoff (also kube-rs' `DefaultBackoff`): 800 ms → 30 s, ×2, jitter 1.0,
    /// reset after 2 minutes without a failure.
    public static var watcher: Backoff {
        Backoff(initial: .milliseconds(800), maximum: .seconds(30), multiplier: 2, jitter: 1.0, resetAfter: .seconds(120))
    }

    /// The transport's retry backoff: 200 ms → 5 s, ×2, jitter 1.0.
    public static var requestRetry: Backoff {
        Backoff(initial: .milliseconds(200), maximum: .seconds(5), multiplier: 2, jitter: 1.0)
    }

    /// The un-jittered base delay of the current attempt.
    public var currentBase: Duration {
        // Computed in seconds as Double; exponent capped so that it cannot overflow.
        let initialSeconds = Self.seconds(initial)
        let maxSeconds = Self.seconds(maximum)
        var base = initialSeconds
        var n = 0
        while n < attempt && base < maxSeconds {
            base *= multiplier
            n += 1
        }
        return Self.duration(min(base, maxSeconds))
    }

    /// The next delay, without time-based reset.
    public mutating func next<R: RandomNumberGenerator>(using rng: inout R) -> Duration {
        let base = currentBase
        attempt += 1
        guard jitter > 0, base > .zero else { return base }
        let extra = Self.seconds(base) * jitter * Double.random(in: 0..<1, using: &rng)
        return base + Self.duration(extra)
    }

    /// The next delay at time `now`: starts over first if `resetAfter` passed since the previous delay.
    public mutating func next<R: RandomNumberGenerator>(at now: Instant, using rng: inout R) -> Duration {
        if let resetAfter, let last = lastDelayAt, last.duration(to: now) > resetAfter {
            reset()
        }
        lastDelayAt = now
        return next(using: &rng)
    }

    /// The next delay with the system random source.
    public mutating func next(at now: Instant) -> Duration {
        var rng = SystemRandomNumberGenerator()
        return next(at: now, using: &rng)
    }

    /// Starts the sequence over (e.g. after a success).
    public mutating func reset() {
        attempt = 0
        lastDelayAt = nil
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    static func duration(_ seconds: Double) -> Duration {
        .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}

extension Backoff where Instant == ContinuousClock.Instant {
    /// The next delay on the continuous clock with the system random source.
    public mutating func next() -> Duration {
        next(at: ContinuousClock.now)
    }
}
