import Foundation
import KubeRuntime
import SparkOperatorAPI

/// kubeflow's SparkApplication state machine as a pure function:
/// `(application, observed pods, now) → (new status, actions, requeue, events)`.
///
/// The reconciler reads the caches, calls `decide`, performs the actions, and writes the status.
/// Submitting is an action; its outcome is folded into the status by `applySubmission`.
/// Transitions that need no action are chained within one call (SUCCEEDING → COMPLETED), so one
/// reconcile writes one status.
public enum ApplicationStateMachine {
    public struct Configuration: Sendable {
        /// How long a missing driver pod is tolerated in SUBMITTED (kubeflow: 10 s).
        public var driverPodCreationGracePeriod: Duration
        /// A driver stuck Pending (image pull errors, bad config, unschedulable) longer than this
        /// fails the attempt. Off by default, as kubeflow has no such timeout.
        public var driverPendingTimeout: Duration?
        /// Executors with an id above this are not tracked in `status.executorState`.
        public var maxTrackedExecutorPerApp: Int
        /// TTL for applications that set none (`--default-time-to-live-seconds`).
        public var defaultTimeToLiveSeconds: Int64?
        /// How long to wait before looking again while resources are being deleted.
        public var deletionPollInterval: Duration

        public init(
            driverPodCreationGracePeriod: Duration = .seconds(10), driverPendingTimeout: Duration? = nil,
            maxTrackedExecutorPerApp: Int = 1000, defaultTimeToLiveSeconds: Int64? = nil,
            deletionPollInterval: Duration = .seconds(2)
        ) {
            self.driverPodCreationGracePeriod = driverPodCreationGracePeriod
            self.driverPendingTimeout = driverPendingTimeout
            self.maxTrackedExecutorPerApp = maxTrackedExecutorPerApp
            self.defaultTimeToLiveSeconds = defaultTimeToLiveSeconds
            self.deletionPollInterval = deletionPollInterval
        }
    }

    /// What the reconciler observed for the application.
    public struct Observed: Sendable {
        /// The driver pod of the current submission; when it was deleted, its last known state
        /// with `isBeingDeleted` set (a tombstone), so a finished driver that vanished before it
        /// was seen is still judged by how it ended (kubeflow #2755).
        public var driver: PodObservation?
        /// Executor pods of the current submission.
        public var executors: [PodObservation]
        /// True when no driver pod, UI Service or Ingress of any attempt remains.
        public var resourcesGone: Bool
        /// The spec differs (other than `suspend`/`timeToLiveSeconds`) from the one submitted.
        public var specChanged: Bool

        public init(driver: PodObservation? = nil, executors: [PodObservation] = [], resourcesGone: Bool = true,
                    specChanged: Bool = false) {
            self.driver = driver
            self.executors = executors
            self.resourcesGone = resourcesGone
            self.specChanged = specChanged
        }
    }

    public enum Action: Sendable, Equatable {
        /// Create the driver pod, its ConfigMap and Services for a new attempt.
        case submit
        /// Delete the driver pod, UI Service and Ingress (any attempt).
        case deleteResources
        /// Delete the SparkApplication (TTL expired).
        case deleteApplication
    }

    public struct Event: Sendable, Equatable {
        public var warning: Bool
        public var reason: String
        public var message: String
        public init(warning: Bool = false, _ reason: String, _ message: String) {
            self.warning = warning
            self.reason = reason
            self.message = message
        }
    }

    public struct Decision: Sendable, Equatable {
        public var status: SparkApplicationStatus
        public var actions: [Action] = []
        public var requeueAfter: Duration?
        public var events: [Event] = []

        mutating func requeue(_ d: Duration) {
            let d = max(d, .zero)
            requeueAfter = requeueAfter.map { min($0, d) } ?? d
        }
    }

    /// The outcome of a submission attempt.
    public enum SubmissionOutcome: Sendable, Equatable {
        case submitted(submissionID: String, driverPodName: String)
        case failed(message: String)
    }

    // MARK: - decide

    public static func decide(
        _ app: SparkApplication, observed: Observed, now: Date, config: Configuration = Configuration()
    ) -> Decision {
        var d = Decision(status: app.status ?? SparkApplicationStatus())
        let name = app.name
        let spec = app.spec

        if observed.specChanged && ![.new, .invalidating, .pendingRerun, .suspending, .suspended, .resuming]
            .contains(d.status.state)
        {
            d.status.state = .invalidating
            d.events.append(Event("SparkApplicationSpecUpdateProcessed", "SparkApplication \(name) spec changed: resubmitting"))
        }
        if spec.suspend == true && ![.suspending, .suspended, .invalidating].contains(d.status.state)
            && !d.status.state.isTerminal
        {
            d.status.state = .suspending
            d.events.append(Event("SparkApplicationSuspending", "SparkApplication \(name) is suspending"))
        }

        // Chain transitions that need no action; stop at the first action or wait.
        for _ in 0..<6 {
            let before = d.status.state
            step(app, observed: observed, now: now, config: config, &d)
            if !d.actions.isEmpty || d.requeueAfter != nil || d.status.state == before { break }
        }
        return d
    }

    private static func step(
        _ app: SparkApplication, observed: Observed, now: Date, config: Configuration, _ d: inout Decision
    ) {
        let name = app.name
        switch d.status.state {
        case .new:
            d.actions.append(.submit)

        case .submitted, .running, .unknown:
            observeDriver(app, observed: observed, now: now, config: config, &d)

        case .succeeding:
            if app.spec.restartPolicy?.type == .always {
                d.actions.append(.deleteResources)
                resetForRerun(&d.status)
                d.status.state = .pendingRerun
                d.events.append(Event("SparkApplicationPendingRerun", "SparkApplication \(name) is pending rerun"))
            } else {
                d.status.state = .completed
                if d.status.terminationTime == nil { d.status.terminationTime = KubeTime(now) }
                updateExecutors(app, observed: observed, config: config, &d)
                d.events.append(Event("SparkApplicationCompleted", "SparkApplication \(name) completed"))
            }

        case .failing:
            if shouldRetry(app, state: .failing, status: d.status) {
                let due = timeUntilNextRetryDue(app, state: .failing, status: d.status, now: now)
                if due <= .zero {
                    d.actions.append(.deleteResources)
                    resetForRerun(&d.status)
                    d.status.state = .pendingRerun
                    d.events.append(Event("SparkApplicationPendingRerun", "SparkApplication \(name) is pending rerun"))
                } else {
                    d.requeue(due)
                }
            } else {
                d.status.state = .failed
                if d.status.terminationTime == nil { d.status.terminationTime = KubeTime(now) }
                updateExecutors(app, observed: observed, config: config, &d)
                d.events.append(Event(warning: true, "SparkApplicationFailed",
                                      "SparkApplication \(name) failed: \(d.status.applicationState?.errorMessage ?? "")"))
            }

        case .submissionFailed:
            if shouldRetry(app, state: .submissionFailed, status: d.status) {
                let due = timeUntilNextRetryDue(app, state: .submissionFailed, status: d.status, now: now)
                if due > .zero {
                    d.requeue(due)
                } else if observed.resourcesGone {
                    d.actions.append(.submit)
                } else {
                    d.actions.append(.deleteResources)
                    d.requeue(config.deletionPollInterval)
                }
            } else {
                d.status.state = .failed
                d.status.terminationTime = KubeTime(now)
                d.events.append(Event(warning: true, "SparkApplicationFailed",
                                      "SparkApplication \(name) failed: \(d.status.applicationState?.errorMessage ?? "")"))
            }

        case .pendingRerun, .resuming:
            if observed.resourcesGone {
                d.actions.append(.submit)
            } else {
                d.actions.append(.deleteResources)
                d.requeue(config.deletionPollInterval)
            }

        case .invalidating:
            d.actions.append(.deleteResources)
            resetForRerun(&d.status)
            d.status.submissionAttempts = nil
            d.status.executionAttempts = nil
            d.status.terminationTime = nil
            d.status.state = .pendingRerun
            d.events.append(Event("SparkApplicationPendingRerun", "SparkApplication \(name) is pending rerun"))

        case .suspending:
            if observed.resourcesGone {
                resetForRerun(&d.status)
                d.status.state = .suspended
                d.events.append(Event("SparkApplicationSuspended", "SparkApplication \(name) is suspended"))
            } else {
                d.actions.append(.deleteResources)
                d.requeue(config.deletionPollInterval)
            }

        case .suspended:
            if app.spec.suspend != true {
                if observed.resourcesGone {
                    d.status.state = .resuming
                    d.events.append(Event("SparkApplicationResuming", "SparkApplication \(name) is resuming"))
                } else {
                    d.actions.append(.deleteResources)
                    d.requeue(config.deletionPollInterval)
                }
            }

        case .completed, .failed:
            updateExecutors(app, observed: observed, config: config, &d)
            if let ttl = app.spec.timeToLiveSeconds ?? config.defaultTimeToLiveSeconds {
                let end = d.status.terminationTime?.date ?? now
                let remaining = end.addingTimeInterval(TimeInterval(ttl)).timeIntervalSince(now)
                if remaining <= 0 {
                    d.actions.append(.deleteApplication)
                } else {
                    d.requeue(.milliseconds(Int64((remaining * 1000).rounded(.up))))
                }
            }

        default:
            break  // an unknown state written by someone else: leave it alone
        }
    }

    /// SUBMITTED / RUNNING / UNKNOWN: follow the driver pod.
    private static func observeDriver(
        _ app: SparkApplication, observed: Observed, now: Date, config: Configuration, _ d: inout Decision
    ) {
        let name = app.name
        let previous = d.status.state
        guard let driver = observed.driver else {
            if previous == .submitted {
                let since = d.status.lastSubmissionAttemptTime?.date ?? now
                let waited = now.timeIntervalSince(since)
                let grace = config.driverPodCreationGracePeriod.seconds
                if waited < grace {
                    d.requeue(.milliseconds(Int64(((grace - waited) * 1000).rounded(.up))))
                    return
                }
            }
            d.status.state = .failing
            d.status.applicationState?.errorMessage = "driver pod not found"
            d.status.terminationTime = KubeTime(now)
            d.events.append(Event(warning: true, "SparkDriverNotFound", "Driver pod of SparkApplication \(name) not found"))
            return
        }

        if let id = observed.executors.compactMap({ $0.labels["spark-app-selector"] }).first
            ?? driver.labels["spark-app-selector"]
        {
            d.status.sparkApplicationId = id
        }

        var driverState = driver.driverState
        if driver.isBeingDeleted && !driverState.isTerminal {
            // Deleted before it finished: the attempt failed.
            driverState = .failed
        }
        switch driverState {
        case .pending:
            d.status.state = .submitted
            if let timeout = config.driverPendingTimeout, let reason = driver.stuckPendingReason {
                let since = d.status.lastSubmissionAttemptTime?.date ?? now
                let waited = now.timeIntervalSince(since)
                if waited >= timeout.seconds {
                    d.status.state = .failing
                    d.status.applicationState?.errorMessage =
                        "driver pod \(driver.name) stuck pending for more than \(Int(timeout.seconds)) s: \(reason)"
                    d.status.terminationTime = KubeTime(now)
                    d.events.append(Event(warning: true, "SparkDriverFailed", "Driver \(driver.name) stuck pending: \(reason)"))
                } else {
                    d.requeue(.milliseconds(Int64(((timeout.seconds - waited) * 1000).rounded(.up))))
                }
            }
        case .running:
            d.status.state = .running
        case .completed:
            d.status.state = .succeeding
            if d.status.terminationTime == nil { d.status.terminationTime = KubeTime(now) }
        case .failed:
            d.status.state = .failing
            d.status.applicationState?.errorMessage = driver.isBeingDeleted && driver.driverState != .failed
                ? "driver pod \(driver.name) was deleted before it terminated" : driver.failureMessage
            if d.status.terminationTime == nil { d.status.terminationTime = KubeTime(now) }
        default:
            d.status.state = .unknown
        }
        if d.status.state != previous {
            switch driverState {
            case .pending: d.events.append(Event("SparkDriverPending", "Driver \(driver.name) is pending"))
            case .running: d.events.append(Event("SparkDriverRunning", "Driver \(driver.name) is running"))
            case .completed: d.events.append(Event("SparkDriverCompleted", "Driver \(driver.name) completed"))
            case .failed:
                d.events.append(Event(warning: true, "SparkDriverFailed",
                                      "Driver \(driver.name) failed: \(d.status.applicationState?.errorMessage ?? "")"))
            default: d.events.append(Event(warning: true, "SparkDriverUnknownState", "Driver \(driver.name) in unknown state"))
            }
        }
        updateExecutors(app, observed: observed, config: config, &d)
    }

    /// `status.executorState` from the executor pods; executors that vanished are COMPLETED once
    /// the driver completed (kubeflow #671), FAILED when the driver is not running, else UNKNOWN.
    private static func updateExecutors(
        _ app: SparkApplication, observed: Observed, config: Configuration, _ d: inout Decision
    ) {
        let old = d.status.executorState ?? [:]
        var new: [String: ExecutorState] = [:]
        let driverSucceeded = [.succeeding, .completed].contains(d.status.state)
        for pod in observed.executors {
            if let id = pod.labels["spark-exec-id"].flatMap(Int.init), id > config.maxTrackedExecutorPerApp { continue }
            var state = pod.executorState
            if driverSucceeded && !state.isTerminal { state = .completed }
            new[pod.name] = state
        }
        for (podName, state) in old where new[podName] == nil {
            if state.isTerminal {
                new[podName] = state
            } else if driverSucceeded {
                new[podName] = .completed
            } else if d.status.state != .running {
                new[podName] = .failed
            } else {
                new[podName] = .unknown
            }
        }
        for (podName, state) in new.sorted(by: { $0.key < $1.key }) where old[podName] != state {
            let reason = "SparkExecutor" + state.rawValue.prefix(1) + state.rawValue.dropFirst().lowercased()
            d.events.append(Event(warning: state == .failed, reason, "Executor \(podName) is \(state.rawValue)"))
        }
        d.status.executorState = new.isEmpty ? nil : new
    }

    // MARK: - submission

    /// Folds the outcome of a submission attempt into the status.
    public static func applySubmission(
        _ outcome: SubmissionOutcome, to status: SparkApplicationStatus, appName: String, now: Date
    ) -> (SparkApplicationStatus, Event) {
        var s = status
        s.lastSubmissionAttemptTime = KubeTime(now)
        s.submissionAttempts = (s.submissionAttempts ?? 0) + 1
        s.terminationTime = nil
        switch outcome {
        case .submitted(let submissionID, let driverPodName):
            s.submissionID = submissionID
            s.executionAttempts = (s.executionAttempts ?? 0) + 1
            s.applicationState = ApplicationState(state: .submitted)
            var info = DriverInfo()
            info.podName = driverPodName
            s.driverInfo = info
            return (s, Event("SparkApplicationSubmitted", "SparkApplication \(appName) was submitted successfully"))
        case .failed(let message):
            s.applicationState = ApplicationState(state: .submissionFailed, errorMessage: message)
            return (s, Event(warning: true, "SparkApplicationSubmissionFailed",
                             "failed to submit SparkApplication \(appName): \(message)"))
        }
    }

    // MARK: - retries (kubeflow pkg/util/sparkapplication.go)

    /// `ShouldRetry`.
    public static func shouldRetry(_ app: SparkApplication, state: ApplicationStateType, status: SparkApplicationStatus) -> Bool {
        let policy = app.spec.restartPolicy
        switch (state, policy?.type ?? .never) {
        case (.succeeding, .always), (.failing, .always), (.submissionFailed, .always):
            return true
        case (.failing, .onFailure):
            guard let retries = policy?.onFailureRetries else { return false }
            return (status.executionAttempts ?? 0) <= retries
        case (.submissionFailed, .onFailure):
            guard let retries = policy?.onSubmissionFailureRetries else { return false }
            return (status.submissionAttempts ?? 0) <= retries
        default:
            return false
        }
    }

    /// `TimeUntilNextRetryDue`: interval × submissionAttempts − time since the last attempt
    /// (linear backoff). The interval defaults to 5 s, so a missing interval can never stall
    /// retries (kubeflow #2237).
    public static func timeUntilNextRetryDue(
        _ app: SparkApplication, state: ApplicationStateType, status: SparkApplicationStatus, now: Date
    ) -> Duration {
        let policy = app.spec.restartPolicy
        let interval = (state == .submissionFailed ? policy?.onSubmissionFailureRetryInterval : policy?.onFailureRetryInterval) ?? 5
        let attempts = max(Int64(status.submissionAttempts ?? 0), 1)
        guard let last = status.lastSubmissionAttemptTime?.date else { return .zero }
        let due = Double(interval * attempts) - now.timeIntervalSince(last)
        return .milliseconds(Int64((due * 1000).rounded(.up)))
    }

    /// kubeflow's reset before a rerun.
    private static func resetForRerun(_ s: inout SparkApplicationStatus) {
        s.sparkApplicationId = nil
        s.submissionID = nil
        s.driverInfo = nil
        s.executorState = nil
        s.applicationState?.errorMessage = nil
    }
}
