import Kube
import Logging

/// How the simulated kubelet retries its API calls: transient failures (transport errors,
/// timeouts, 429 and 5xx, as while the API server restarts) again and again with a jittered
/// exponential backoff until the call succeeds or the task is cancelled; other errors are thrown.
struct KubeletRetry: Sendable {
    var initial: Duration
    var maximum: Duration
    var logger: Logger

    static func isTransient(_ error: any Error) -> Bool {
        if let e = error as? KubeAPIError { return e.code >= 500 || e.isTooManyRequests || e.isTimeout }
        if let e = error as? KubeClientError { return e.kind != .invalidRequest && e.kind != .decoding }
        return false
    }

    func run<T: Sendable>(_ what: @autoclosure () -> String, _ body: () async throws -> T) async throws -> T {
        var backoff = Backoff<ContinuousClock.Instant>(initial: initial, maximum: maximum, multiplier: 2, jitter: 0.5)
        while true {
            do {
                return try await body()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                guard Self.isTransient(error) else { throw error }
                let delay = backoff.next(at: .now)
                logger.debug("\(what()) failed, retrying in \(delay): \(error)")
                try await Task.sleep(for: delay)
            }
        }
    }
}
