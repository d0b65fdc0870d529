import Foundation
import SparkOperator
import SparkOperatorAPI
import Testing

/// `CronSchedule.validation` plugged into the API's `validate(_:validateSchedule:)`.
@Suite("ScheduledSparkApplication validation with the cron parser")
struct ScheduleValidationTests {
    @Test func validScheduleHasNoErrors() {
        #expect(validate(SSMFixture.app(schedule: "0 9 * * MON-FRI", zone: "Europe/Berlin"),
                         validateSchedule: CronSchedule.validation).isEmpty)
    }

    @Test(arguments: [
        ("0 25 * * *", nil, #"hour: 25 is above the maximum 23 in "25""#),
        ("0 9 * * *", "Europe/Atlantis", #"time zone: spec.timeZone "Europe/Atlantis" is not a known time zone; use an IANA name such as Europe/Berlin, or UTC or Local"#),
        ("@every 5 minutes", nil, #"@every: unknown unit " minutes" in duration "5 minutes"; use ns, us, ms, s, m or h"#),
        ("0 0 31 2 *", nil, "day-of-month: the schedule never fires: day 31 never occurs in February"),
    ] as [(String, String?, String)])
    func invalidScheduleIsReportedOnSpecSchedule(_ schedule: String, _ zone: String?, _ message: String) {
        let errors = validate(SSMFixture.app(schedule: schedule, zone: zone), validateSchedule: CronSchedule.validation)
        #expect(errors == [ValidationError(field: "spec.schedule", value: schedule, message: message)])
    }

    @Test func theDefaultHookOnlyChecksEmptiness() {
        // Without the cron parser the API accepts any non-empty text; with it, it does not.
        let app = SSMFixture.app(schedule: "every day at noon")
        #expect(validate(app).isEmpty)
        #expect(validate(app, validateSchedule: CronSchedule.validation).count == 1)
    }
}
