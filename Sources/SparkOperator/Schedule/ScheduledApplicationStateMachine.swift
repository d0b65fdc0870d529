import Foundation
import SparkOperatorAPI

/// kubeflow's ScheduledSparkApplication controller as a pure function:
/// `(scheduled application, its runs, now, operator time zone) → (new status, actions, requeue)`.
///
/// The reconciler lists the application's runs (SparkApplications labelled
/// `sparkoperator.k8s.io/scheduled-app-name` and owned by it), calls `decide`, performs the
/// actions in order (a failed create other than AlreadyExists means: do not write the status,
/// retry), then writes the status. It should also reconcile when a run changes (watch runs, map
/// to the owner), so Forbid starts the pending run and history is pruned as soon as a run
/// finishes. A run it has just created and the cache does not show yet it passes in `runs` too
/// (as `.new`, created now), as controllers keep "expectations".
///
/// Behaviour, and where it differs from kubeflow (`internal/controller/scheduledsparkapplication`):
/// - **Validation** of the whole spec (`validate(_:validateSchedule:)` with `CronSchedule.validation`)
///   on every reconcile: FailedValidation with the reasons, no requeue, no runs; a corrected spec
///   goes back to Scheduled (kubeflow re-parses but never leaves FailedValidation, #3174). The
///   state `Validating` is never written; it is handled like a new application.
/// - **nextRun** is the next tick after the moment the application is (re)scheduled. It is
///   recomputed at once when it is no longer the schedule's next tick after now, i.e. after an
///   edit of `schedule` or `timeZone` (kubeflow keeps the old nextRun until it fires, #2288).
/// - **A due tick** starts one run named `ScheduledRun.name(…, tick: nextRun)`; then
///   `lastRun = now`, `lastRunName`, `nextRun = next tick after now`. Ticks missed while the
///   operator was down give exactly one catch-up run, as in kubeflow. A run of that name that
///   already exists means the tick was started before (status not written): it is recorded, not
///   created again. A due tick that is not a tick of the current schedule (edited while the
///   operator was down) is dropped.
/// - **concurrencyPolicy** (default Allow, also when empty; kubeflow's code starts nothing while
///   any earlier run exists when it is empty, though its docs say Allow): Allow starts regardless;
///   Forbid starts nothing while the latest run (by creation) has not COMPLETED or FAILED, keeps
///   the tick pending and starts it as soon as that run finishes, as kubeflow; Replace deletes every
///   unfinished run (kubeflow: only the latest) and starts the new one.
/// - **suspend** starts nothing and clears nextRun; resuming schedules the next tick after now,
///   so ticks missed while suspended never fire (no burst, no catch-up).
/// - **History**: on every reconcile of a valid spec (kubeflow: only when a run starts), finished
///   runs beyond `successfulRunHistoryLimit` / `failedRunHistoryLimit` (default 1) are deleted,
///   oldest first; the status lists the kept names, newest first. Runs being deleted are ignored.
public enum ScheduledApplicationStateMachine {
    public struct Configuration: Sendable {
        /// When the schedule has no tick within robfig's five-year search (a February 29 across
        /// 2100), how long until looking again.
        public var searchAgainAfter: Duration

        public init(searchAgainAfter: Duration = .seconds(24 * 3600)) {
            self.searchAgainAfter = searchAgainAfter
        }
    }

    /// One run (SparkApplication) of the scheduled application, as observed.
    public struct Run: Sendable, Hashable {
        public var name: String
        public var creationTimestamp: Date?
        /// `status.applicationState.state` (empty when new).
        public var state: ApplicationStateType
        /// It has a deletionTimestamp.
        public var isBeingDeleted: Bool

        public init(name: String, creationTimestamp: Date?, state: ApplicationStateType, isBeingDeleted: Bool = false) {
            self.name = name
            self.creationTimestamp = creationTimestamp
            self.state = state
            self.isBeingDeleted = isBeingDeleted
        }

        public init(_ app: SparkApplication) {
            self.init(
                name: app.name, creationTimestamp: app.metadata.creationTimestamp?.date,
                state: app.status?.state ?? .new, isBeingDeleted: app.metadata.deletionTimestamp != nil)
        }

        /// COMPLETED or FAILED.
        public var isFinished: Bool { state.isTerminal }
    }

    public enum DeletionReason: Sendable, Hashable {
        /// Replace: an unfinished run gives way to the new one.
        case replaced
        /// A finished run beyond the history limit.
        case history
    }

    public enum Action: Sendable, Hashable {
        /// Create the run for `tick` (`ScheduledRun.application(for:named:)`). AlreadyExists is
        /// success: the run for this tick was created before.
        case createRun(name: String, tick: Date)
        /// Delete a run (grace period 0, as kubeflow). NotFound is success.
        case deleteRun(name: String, reason: DeletionReason)
    }

    public struct Decision: Sendable, Equatable {
        public var status: ScheduledSparkApplicationStatus
        public var actions: [Action] = []
        public var requeueAfter: Duration?

        mutating func requeue(_ d: Duration) {
            let d = max(d, .zero)
            requeueAfter = requeueAfter.map { min($0, d) } ?? d
        }
    }

    // MARK: - decide

    public static func decide(
        _ app: ScheduledSparkApplication, runs: [Run], now: Date, operatorTimeZone: TimeZone,
        config: Configuration = Configuration()
    ) -> Decision {
        var d = Decision(status: app.status ?? ScheduledSparkApplicationStatus())
        let spec = app.spec.withDefaults()

        // Validation, every time: a fixed spec recovers, a broken edit stops the schedule.
        var problems = validate(app, validateSchedule: CronSchedule.validation).map(\.description)
        if app.name.utf8.count > ScheduledRun.maximumScheduledAppNameLength {
            problems.append(ValidationError(
                field: "metadata.name", value: app.name,
                message: "must be no more than \(ScheduledRun.maximumScheduledAppNameLength) characters, so that its runs' "
                    + "names (<name>-<Unix seconds>) fit in 63").description)
        }
        var parsed: CronSchedule?
        do throws(CronScheduleError) {
            parsed = try CronSchedule(schedule: spec.schedule, timeZone: spec.timeZone, local: operatorTimeZone)
        } catch {
            if problems.isEmpty { problems.append("spec.schedule: \(error.description)") }
        }
        guard let schedule = parsed, problems.isEmpty else {
            d.status.scheduleState = .failedValidation
            d.status.reason = problems.joined(separator: "; ")
            d.status.nextRun = nil
            return d
        }
        d.status.reason = nil
        d.status.scheduleState = .scheduled

        let live = runs.filter { !$0.isBeingDeleted }.sorted(by: newestFirst)
        pruneHistory(live, spec: spec, &d)

        if spec.suspend == true {
            d.status.nextRun = nil
            return d
        }

        guard app.status?.scheduleState == .scheduled, let nextRun = d.status.nextRun?.date else {
            scheduleNext(schedule, after: now, config: config, &d)
            return d
        }
        if nextRun > now {
            if schedule.isNextRun(nextRun, at: now) {
                d.requeue(.seconds(nextRun.timeIntervalSince(now)))
            } else {
                scheduleNext(schedule, after: now, config: config, &d)
            }
            return d
        }

        // nextRun is due.
        guard schedule.isTick(nextRun) else {
            scheduleNext(schedule, after: now, config: config, &d)
            return d
        }
        let name = ScheduledRun.name(scheduledAppName: app.name, tick: nextRun)
        if let existing = runs.first(where: { $0.name == name }) {
            d.status.lastRunName = name
            d.status.lastRun = KubeTime(existing.creationTimestamp ?? now)
            scheduleNext(schedule, after: now, config: config, &d)
            return d
        }

        switch spec.concurrencyPolicy {
        case .forbid:
            if let latest = live.first, !latest.isFinished {
                // Keep the tick pending; the latest run finishing reconciles again. Look at the
                // next tick anyway, in case that event is missed.
                if let next = schedule.next(after: now) {
                    d.requeue(.seconds(next.timeIntervalSince(now)))
                } else {
                    d.requeue(config.searchAgainAfter)
                }
                return d
            }
        case .replace:
            for run in live where !run.isFinished {
                d.actions.append(.deleteRun(name: run.name, reason: .replaced))
            }
        default:
            break
        }

        d.actions.append(.createRun(name: name, tick: nextRun))
        d.status.lastRun = KubeTime(now)
        d.status.lastRunName = name
        scheduleNext(schedule, after: now, config: config, &d)
        return d
    }

    // MARK: - helpers

    private static func scheduleNext(_ schedule: CronSchedule, after now: Date, config: Configuration, _ d: inout Decision) {
        if let next = schedule.next(after: now) {
            d.status.nextRun = KubeTime(next)
            d.requeue(.seconds(next.timeIntervalSince(now)))
        } else {
            d.status.nextRun = nil
            d.requeue(config.searchAgainAfter)
        }
    }

    /// Keeps the newest `limit` runs of each outcome and deletes the rest.
    private static func pruneHistory(_ live: [Run], spec: ScheduledSparkApplicationSpec, _ d: inout Decision) {
        func prune(_ state: ApplicationStateType, limit: Int32?) -> [String]? {
            let finished = live.filter { $0.state == state }
            let keep = Int(max(0, limit ?? ScheduledSparkApplicationSpec.defaultRunHistoryLimit))
            for run in finished.dropFirst(keep) {
                d.actions.append(.deleteRun(name: run.name, reason: .history))
            }
            let kept = finished.prefix(keep).map(\.name)
            return kept.isEmpty ? nil : kept
        }
        d.status.pastSuccessfulRunNames = prune(.completed, limit: spec.successfulRunHistoryLimit)
        d.status.pastFailedRunNames = prune(.failed, limit: spec.failedRunHistoryLimit)
    }

    /// Newest first by creation time (not yet created: newest), then by name (the tick).
    private static func newestFirst(_ a: Run, _ b: Run) -> Bool {
        switch (a.creationTimestamp, b.creationTimestamp) {
        case let (x?, y?) where x != y: return x > y
        case (nil, _?): return true
        case (_?, nil): return false
        default: return a.name > b.name
        }
    }
}
