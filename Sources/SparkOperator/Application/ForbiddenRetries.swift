import Foundation
import Synchronization

/// How long a submission keeps retrying an RBAC denial before its attempt fails. A denial is not
/// always final: a restarted API server denies requests until its RBAC caches are warm (found by
/// `make chaos`), a RoleBinding just applied takes a moment to count. So the first denial of an
/// attempt starts a window (`window`) during which the reconcile is retried with the work
/// queue's backoff; a denial after it fails the attempt with the API server's message.
final class ForbiddenRetries: Sendable {
    let window: Duration
    private let since = Mutex<[String: Date]>([:])

    init(window: Duration) {
        self.window = window
    }

    /// Whether a Forbidden for `key` (an application's attempt) at `now` is still to be retried.
    func shouldRetry(_ key: String, now: Date) -> Bool {
        let first = since.withLock { since in
            if let first = since[key] { return first }
            since[key] = now
            return now
        }
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        let retry = now.timeIntervalSince(first) < seconds
        if !retry { forget(key) }
        return retry
    }

    /// The attempt ended (submitted, or failed otherwise): its window is closed.
    func forget(_ key: String) {
        _ = since.withLock { $0.removeValue(forKey: key) }
    }
}
