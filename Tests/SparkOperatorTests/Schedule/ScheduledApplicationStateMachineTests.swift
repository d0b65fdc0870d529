import Foundation
import SparkOperator
import SparkOperatorAPI
import Testing

typealias SSM = ScheduledApplicationStateMachine

/// Builds ScheduledSparkApplications and runs for decision tests; `now` is always injected.
enum SSMFixture {
    static let name = "nightly"

    static func t(_ text: String) -> Date { CronTestSupport.instant(text) }

    static func app(
        schedule: String = "*/10 * * * *", zone: String? = "UTC", policy: ConcurrencyPolicy? = nil, suspend: Bool? = nil,
        successLimit: Int32? = nil, failLimit: Int32? = nil, state: ScheduleState? = nil, nextRun: String? = nil,
        lastRun: String? = nil, lastRunName: String? = nil, reason: String? = nil,
        mainApplicationFile: String = "local:///opt/spark/examples/jars/spark-examples.jar"
    ) -> ScheduledSparkApplication {
        var spec = ScheduledSparkApplicationSpec(
            schedule: schedule,
            template: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: mainApplicationFile))
        spec.timeZone = zone
        spec.concurrencyPolicy = policy
        spec.suspend = suspend
        spec.successfulRunHistoryLimit = successLimit
        spec.failedRunHistoryLimit = failLimit
        var status: ScheduledSparkApplicationStatus?
        if state != nil || nextRun != nil || lastRun != nil || lastRunName != nil {
            var s = ScheduledSparkApplicationStatus()
            s.scheduleState = state
            s.nextRun = nextRun.map { KubeTime(t($0)) }
            s.lastRun = lastRun.map { KubeTime(t($0)) }
            s.lastRunName = lastRunName
            s.reason = reason
            status = s
        }
        var meta = ObjectMeta(name: name, namespace: "ns", labels: ["team": "data"])
        meta.uid = "uid-1"
        return ScheduledSparkApplication(metadata: meta, spec: spec, status: status)
    }

    static func runName(_ tick: String) -> String { ScheduledRun.name(scheduledAppName: name, tick: t(tick)) }

    /// A run for `tick`, created at the tick unless said otherwise.
    static func run(_ tick: String, _ state: ApplicationStateType, created: String? = nil, deleting: Bool = false) -> SSM.Run {
        SSM.Run(name: runName(tick), creationTimestamp: t(created ?? tick), state: state, isBeingDeleted: deleting)
    }

    static func decide(_ app: ScheduledSparkApplication, _ runs: [SSM.Run] = [], now: String,
                       zone: TimeZone = CronTestSupport.utc) -> SSM.Decision {
        SSM.decide(app, runs: runs, now: t(now), operatorTimeZone: zone)
    }

    /// The app with the decision's status applied, as the reconciler writes it.
    static func applying(_ d: SSM.Decision, to app: ScheduledSparkApplication) -> ScheduledSparkApplication {
        var app = app
        app.status = d.status
        return app
    }
}

@Suite("ScheduledSparkApplication decisions")
struct ScheduledApplicationStateMachineTests {
    typealias F = SSMFixture

    // MARK: scheduling

    @Test(arguments: [nil, ScheduleState.new, .validating])
    func firstReconcileSchedulesTheNextTick(_ state: ScheduleState?) {
        let d = F.decide(F.app(state: state), now: "2024-01-15T10:03:00Z")
        #expect(d.status.scheduleState == .scheduled)
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T10:10:00Z")))
        #expect(d.status.reason == nil)
        #expect(d.actions.isEmpty)
        #expect(d.requeueAfter == .seconds(420))
    }

    @Test func firstReconcileOnATickDoesNotStartARun() {
        let d = F.decide(F.app(), now: "2024-01-15T10:10:00Z")
        #expect(d.actions.isEmpty)
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T10:20:00Z")))
    }

    @Test func notDueWaitsUntilNextRun() {
        let app = F.app(state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let d = F.decide(app, now: "2024-01-15T10:05:30Z")
        #expect(d.status == app.status)
        #expect(d.actions.isEmpty)
        #expect(d.requeueAfter == .seconds(270))
    }

    @Test func dueTickStartsOneRunNamedAfterTheTick() {
        let d = F.decide(F.app(state: .scheduled, nextRun: "2024-01-15T10:10:00Z"), now: "2024-01-15T10:10:02Z")
        #expect(d.actions == [.createRun(name: "nightly-1705313400", tick: F.t("2024-01-15T10:10:00Z"))])
        #expect(d.status.lastRunName == "nightly-1705313400")
        #expect(d.status.lastRun == KubeTime(F.t("2024-01-15T10:10:02Z")))
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T10:20:00Z")))
        #expect(d.requeueAfter == .seconds(598))
        #expect(d.status.scheduleState == .scheduled)
    }

    @Test func operatorTimeZoneIsLocal() {
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let d = F.decide(F.app(schedule: "0 9 * * *", zone: nil), now: "2024-01-15T12:00:00Z", zone: tokyo)
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-16T00:00:00Z")))
        let utc = F.decide(F.app(schedule: "0 9 * * *", zone: nil), now: "2024-01-15T12:00:00Z")
        #expect(utc.status.nextRun == KubeTime(F.t("2024-01-16T09:00:00Z")))
    }

    @Test func specTimeZoneApplies() {
        let d = F.decide(F.app(schedule: "30 2 * * *", zone: "America/New_York"), now: "2024-03-09T17:00:00Z")
        // 02:30 does not exist on 2024-03-10 in New York: it fires at 03:00 EDT.
        #expect(d.status.nextRun == KubeTime(F.t("2024-03-10T07:00:00Z")))
    }

    // MARK: concurrency

    @Test(arguments: [ConcurrencyPolicy.allow, ConcurrencyPolicy(rawValue: ""), nil] as [ConcurrencyPolicy?])
    func allowStartsWhileAnotherRunIsActive(_ policy: ConcurrencyPolicy?) {
        let app = F.app(policy: policy, state: .scheduled, nextRun: "2024-01-15T10:20:00Z")
        let d = F.decide(app, [F.run("2024-01-15T10:10:00Z", .running)], now: "2024-01-15T10:20:00Z")
        #expect(d.actions == [.createRun(name: F.runName("2024-01-15T10:20:00Z"), tick: F.t("2024-01-15T10:20:00Z"))])
    }

    @Test(arguments: [ApplicationStateType.new, .submitted, .running, .pendingRerun, .failing, .succeeding, .unknown,
                      .submissionFailed, .invalidating, .suspended])
    func forbidWaitsWhileTheLatestRunIsUnfinished(_ state: ApplicationStateType) {
        let app = F.app(policy: .forbid, state: .scheduled, nextRun: "2024-01-15T10:20:00Z", lastRun: "2024-01-15T10:10:00Z",
                        lastRunName: F.runName("2024-01-15T10:10:00Z"))
        let d = F.decide(app, [F.run("2024-01-15T10:10:00Z", state)], now: "2024-01-15T10:20:01Z")
        #expect(d.actions.isEmpty)
        #expect(d.status.nextRun == app.status?.nextRun)  // the tick stays pending
        #expect(d.status.lastRunName == app.status?.lastRunName)
        #expect(d.requeueAfter == .seconds(599))  // a look at the next tick, in case the run's event is missed
    }

    @Test func forbidStartsThePendingTickAsSoonAsTheRunFinishes() {
        let app = F.app(policy: .forbid, state: .scheduled, nextRun: "2024-01-15T10:20:00Z")
        let d = F.decide(app, [F.run("2024-01-15T10:10:00Z", .completed)], now: "2024-01-15T10:37:00Z")
        #expect(d.actions == [.createRun(name: F.runName("2024-01-15T10:20:00Z"), tick: F.t("2024-01-15T10:20:00Z"))])
        #expect(d.status.lastRun == KubeTime(F.t("2024-01-15T10:37:00Z")))
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T10:40:00Z")))
    }

    @Test func forbidLooksOnlyAtTheLatestRun() {
        let app = F.app(policy: .forbid, state: .scheduled, nextRun: "2024-01-15T10:20:00Z")
        let runs = [F.run("2024-01-15T09:50:00Z", .running), F.run("2024-01-15T10:10:00Z", .failed)]
        let d = F.decide(app, runs, now: "2024-01-15T10:20:00Z")
        #expect(d.actions.contains(.createRun(name: F.runName("2024-01-15T10:20:00Z"), tick: F.t("2024-01-15T10:20:00Z"))))
    }

    @Test func forbidStartsWhenThereIsNoRun() {
        let d = F.decide(F.app(policy: .forbid, state: .scheduled, nextRun: "2024-01-15T10:20:00Z"), now: "2024-01-15T10:20:00Z")
        #expect(d.actions.count == 1)
    }

    @Test func forbidIgnoresARunBeingDeleted() {
        let app = F.app(policy: .forbid, state: .scheduled, nextRun: "2024-01-15T10:20:00Z")
        let d = F.decide(app, [F.run("2024-01-15T10:10:00Z", .running, deleting: true)], now: "2024-01-15T10:20:00Z")
        #expect(d.actions.count == 1)
    }

    @Test func replaceDeletesEveryUnfinishedRunThenStarts() {
        let app = F.app(policy: .replace, state: .scheduled, nextRun: "2024-01-15T10:20:00Z")
        let runs = [F.run("2024-01-15T09:50:00Z", .completed), F.run("2024-01-15T10:00:00Z", .running),
                    F.run("2024-01-15T10:10:00Z", .submitted), F.run("2024-01-15T09:40:00Z", .running, deleting: true)]
        let d = F.decide(app, runs, now: "2024-01-15T10:20:00Z")
        #expect(d.actions == [
            .deleteRun(name: F.runName("2024-01-15T10:10:00Z"), reason: .replaced),
            .deleteRun(name: F.runName("2024-01-15T10:00:00Z"), reason: .replaced),
            .createRun(name: F.runName("2024-01-15T10:20:00Z"), tick: F.t("2024-01-15T10:20:00Z")),
        ])
    }

    @Test func replaceDeletesNothingWhenTheRunsFinished() {
        let app = F.app(policy: .replace, state: .scheduled, nextRun: "2024-01-15T10:20:00Z")
        let d = F.decide(app, [F.run("2024-01-15T10:10:00Z", .failed)], now: "2024-01-15T10:20:00Z")
        #expect(d.actions == [.createRun(name: F.runName("2024-01-15T10:20:00Z"), tick: F.t("2024-01-15T10:20:00Z"))])
    }

    // MARK: suspend, downtime, restarts

    @Test func suspendStartsNothingAndClearsNextRun() {
        let app = F.app(suspend: true, state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let d = F.decide(app, now: "2024-01-15T10:10:00Z")
        #expect(d.actions.isEmpty)
        #expect(d.status.nextRun == nil)
        #expect(d.requeueAfter == nil)
        #expect(d.status.scheduleState == .scheduled)
    }

    @Test func resumingDoesNotFireMissedTicks() {
        // Suspended at 10:05 (nextRun cleared), resumed at 12:03: eleven ticks passed.
        var app = F.app(suspend: true, state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let suspended = F.decide(app, now: "2024-01-15T10:05:00Z")
        app = F.applying(suspended, to: app)
        app.spec.suspend = false
        let resumed = F.decide(app, now: "2024-01-15T12:03:00Z")
        #expect(resumed.actions.isEmpty)
        #expect(resumed.status.nextRun == KubeTime(F.t("2024-01-15T12:10:00Z")))
        #expect(resumed.requeueAfter == .seconds(420))
    }

    @Test func missedTicksWhileTheOperatorWasDownStartExactlyOneRun() {
        let app = F.app(state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let first = F.decide(app, now: "2024-01-15T13:47:00Z")
        #expect(first.actions == [.createRun(name: F.runName("2024-01-15T10:10:00Z"), tick: F.t("2024-01-15T10:10:00Z"))])
        #expect(first.status.nextRun == KubeTime(F.t("2024-01-15T13:50:00Z")))
        // The next reconcile, with the new run visible, starts nothing more.
        let again = F.decide(F.applying(first, to: app), [F.run("2024-01-15T10:10:00Z", .new, created: "2024-01-15T13:47:00Z")],
                             now: "2024-01-15T13:47:01Z")
        #expect(again.actions.isEmpty)
        #expect(again.requeueAfter == .seconds(179))
    }

    @Test func aRunThatAlreadyExistsForTheTickIsRecordedNotCreatedAgain() {
        // The run was created, then the operator died before writing the status.
        let app = F.app(state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let existing = F.run("2024-01-15T10:10:00Z", .running, created: "2024-01-15T10:10:01Z")
        let d = F.decide(app, [existing], now: "2024-01-15T10:12:00Z")
        #expect(d.actions.isEmpty)
        #expect(d.status.lastRunName == existing.name)
        #expect(d.status.lastRun == KubeTime(F.t("2024-01-15T10:10:01Z")))
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T10:20:00Z")))
    }

    @Test(arguments: [ConcurrencyPolicy.allow, .forbid, .replace])
    func theTicksRunCountsEvenWhileBeingDeleted(_ policy: ConcurrencyPolicy) {
        let app = F.app(policy: policy, state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let d = F.decide(app, [F.run("2024-01-15T10:10:00Z", .running, deleting: true)], now: "2024-01-15T10:12:00Z")
        #expect(d.actions.isEmpty)
    }

    // MARK: history

    @Test func historyIsPrunedWhenRunsFinishNotOnlyWhenOneStarts() {
        let app = F.app(state: .scheduled, nextRun: "2024-01-15T11:00:00Z")
        let runs = [
            F.run("2024-01-15T10:00:00Z", .completed), F.run("2024-01-15T10:10:00Z", .failed),
            F.run("2024-01-15T10:20:00Z", .completed), F.run("2024-01-15T10:30:00Z", .failed),
            F.run("2024-01-15T10:40:00Z", .completed), F.run("2024-01-15T10:50:00Z", .running),
        ]
        let d = F.decide(app, runs, now: "2024-01-15T10:55:00Z")
        #expect(Set(d.actions) == [
            .deleteRun(name: F.runName("2024-01-15T10:20:00Z"), reason: .history),
            .deleteRun(name: F.runName("2024-01-15T10:00:00Z"), reason: .history),
            .deleteRun(name: F.runName("2024-01-15T10:10:00Z"), reason: .history),
        ])
        #expect(d.status.pastSuccessfulRunNames == [F.runName("2024-01-15T10:40:00Z")])
        #expect(d.status.pastFailedRunNames == [F.runName("2024-01-15T10:30:00Z")])
        #expect(d.requeueAfter == .seconds(300))
    }

    @Test func historyLimitsKeepTheNewestFirst() {
        let app = F.app(successLimit: 2, failLimit: 0, state: .scheduled, nextRun: "2024-01-15T11:00:00Z")
        let runs = [
            F.run("2024-01-15T10:00:00Z", .completed), F.run("2024-01-15T10:10:00Z", .completed),
            F.run("2024-01-15T10:20:00Z", .completed), F.run("2024-01-15T10:30:00Z", .failed),
        ]
        let d = F.decide(app, runs, now: "2024-01-15T10:55:00Z")
        #expect(d.status.pastSuccessfulRunNames == [F.runName("2024-01-15T10:20:00Z"), F.runName("2024-01-15T10:10:00Z")])
        #expect(d.status.pastFailedRunNames == nil)
        #expect(d.actions == [
            .deleteRun(name: F.runName("2024-01-15T10:00:00Z"), reason: .history),
            .deleteRun(name: F.runName("2024-01-15T10:30:00Z"), reason: .history),
        ])
    }

    @Test func historyOrdersByCreationTimeThenName() {
        let app = F.app(successLimit: 1, state: .scheduled, nextRun: "2024-01-15T11:00:00Z")
        let older = F.run("2024-01-15T10:40:00Z", .completed, created: "2024-01-15T10:45:00Z")
        let newer = F.run("2024-01-15T10:20:00Z", .completed, created: "2024-01-15T10:46:00Z")  // created later
        let d = F.decide(app, [older, newer], now: "2024-01-15T10:55:00Z")
        #expect(d.status.pastSuccessfulRunNames == [newer.name])
        #expect(d.actions == [.deleteRun(name: older.name, reason: .history)])
    }

    @Test func historyIgnoresRunsBeingDeleted() {
        let app = F.app(state: .scheduled, nextRun: "2024-01-15T11:00:00Z")
        let runs = [F.run("2024-01-15T10:00:00Z", .completed, deleting: true), F.run("2024-01-15T10:10:00Z", .completed)]
        let d = F.decide(app, runs, now: "2024-01-15T10:55:00Z")
        #expect(d.actions.isEmpty)
        #expect(d.status.pastSuccessfulRunNames == [F.runName("2024-01-15T10:10:00Z")])
    }

    @Test func historyIsKeptWhileSuspended() {
        let app = F.app(suspend: true, state: .scheduled)
        let runs = [F.run("2024-01-15T10:00:00Z", .failed), F.run("2024-01-15T10:10:00Z", .failed)]
        let d = F.decide(app, runs, now: "2024-01-15T10:55:00Z")
        #expect(d.actions == [.deleteRun(name: F.runName("2024-01-15T10:00:00Z"), reason: .history)])
    }

    @Test func historyPruningAndANewRunInOneDecision() {
        let app = F.app(state: .scheduled, nextRun: "2024-01-15T10:30:00Z")
        let runs = [F.run("2024-01-15T10:10:00Z", .completed), F.run("2024-01-15T10:20:00Z", .completed)]
        let d = F.decide(app, runs, now: "2024-01-15T10:30:00Z")
        #expect(d.actions == [
            .deleteRun(name: F.runName("2024-01-15T10:10:00Z"), reason: .history),
            .createRun(name: F.runName("2024-01-15T10:30:00Z"), tick: F.t("2024-01-15T10:30:00Z")),
        ])
    }

    // MARK: validation

    @Test(arguments: [
        ("*/0 * * * *", "UTC", #"spec.schedule: invalid value "*/0 * * * *": minute: step must be at least 1 in "*/0""#),
        ("0 0 30 2 *", "UTC",
         #"spec.schedule: invalid value "0 0 30 2 *": day-of-month: the schedule never fires: day 30 never occurs in February"#),
        ("0 9 * * *", "Mars/Base",
         #"spec.schedule: invalid value "0 9 * * *": time zone: spec.timeZone "Mars/Base" is not a known time zone; use an IANA name such as Europe/Berlin, or UTC or Local"#),
        ("", "UTC", #"spec.schedule: invalid value "": the schedule is empty; write a cron schedule such as "0 * * * *" or "@hourly""#),
    ])
    func invalidScheduleFailsValidation(_ schedule: String, _ zone: String, _ reason: String) {
        let app = F.app(schedule: schedule, zone: zone, state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let d = F.decide(app, [F.run("2024-01-15T10:00:00Z", .completed), F.run("2024-01-15T09:50:00Z", .completed)],
                         now: "2024-01-15T10:10:00Z")
        #expect(d.status.scheduleState == .failedValidation)
        #expect(d.status.reason == reason)
        #expect(d.status.nextRun == nil)
        #expect(d.actions.isEmpty)  // no runs, and nothing deleted on the word of an invalid spec
        #expect(d.requeueAfter == nil)
    }

    @Test func everyProblemOfTheSpecIsInTheReason() {
        var app = F.app(schedule: "61 * * * *", policy: ConcurrencyPolicy(rawValue: "Sometimes"), mainApplicationFile: "")
        app.spec.failedRunHistoryLimit = -1
        let d = F.decide(app, now: "2024-01-15T10:00:00Z")
        let reason = d.status.reason ?? ""
        #expect(d.status.scheduleState == .failedValidation)
        #expect(reason.contains(#"minute: 61 is above the maximum 59 in "61""#))
        #expect(reason.contains("spec.concurrencyPolicy"))
        #expect(reason.contains("spec.failedRunHistoryLimit"))
        #expect(reason.contains("spec.template.mainApplicationFile"))
    }

    @Test func aNameTooLongForItsRunsFailsValidation() {
        var app = F.app()
        app.metadata.name = String(repeating: "a", count: 53)
        let d = F.decide(app, now: "2024-01-15T10:00:00Z")
        #expect(d.status.scheduleState == .failedValidation)
        #expect(d.status.reason == "metadata.name: invalid value \"\(app.name)\": must be no more than 52 characters, so that "
                + "its runs' names (<name>-<Unix seconds>) fit in 63")
        app.metadata.name = String(repeating: "a", count: 52)
        let ok = F.decide(app, now: "2024-01-15T10:00:00Z")
        #expect(ok.status.scheduleState == .scheduled)
        #expect(ScheduledRun.name(scheduledAppName: app.name, tick: F.t("2286-11-20T17:46:39Z")).count == 63)
    }

    @Test func aFixedSpecLeavesFailedValidation() {
        let app = F.app(schedule: "0 * * * *", state: .failedValidation, reason: "spec.schedule: broken")
        let d = F.decide(app, now: "2024-01-15T10:05:00Z")
        #expect(d.status.scheduleState == .scheduled)
        #expect(d.status.reason == nil)
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T11:00:00Z")))
        #expect(d.actions.isEmpty)
        #expect(d.requeueAfter == .seconds(3300))
    }

    @Test func aBrokenEditStopsAScheduledApplication() {
        let app = F.app(schedule: "0 * * * * *", state: .scheduled, nextRun: "2024-01-15T11:00:00Z")
        let d = F.decide(app, now: "2024-01-15T11:00:00Z")
        #expect(d.status.scheduleState == .failedValidation)
        #expect(d.actions.isEmpty)
    }

    // MARK: edits

    @Test func aScheduleEditRecomputesNextRunAtOnce() {
        // nextRun came from "0 0 * * *"; the schedule is now hourly.
        let app = F.app(schedule: "0 * * * *", state: .scheduled, nextRun: "2024-01-16T00:00:00Z")
        let d = F.decide(app, now: "2024-01-15T10:05:00Z")
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T11:00:00Z")))
        #expect(d.actions.isEmpty)
        #expect(d.requeueAfter == .seconds(3300))
    }

    @Test func aScheduleEditToALaterTickAlsoRecomputes() {
        // nextRun came from "*/10 * * * *"; the schedule is now daily.
        let app = F.app(schedule: "@daily", state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let d = F.decide(app, now: "2024-01-15T10:05:00Z")
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-16T00:00:00Z")))
    }

    @Test func aTimeZoneEditRecomputesNextRun() {
        let app = F.app(schedule: "0 9 * * *", zone: "Europe/Berlin", state: .scheduled, nextRun: "2024-01-16T09:00:00Z")
        let d = F.decide(app, now: "2024-01-15T10:05:00Z")
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-16T08:00:00Z")))
    }

    @Test func everyKeepsANextRunWithinOneDelay() {
        let app = F.app(schedule: "@every 1h", state: .scheduled, nextRun: "2024-01-15T10:30:00Z")
        let d = F.decide(app, now: "2024-01-15T10:05:00Z")
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T10:30:00Z")))
        #expect(d.requeueAfter == .seconds(1500))
        let shorter = F.decide(F.app(schedule: "@every 5m", state: .scheduled, nextRun: "2024-01-15T10:30:00Z"),
                               now: "2024-01-15T10:05:00Z")
        #expect(shorter.status.nextRun == KubeTime(F.t("2024-01-15T10:10:00Z")))
    }

    @Test func aDueTickOfAnEarlierScheduleIsDropped() {
        // 10:10 was due under "*/10"; the schedule became hourly while the operator was down.
        let app = F.app(schedule: "0 * * * *", state: .scheduled, nextRun: "2024-01-15T10:10:00Z")
        let d = F.decide(app, now: "2024-01-15T10:12:00Z")
        #expect(d.actions.isEmpty)
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T11:00:00Z")))
    }

    @Test func aDueEveryTickAlwaysFires() {
        let app = F.app(schedule: "@every 7m", state: .scheduled, nextRun: "2024-01-15T10:10:13Z")
        let d = F.decide(app, now: "2024-01-15T10:10:13.4Z")
        #expect(d.actions == [.createRun(name: F.runName("2024-01-15T10:10:13Z"), tick: F.t("2024-01-15T10:10:13Z"))])
        #expect(d.status.nextRun == KubeTime(F.t("2024-01-15T10:17:13Z")))
    }

    // MARK: a day in the life

    /// Reconciles whenever the decision asks, with runs that take 25 minutes, over a day: one run
    /// per tick, never two for one tick, history bounded.
    @Test(arguments: [ConcurrencyPolicy.allow, .forbid, .replace])
    func aDayOfHalfHourlyTicks(_ policy: ConcurrencyPolicy) throws {
        var app = F.app(schedule: "*/30 * * * *", policy: policy)
        var runs: [SSM.Run] = []
        var created: [String] = []
        var now = F.t("2024-01-15T00:00:05Z")
        let end = F.t("2024-01-16T00:00:05Z")
        var steps = 0
        while now < end {
            steps += 1
            try #require(steps < 1000)
            // Runs finish 25 minutes after they were created.
            runs = runs.map { run in
                var run = run
                if let c = run.creationTimestamp, now.timeIntervalSince(c) >= 1500, !run.isFinished { run.state = .completed }
                return run
            }
            let d = SSM.decide(app, runs: runs, now: now, operatorTimeZone: CronTestSupport.utc)
            for action in d.actions {
                switch action {
                case .createRun(let name, _):
                    #expect(!runs.contains { $0.name == name })
                    runs.append(SSM.Run(name: name, creationTimestamp: now, state: .running))
                    created.append(name)
                case .deleteRun(let name, _):
                    runs.removeAll { $0.name == name }
                }
            }
            app = F.applying(d, to: app)
            let wait = try #require(d.requeueAfter)
            // Run events (a run finishing) reconcile too: at most every 5 minutes here.
            now = now.addingTimeInterval(min(max(Double(wait.components.seconds), 1), 300))
        }
        #expect(created.count == 48)
        #expect(Set(created).count == created.count)
        #expect(runs.filter { $0.state == .completed }.count <= 1)
    }
}

@Suite("Scheduled runs")
struct ScheduledRunTests {
    @Test func nameIsTheTickInUnixSeconds() {
        #expect(ScheduledRun.name(scheduledAppName: "nightly", tick: CronTestSupport.instant("2024-01-15T10:10:00Z"))
                == "nightly-1705313400")
        #expect(ScheduledRun.name(scheduledAppName: "a", tick: Date(timeIntervalSince1970: 1_705_313_399.9999))
                == "a-1705313400")
    }

    @Test func applicationCarriesTemplateLabelsAndOwner() {
        let scheduled = SSMFixture.app()
        let run = ScheduledRun.application(for: scheduled, named: "nightly-1705313400")
        #expect(run.metadata.name == "nightly-1705313400")
        #expect(run.metadata.namespace == "ns")
        #expect(run.metadata.labels == ["sparkoperator.k8s.io/scheduled-app-name": "nightly", "team": "data"])
        #expect(run.metadata.ownerReferences == [OwnerReference(
            apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "ScheduledSparkApplication", name: "nightly", uid: "uid-1",
            blockOwnerDeletion: true)])
        #expect(run.spec == scheduled.spec.template)
    }

    @Test func runObservationFromASparkApplication() {
        var app = ScheduledRun.application(for: SSMFixture.app(), named: "nightly-1")
        app.metadata.creationTimestamp = KubeTime(CronTestSupport.instant("2024-01-15T10:10:01Z"))
        #expect(ScheduledApplicationStateMachine.Run(app)
                == .init(name: "nightly-1", creationTimestamp: CronTestSupport.instant("2024-01-15T10:10:01Z"), state: .new))
        var status = SparkApplicationStatus()
        status.applicationState = ApplicationState(state: .failed)
        app.status = status
        app.metadata.deletionTimestamp = KubeTime(CronTestSupport.instant("2024-01-15T10:20:00Z"))
        let run = ScheduledApplicationStateMachine.Run(app)
        #expect(run.state == .failed && run.isBeingDeleted && run.isFinished)
    }
}
