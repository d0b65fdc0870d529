/// Which failed requests the transport retries and how often.
///
/// Only idempotent reads (GET, LIST, HEAD, discovery, the request that opens a watch) are ever
/// retried: on 429 (honouring `Retry-After`), on 500/502/503/504, and on connection failures.
/// Writes are never retried here; their callers know whether a retry is safe.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first; 1 disables retries.
    public var maxAttempts: Int
    /// Delays between attempts when the server gave no `Retry-After`.
    public var backoff: Backoff<ContinuousClock.Instant>
    /// Upper bound on a server's `Retry-After`.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 5, backoff: Backoff<ContinuousClock.Instant> = .requestRetry,
        maxRetryAfter: Duration = .seconds(30)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.maxRetryAfter = maxRetryAfter
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// HTTP status codes worth retrying for an idempotent request.
    public static func isRetryable(httpCode: Int) -> Bool {
        [429, 500, 502, 503, 504].contains(httpCode)
    }
}
