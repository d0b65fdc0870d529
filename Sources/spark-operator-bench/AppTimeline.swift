import Foundation
import Synchronization

/// When each application of a run was created (client side) and when the benchmark's watches
/// saw its driver pod and its status change.
final class AppTimeline: Sendable {
    struct Entry: Sendable {
        var createStart: Date?
        var createEnd: Date?
        var driverSeen: Date?
        /// First status other than NEW.
        var submittedSeen: Date?
        /// First RUNNING, SUCCEEDING or COMPLETED (a driver that ran).
        var runningSeen: Date?
        var completedSeen: Date?
        var failure: String?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var submitted = 0
        var completed = 0
        var failed = 0
    }

    private let state = Mutex(State())

    static let runningOrLater: Set<String> = ["RUNNING", "SUCCEEDING", "COMPLETED"]
    static let failures: Set<String> = ["FAILED", "SUBMISSION_FAILED", "FAILING", "INVALIDATING", "UNKNOWN"]

    func creating(_ name: String, at time: Date) {
        state.withLock { $0.entries[name, default: Entry()].createStart = time }
    }

    func created(_ name: String, at time: Date) {
        state.withLock { $0.entries[name, default: Entry()].createEnd = time }
    }

    func createFailed(_ name: String, _ error: any Error) {
        state.withLock {
            $0.entries[name, default: Entry()].failure = "create: \(error)"
            $0.failed += 1
        }
    }

    func driverSeen(app: String, at time: Date) {
        state.withLock { s in
            if s.entries[app, default: Entry()].driverSeen == nil { s.entries[app]!.driverSeen = time }
        }
    }

    func appSeen(_ name: String, state appState: String, at time: Date) {
        guard !appState.isEmpty, appState != "NEW" else { return }
        state.withLock { s in
            var e = s.entries[name, default: Entry()]
            if e.submittedSeen == nil {
                e.submittedSeen = time
                s.submitted += 1
            }
            if e.runningSeen == nil, Self.runningOrLater.contains(appState) { e.runningSeen = time }
            if e.completedSeen == nil, appState == "COMPLETED" {
                e.completedSeen = time
                s.completed += 1
            }
            if e.failure == nil, Self.failures.contains(appState) {
                e.failure = appState
                s.failed += 1
            }
            s.entries[name] = e
        }
    }

    var counts: (submitted: Int, completed: Int, failed: Int) {
        state.withLock { ($0.submitted, $0.completed, $0.failed) }
    }

    var entries: [String: Entry] { state.withLock { $0.entries } }
}
