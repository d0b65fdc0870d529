/// Why a `LeaderElector` stopped.
public enum LeaderElectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Leadership was lost: the lease could not be renewed within the renew deadline, or another
    /// candidate holds it. Leader-only work has been cancelled; the process should exit so that
    /// its pod restarts as a fresh candidate.
    case lost
    /// `run()` / `runWhileLeader(_:)` was called while the elector was already running.
    case alreadyRunning
    /// The configuration cannot work (see `LeaderElectionConfiguration.problem`).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .lost:
            return "leader election lost: the lease was not renewed within the renew deadline or another replica holds it"
        case .alreadyRunning:
            return "this leader elector is already running; create one elector per candidate"
        case .invalidConfiguration(let problem):
            return "invalid leader election configuration: \(problem)"
        }
    }
}
