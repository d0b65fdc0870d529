/// A token bucket (client-go's `flowcontrol.NewTokenBucketRateLimiter`) as a pure value:
/// `qps` tokens per second refill a bucket of `burst` tokens; each request takes one.
///
/// `reserve(at:)` takes a token and returns how long the caller must wait before using it
/// (zero when one was available), so concurrent callers are served in order of arrival.
public struct TokenBucket: Sendable, Hashable {
    public var qps: Double
    public var burst: Int
    private var tokens: Double
    private var last: ContinuousClock.Instant?

    public init(qps: Double, burst: Int) {
        precondition(qps > 0 && burst >= 1, "qps must be > 0 and burst >= 1")
        self.qps = qps
        self.burst = burst
        self.tokens = Double(burst)
    }

    /// Takes a token at `now`; returns the delay until it may be used.
    public mutating func reserve(at now: ContinuousClock.Instant) -> Duration {
        if let last {
            let elapsed = Backoff<ContinuousClock.Instant>.seconds(last.duration(to: now))
            if elapsed > 0 { tokens = min(Double(burst), tokens + elapsed * qps) }
        }
        last = now
        tokens -= 1
        if tokens >= 0 { return .zero }
        return Backoff<ContinuousClock.Instant>.duration(-tokens / qps)
    }
}
