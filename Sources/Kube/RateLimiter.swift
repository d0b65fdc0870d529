/// The client-side QPS/burst limiter shared by all requests of a client (off by default).
public struct RateLimit: Sendable, Hashable {
    public var qps: Double
    public var burst: Int

    public init(qps: Double, burst: Int) {
        self.qps = qps
        self.burst = burst
    }
}

/// Serializes reservations of a `TokenBucket` and sleeps the caller for its turn.
actor RateLimiter {
    private var bucket: TokenBucket

    init(_ limit: RateLimit) {
        bucket = TokenBucket(qps: limit.qps, burst: limit.burst)
    }

    private func reserve() -> Duration {
        bucket.reserve(at: .now)
    }

    /// Waits for a token; throws `CancellationError` if the task is cancelled while waiting.
    nonisolated func acquire() async throws {
        let delay = await reserve()
        if delay > .zero {
            try await Task.sleep(for: delay)
        }
    }
}
