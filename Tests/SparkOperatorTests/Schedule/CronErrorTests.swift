import Foundation
import SparkOperator
import Testing

/// Errors say what is wrong and where: the field, the offending element, and what to write.
@Suite("CronSchedule error messages")
struct CronErrorTests {
    static let cases: [(String, String)] = [
        ("*/0 * * * *", #"schedule "*/0 * * * *": minute: step must be at least 1 in "*/0""#),
        ("1-30/0 * * * *", #"schedule "1-30/0 * * * *": minute: step must be at least 1 in "1-30/0""#),
        ("60 * * * *", #"schedule "60 * * * *": minute: 60 is above the maximum 59 in "60""#),
        ("0,15,61 * * * *", #"schedule "0,15,61 * * * *": minute: 61 is above the maximum 59 in "61""#),
        ("* 24 * * *", #"schedule "* 24 * * *": hour: 24 is above the maximum 23 in "24""#),
        ("0 9-25 * * *", #"schedule "0 9-25 * * *": hour: 25 is above the maximum 23 in "9-25""#),
        ("* * 0 * *", #"schedule "* * 0 * *": day-of-month: 0 is below the minimum 1 in "0""#),
        ("* * 32 * *", #"schedule "* * 32 * *": day-of-month: 32 is above the maximum 31 in "32""#),
        ("* * 0/5 * *", #"schedule "* * 0/5 * *": day-of-month: 0 is below the minimum 1 in "0/5""#),
        ("* * * 0 *", #"schedule "* * * 0 *": month: 0 is below the minimum 1 in "0""#),
        ("* * * 13 *", #"schedule "* * * 13 *": month: 13 is above the maximum 12 in "13""#),
        ("* * * * 8", #"schedule "* * * * 8": day-of-week: 8 is above the maximum 7 in "8""#),
        ("60/5 * * * *", #"schedule "60/5 * * * *": minute: 60 is above the maximum 59 in "60/5""#),
        ("5-1 * * * *", #"schedule "5-1 * * * *": minute: the range starts at 5, after its end 1 in "5-1""#),
        ("0 0 1 Feb-Jan *", #"schedule "0 0 1 Feb-Jan *": month: the range starts at 2, after its end 1 in "Feb-Jan""#),
        ("0 0 * * 7-1", #"schedule "0 0 * * 7-1": day-of-week: the range starts at 7, after its end 1 in "7-1""#),
        ("1-2-3 * * * *", #"schedule "1-2-3 * * * *": minute: more than one "-" in "1-2-3""#),
        ("1/2/3 * * * *", #"schedule "1/2/3 * * * *": minute: more than one "/" in "1/2/3""#),
        ("*-5 * * * *", #"schedule "*-5 * * * *": minute: "*" cannot start a range; write a number in "*-5""#),
        ("?-5 * * * *", #"schedule "?-5 * * * *": minute: "?" cannot start a range; write a number in "?-5""#),
        ("a * * * *", #"schedule "a * * * *": minute: "a" is not a number in "a""#),
        ("0 noon * * *", #"schedule "0 noon * * *": hour: "noon" is not a number in "noon""#),
        ("* * * foo *", #"schedule "* * * foo *": month: "foo" is not a number or a month name (JAN–DEC) in "foo""#),
        ("0 0 1 January *", #"schedule "0 0 1 January *": month: "January" is not a number or a month name (JAN–DEC) in "January""#),
        ("* * * * funday", #"schedule "* * * * funday": day-of-week: "funday" is not a number or a weekday name (SUN–SAT) in "funday""#),
        ("0 0 * * Monday", #"schedule "0 0 * * Monday": day-of-week: "Monday" is not a number or a weekday name (SUN–SAT) in "Monday""#),
        ("0 0 * * mon-", #"schedule "0 0 * * mon-": day-of-week: a number is missing in "mon-""#),
        ("-1 * * * *", #"schedule "-1 * * * *": minute: a number is missing in "-1""#),
        ("*/x * * * *", #"schedule "*/x * * * *": minute: step "x" is not a number in "*/x""#),
        ("*/ * * * *", #"schedule "*/ * * * *": minute: the step is missing after "/" in "*/""#),
        ("*/99999999999999999999 * * * *", #"schedule "*/99999999999999999999 * * * *": minute: step 99999999999999999999 is too large in "*/99999999999999999999""#),
        ("99999999999999999999 * * * *", #"schedule "99999999999999999999 * * * *": minute: 99999999999999999999 is above the maximum 59 in "99999999999999999999""#),
        ("sun * * * *", #"schedule "sun * * * *": minute: "sun" is not a number in "sun""#),
        ("0 0 L * *", #"schedule "0 0 L * *": day-of-month: "L" is not a number in "L""#),
        ("0 0 1W * *", #"schedule "0 0 1W * *": day-of-month: "1W" is not a number in "1W""#),
        ("0 0 * * 1#2", #"schedule "0 0 * * 1#2": day-of-week: "1#2" is not a number or a weekday name (SUN–SAT) in "1#2""#),
        (", * * * *", #"schedule ", * * * *": minute: the list has no element in ",""#),
        ("* * * *", #"schedule "* * * *": expected 5 fields (minute hour day-of-month month day-of-week), found 4"#),
        ("0 * * * * *", #"schedule "0 * * * * *": expected 5 fields (minute hour day-of-month month day-of-week), found 6"#),
        ("", #"schedule "": the schedule is empty; write a cron schedule such as "0 * * * *" or "@hourly""#),
        ("   ", #"schedule "   ": expected 5 fields (minute hour day-of-month month day-of-week), found 0"#),
        ("@daily2", #"schedule "@daily2": descriptor: unknown descriptor "@daily2"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>"#),
        ("@DAILY", #"schedule "@DAILY": descriptor: unknown descriptor "@DAILY"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>"#),
        ("@every", #"schedule "@every": descriptor: unknown descriptor "@every"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>"#),
        ("@every 5", #"schedule "@every 5": @every: missing unit in duration "5"; use ns, us, ms, s, m or h"#),
        ("@every 5x", #"schedule "@every 5x": @every: unknown unit "x" in duration "5x"; use ns, us, ms, s, m or h"#),
        ("@every 1e3s", #"schedule "@every 1e3s": @every: unknown unit "e" in duration "1e3s"; use ns, us, ms, s, m or h"#),
        ("@every  5m", #"schedule "@every  5m": @every: invalid duration " 5m": expected a number at " 5m""#),
        ("@every .s", #"schedule "@every .s": @every: invalid duration ".s": a number has no digits"#),
        ("@every 9999999999h", #"schedule "@every 9999999999h": @every: duration "9999999999h" is out of range"#),
        ("@every ", #"schedule "@every ": @every: the duration is missing"#),
        ("CRON_TZ=Mars/Base 0 0 * * *", #"schedule "CRON_TZ=Mars/Base 0 0 * * *": time zone: unknown time zone "Mars/Base"; use an IANA name such as Europe/Berlin, or UTC or Local"#),
        ("TZ=america/new_york 0 0 * * *", #"schedule "TZ=america/new_york 0 0 * * *": time zone: unknown time zone "america/new_york"; use an IANA name such as Europe/Berlin, or UTC or Local"#),
        ("CRON_TZ=UTC", #"schedule "CRON_TZ=UTC": time zone: no schedule follows "CRON_TZ=UTC"; write CRON_TZ=<zone> <schedule>"#),
        ("CRON_TZ=UTC 0 0 * *", #"schedule "CRON_TZ=UTC 0 0 * *": expected 5 fields (minute hour day-of-month month day-of-week), found 4"#),
    ]

    @Test(arguments: cases)
    func message(_ spec: String, _ expected: String) {
        #expect {
            try CronSchedule(parsing: spec, local: CronTestSupport.utc)
        } throws: { error in
            (error as? CronScheduleError)?.description == expected
        }
    }

    @Test func problemLeavesOutTheScheduleAndNamesFieldAndToken() throws {
        do {
            _ = try CronSchedule(parsing: "0 0 1 13 *", local: CronTestSupport.utc)
            Issue.record("accepted")
        } catch {
            #expect(error.problem == #"month: 13 is above the maximum 12 in "13""#)
            #expect(error.field == "month")
            #expect(error.token == "13")
            #expect(error.schedule == "0 0 1 13 *")
        }
    }

    /// kubeflow reads `spec.schedule` with `spec.timeZone` as a `CRON_TZ=` prefix; errors still
    /// quote the schedule as written.
    @Test(arguments: [
        ("*/0 * * * *", nil, #"schedule "*/0 * * * *": minute: step must be at least 1 in "*/0""#),
        ("0 0 * * *", "Mars/Base", #"schedule "0 0 * * *": time zone: spec.timeZone "Mars/Base" is not a known time zone; use an IANA name such as Europe/Berlin, or UTC or Local"#),
        ("0 0 * * *", "europe/berlin", #"schedule "0 0 * * *": time zone: spec.timeZone "europe/berlin" is not a known time zone; use an IANA name such as Europe/Berlin, or UTC or Local"#),
        ("CRON_TZ=UTC 0 0 * * *", "Mars/Base", #"schedule "CRON_TZ=UTC 0 0 * * *": time zone: spec.timeZone "Mars/Base" is not a known time zone; use an IANA name such as Europe/Berlin, or UTC or Local"#),
        ("", "UTC", #"schedule "": the schedule is empty; write a cron schedule such as "0 * * * *" or "@hourly""#),
        ("  ", nil, #"schedule "  ": the schedule is empty; write a cron schedule such as "0 * * * *" or "@hourly""#),
        (" CRON_TZ=UTC 0 0 * * *", nil, #"schedule " CRON_TZ=UTC 0 0 * * *": expected 5 fields (minute hour day-of-month month day-of-week), found 6"#),
    ] as [(String, String?, String)])
    func kubeflowMessage(_ schedule: String, _ zone: String?, _ expected: String) {
        #expect {
            try CronSchedule(schedule: schedule, timeZone: zone, local: CronTestSupport.utc)
        } throws: { error in
            (error as? CronScheduleError)?.description == expected
        }
    }
}
