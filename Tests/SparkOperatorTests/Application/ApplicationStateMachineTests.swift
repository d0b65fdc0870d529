import Foundation
import SparkOperator
import SparkOperatorAPI
import Testing

typealias SM = ApplicationStateMachine

/// Builds applications and pods for state-machine tests.
enum SMFixture {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func app(
        state: ApplicationStateType = .new, restart: RestartPolicy? = nil, suspend: Bool? = nil, ttl: Int64? = nil,
        submissionAttempts: Int32? = nil, executionAttempts: Int32? = nil, lastSubmission: Date? = t0,
        terminated: Date? = nil, executors: [String: ExecutorState]? = nil, error: String? = nil
    ) -> SparkApplication {
        var spec = SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///x.jar")
        spec.restartPolicy = restart
        spec.suspend = suspend
        spec.timeToLiveSeconds = ttl
        var status = SparkApplicationStatus()
        status.applicationState = ApplicationState(state: state, errorMessage: error)
        status.submissionAttempts = submissionAttempts
        status.executionAttempts = executionAttempts
        status.lastSubmissionAttemptTime = lastSubmission.map(KubeTime.init)
        status.terminationTime = terminated.map(KubeTime.init)
        status.executorState = executors
        return SparkApplication(metadata: ObjectMeta(name: "pi", namespace: "ns"), spec: spec, status: status)
    }

    static func driver(_ phase: String, exit: Int32? = nil, reason: String? = nil, waiting: String? = nil,
                       deleted: Bool = false) -> PodObservation {
        PodObservation(
            name: "pi-driver", phase: phase, terminated: exit.map { .init(exitCode: $0, reason: reason) },
            waitingReason: waiting, labels: ["spark-app-selector": "spark-123"], isBeingDeleted: deleted)
    }

    static func executor(_ n: Int, _ phase: String) -> PodObservation {
        PodObservation(name: "pi-exec-\(n)", phase: phase, labels: ["spark-exec-id": "\(n)", "spark-app-selector": "spark-exec-app"])
    }

    static func decide(_ app: SparkApplication, _ observed: SM.Observed = .init(), at seconds: Double = 1,
                       config: SM.Configuration = .init()) -> SM.Decision {
        SM.decide(app, observed: observed, now: t0.addingTimeInterval(seconds), config: config)
    }
}

@Suite("Application state machine: one test per transition")
struct ApplicationStateMachineTests {
    typealias F = SMFixture

    @Test func newSubmits() {
        let d = F.decide(F.app(state: .new, lastSubmission: nil))
        #expect(d.actions == [.submit])
        #expect(d.status.state == .new)
    }

    @Test func submissionSuccessSetsSubmittedAndCountsAttempts() {
        let (s, event) = SM.applySubmission(
            .submitted(submissionID: "sid", driverPodName: "pi-driver"), to: SparkApplicationStatus(), appName: "pi", now: F.t0)
        #expect(s.state == .submitted)
        #expect(s.submissionAttempts == 1)
        #expect(s.executionAttempts == 1)
        #expect(s.submissionID == "sid")
        #expect(s.driverInfo?.podName == "pi-driver")
        #expect(s.lastSubmissionAttemptTime == KubeTime(F.t0))
        #expect(event.reason == "SparkApplicationSubmitted")
    }

    @Test func submissionFailureSetsSubmissionFailedWithMessage() {
        let (s, event) = SM.applySubmission(.failed(message: "pods \"x\" is forbidden"), to: SparkApplicationStatus(),
                                           appName: "pi", now: F.t0)
        #expect(s.state == .submissionFailed)
        #expect(s.applicationState?.errorMessage == "pods \"x\" is forbidden")
        #expect(s.submissionAttempts == 1)
        #expect(s.executionAttempts == nil)
        #expect(event.warning && event.reason == "SparkApplicationSubmissionFailed")
    }

    @Test(arguments: [
        ("Pending", nil as Int32?, ApplicationStateType.submitted),
        ("Running", nil, .running),
        ("Running", 0, .completed),  // SUCCEEDING chained to COMPLETED
        ("Running", 1, .failed),  // FAILING chained to FAILED (Never)
        ("Succeeded", nil, .completed),
        ("Failed", 0, .completed),
        ("Failed", 137, .failed),
        ("Unknown", nil, .unknown),
    ])
    func driverPhaseMapsToState(phase: String, exit: Int32?, expected: ApplicationStateType) {
        let d = F.decide(F.app(state: .submitted, submissionAttempts: 1, executionAttempts: 1),
                         .init(driver: F.driver(phase, exit: exit, reason: "Error")))
        #expect(d.status.state == expected)
        #expect(d.status.sparkApplicationId == "spark-123")
    }

    @Test func failedDriverMessageNamesExitCodeAndReason() {
        let d = F.decide(F.app(state: .running, submissionAttempts: 1, executionAttempts: 1),
                         .init(driver: F.driver("Failed", exit: 137, reason: "OOMKilled")))
        #expect(d.status.applicationState?.errorMessage == "driver container failed with ExitCode: 137, Reason: OOMKilled")
        #expect(d.status.terminationTime != nil)
        #expect(d.events.map(\.reason).contains("SparkDriverFailed"))
        #expect(d.events.map(\.reason).contains("SparkApplicationFailed"))
    }

    @Test func failedDriverWithoutContainerStatus() {
        let d = F.decide(F.app(state: .running), .init(driver: F.driver("Failed")))
        #expect(d.status.applicationState?.errorMessage == "driver container status missing")
    }

    @Test func missingDriverWithinGracePeriodWaits() {
        let d = F.decide(F.app(state: .submitted), .init(driver: nil), at: 3)
        #expect(d.status.state == .submitted)
        #expect(d.requeueAfter == .seconds(7))
    }

    @Test func missingDriverAfterGracePeriodFails() {
        let d = F.decide(F.app(state: .submitted), .init(driver: nil), at: 11)
        #expect(d.status.state == .failed)
        #expect(d.status.applicationState?.errorMessage == "driver pod not found")
        #expect(d.events.first?.reason == "SparkDriverNotFound")
    }

    @Test func missingDriverWhileRunningFailsAtOnce() {
        let d = F.decide(F.app(state: .running), .init(driver: nil), at: 1)
        #expect(d.status.state == .failed)
    }

    @Test("a driver deleted after it succeeded does not fail the app (kubeflow #2755)")
    func tombstoneOfSucceededDriverCompletes() {
        let d = F.decide(F.app(state: .running), .init(driver: F.driver("Succeeded", exit: 0, deleted: true)))
        #expect(d.status.state == .completed)
    }

    @Test func driverDeletedWhileRunningFailsWithMessage() {
        let d = F.decide(F.app(state: .running), .init(driver: F.driver("Running", deleted: true)))
        #expect(d.status.state == .failed)
        #expect(d.status.applicationState?.errorMessage == "driver pod pi-driver was deleted before it terminated")
    }

    @Test func succeedingWithAlwaysGoesPendingRerun() {
        let d = F.decide(F.app(state: .succeeding, restart: RestartPolicy(type: .always)))
        #expect(d.status.state == .pendingRerun)
        #expect(d.actions == [.deleteResources])
    }

    @Test func failingOnFailureRetriesWhenDue() {
        var p = RestartPolicy(type: .onFailure)
        p.onFailureRetries = 2
        p.onFailureRetryInterval = 10
        let app = F.app(state: .failing, restart: p, submissionAttempts: 1, executionAttempts: 1)
        let notDue = F.decide(app, at: 4)
        #expect(notDue.status.state == .failing)
        #expect(notDue.requeueAfter == .seconds(6))
        let due = F.decide(app, at: 10)
        #expect(due.status.state == .pendingRerun)
        #expect(due.actions == [.deleteResources])
        #expect(due.status.executionAttempts == 1, "attempts are kept across retries")
    }

    @Test func failingOnFailureGivesUpAfterRetries() {
        var p = RestartPolicy(type: .onFailure)
        p.onFailureRetries = 2
        let d = F.decide(F.app(state: .failing, restart: p, submissionAttempts: 3, executionAttempts: 3), at: 100)
        #expect(d.status.state == .failed)
    }

    @Test("OnFailure without an interval still retries: default 5 s (kubeflow #2237)")
    func missingIntervalDefaultsToFiveSeconds() {
        var p = RestartPolicy(type: .onFailure)
        p.onFailureRetries = 1
        let app = F.app(state: .failing, restart: p, submissionAttempts: 1, executionAttempts: 1)
        #expect(F.decide(app, at: 2).requeueAfter == .seconds(3))
        #expect(F.decide(app, at: 5).status.state == .pendingRerun)
    }

    @Test func failingNeverFails() {
        let d = F.decide(F.app(state: .failing, restart: RestartPolicy(type: .never)))
        #expect(d.status.state == .failed)
    }

    @Test func submissionFailedRetriesAfterLinearBackoffOnceResourcesAreGone() {
        var p = RestartPolicy(type: .onFailure)
        p.onSubmissionFailureRetries = 3
        p.onSubmissionFailureRetryInterval = 2
        let app = F.app(state: .submissionFailed, restart: p, submissionAttempts: 2)
        #expect(F.decide(app, at: 1).requeueAfter == .seconds(3), "2 s × 2 attempts − 1 s")
        let due = F.decide(app, .init(resourcesGone: true), at: 4)
        #expect(due.actions == [.submit])
        let blocked = F.decide(app, .init(resourcesGone: false), at: 4)
        #expect(blocked.actions == [.deleteResources])
        #expect(blocked.requeueAfter != nil)
    }

    @Test func submissionFailedGivesUp() {
        var p = RestartPolicy(type: .onFailure)
        p.onSubmissionFailureRetries = 1
        let d = F.decide(F.app(state: .submissionFailed, restart: p, submissionAttempts: 2))
        #expect(d.status.state == .failed)
        #expect(d.status.terminationTime != nil)
    }

    @Test func submissionFailedAlwaysRetries() {
        let d = F.decide(F.app(state: .submissionFailed, restart: RestartPolicy(type: .always), submissionAttempts: 9),
                         .init(resourcesGone: true), at: 100)
        #expect(d.actions == [.submit])
    }

    @Test func pendingRerunResubmitsOnlyAfterTheOldDriverIsGone() {
        let app = F.app(state: .pendingRerun)
        #expect(F.decide(app, .init(resourcesGone: false)).actions == [.deleteResources])
        #expect(F.decide(app, .init(resourcesGone: true)).actions == [.submit])
    }

    @Test func specChangeInvalidatesAndResetsAttempts() {
        let d = F.decide(F.app(state: .running, submissionAttempts: 2, executionAttempts: 2),
                         .init(driver: F.driver("Running"), specChanged: true))
        #expect(d.status.state == .pendingRerun)
        #expect(d.actions == [.deleteResources])
        #expect(d.status.submissionAttempts == nil && d.status.executionAttempts == nil)
    }

    @Test func specChangeOfACompletedAppRerunsIt() {
        let d = F.decide(F.app(state: .completed, terminated: F.t0), .init(specChanged: true))
        #expect(d.status.state == .pendingRerun)
    }

    @Test func suspendDeletesThenSuspends() {
        let app = F.app(state: .running, suspend: true)
        let first = F.decide(app, .init(driver: F.driver("Running"), resourcesGone: false))
        #expect(first.status.state == .suspending)
        #expect(first.actions == [.deleteResources])
        let second = F.decide(F.app(state: .suspending, suspend: true), .init(resourcesGone: true))
        #expect(second.status.state == .suspended)
        #expect(second.actions.isEmpty)
    }

    @Test func suspendedStaysUntilResumedThenResubmits() {
        #expect(F.decide(F.app(state: .suspended, suspend: true)).status.state == .suspended)
        let resumed = F.decide(F.app(state: .suspended, suspend: false), .init(resourcesGone: true))
        #expect(resumed.status.state == .resuming)
        #expect(resumed.actions == [.submit])
    }

    @Test func suspendDoesNotTouchATerminatedApp() {
        let d = F.decide(F.app(state: .completed, suspend: true, terminated: F.t0))
        #expect(d.status.state == .completed)
    }

    @Test func ttlRequeuesUntilExpiryThenDeletes() {
        let app = F.app(state: .completed, ttl: 60, terminated: F.t0)
        #expect(F.decide(app, at: 20).requeueAfter == .seconds(40))
        #expect(F.decide(app, at: 60).actions == [.deleteApplication])
        #expect(F.decide(F.app(state: .failed, ttl: 0, terminated: F.t0), at: 0).actions == [.deleteApplication])
        #expect(F.decide(F.app(state: .failed, ttl: -5, terminated: F.t0), at: 0).actions == [.deleteApplication])
        #expect(F.decide(F.app(state: .completed, terminated: F.t0), at: 1e6).actions.isEmpty, "no TTL: kept forever")
        let defaulted = F.decide(F.app(state: .completed, terminated: F.t0), at: 10,
                                 config: .init(defaultTimeToLiveSeconds: 30))
        #expect(defaulted.requeueAfter == .seconds(20))
    }

    @Test func stuckPendingDriverFailsAfterTheTimeout() {
        let app = F.app(state: .submitted, submissionAttempts: 1, executionAttempts: 1)
        let observed = SM.Observed(driver: F.driver("Pending", waiting: "ImagePullBackOff"))
        let config = SM.Configuration(driverPendingTimeout: .seconds(30))
        let early = F.decide(app, observed, at: 10, config: config)
        #expect(early.status.state == .submitted)
        #expect(early.requeueAfter == .seconds(20))
        let late = F.decide(app, observed, at: 30, config: config)
        #expect(late.status.state == .failed)
        #expect(late.status.applicationState?.errorMessage?.contains("ImagePullBackOff") == true)
        #expect(F.decide(app, observed, at: 3000).status.state == .submitted, "no timeout by default")
    }

    @Test func executorStates() {
        let d = F.decide(F.app(state: .running, executors: ["pi-exec-9": .running]),
                         .init(driver: F.driver("Running"), executors: [F.executor(1, "Running"), F.executor(2, "Pending")]))
        #expect(d.status.executorState == ["pi-exec-1": .running, "pi-exec-2": .pending, "pi-exec-9": .unknown])
        #expect(d.status.sparkApplicationId == "spark-exec-app", "the executors' app id is preferred (SPARK-25922)")
    }

    @Test("executors deleted after success are COMPLETED (kubeflow #671)")
    func vanishedExecutorsOfASucceededAppAreCompleted() {
        let d = F.decide(F.app(state: .running, executors: ["pi-exec-1": .running, "pi-exec-2": .running]),
                         .init(driver: F.driver("Succeeded", exit: 0), executors: [F.executor(2, "Running")]))
        #expect(d.status.state == .completed)
        #expect(d.status.executorState == ["pi-exec-1": .completed, "pi-exec-2": .completed])
    }

    @Test func vanishedExecutorsOfAFailedDriverAreFailed() {
        let d = F.decide(F.app(state: .running, executors: ["pi-exec-1": .running]),
                         .init(driver: F.driver("Failed", exit: 1)))
        #expect(d.status.executorState == ["pi-exec-1": .failed])
    }

    @Test func executorsAboveTheTrackingLimitAreSkipped() {
        let d = F.decide(F.app(state: .running), .init(driver: F.driver("Running"),
                                                       executors: [F.executor(1, "Running"), F.executor(3, "Running")]),
                         config: .init(maxTrackedExecutorPerApp: 2))
        #expect(d.status.executorState == ["pi-exec-1": .running])
    }

    @Test func unknownStateIsLeftAlone() {
        let d = F.decide(F.app(state: ApplicationStateType(rawValue: "SOMETHING")))
        #expect(d.actions.isEmpty && d.status.state.rawValue == "SOMETHING")
    }
}
