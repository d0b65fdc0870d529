import Foundation
import SparkOperator
import Testing

/// Time zone names (Go's LoadLocation), CRON_TZ/TZ prefixes, and kubeflow's `spec.timeZone`.
@Suite("CronSchedule time zones")
struct CronTimeZoneTests {
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    @Test(arguments: ["UTC", "Local", "", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Asia/Calcutta",
                      "US/Eastern", "Etc/GMT+5", "Etc/UTC", "GMT", "GMT+0", "GMT-0", "Asia/Kathmandu", "Australia/Lord_Howe"])
    func knownNames(_ name: String) {
        #expect(CronTimeZone.resolve(name, local: Self.tokyo) != nil)
    }

    @Test(arguments: ["utc", "local", "america/new_york", "Europe/berlin", "Mars/Base", "GMT+5", "GMT+05:30", "GMT-0530",
                      "../etc/passwd", "/etc/localtime", "\\x", "America/New York", " UTC", "UTC "])
    func unknownNames(_ name: String) {
        #expect(CronTimeZone.resolve(name, local: Self.tokyo) == nil)
    }

    @Test func localIsTheOperatorsZoneAndEmptyIsUTC() {
        #expect(CronTimeZone.resolve("Local", local: Self.tokyo) == Self.tokyo)
        #expect(CronTimeZone.resolve("", local: Self.tokyo)?.secondsFromGMT() == 0)
        #expect(CronTimeZone.resolve("UTC", local: Self.tokyo)?.secondsFromGMT() == 0)
    }

    static let start = CronTestSupport.instant("2024-01-15T12:00:00Z")

    /// `(schedule, spec.timeZone, first firing)`, with the operator in Tokyo.
    @Test(arguments: [
        ("0 9 * * *", nil, "2024-01-16T00:00:00Z"),  // Local = Tokyo: 09:00 JST
        ("0 9 * * *", "", "2024-01-16T00:00:00Z"),  // empty is Local too
        ("0 9 * * *", "Local", "2024-01-16T00:00:00Z"),
        ("0 9 * * *", "UTC", "2024-01-16T09:00:00Z"),
        ("0 9 * * *", "America/New_York", "2024-01-15T14:00:00Z"),  // 07:00 EST now
        ("0 9 * * *", "Europe/Berlin", "2024-01-16T08:00:00Z"),
        ("0 9 * * *", "Asia/Kolkata", "2024-01-16T03:30:00Z"),
        ("CRON_TZ=UTC 0 9 * * *", "America/New_York", "2024-01-16T09:00:00Z"),  // the schedule's own prefix wins
        ("TZ=Europe/Berlin 0 9 * * *", "America/New_York", "2024-01-16T08:00:00Z"),
        ("CRON_TZ=Local 0 9 * * *", "UTC", "2024-01-16T00:00:00Z"),
        ("CRON_TZ= 0 9 * * *", nil, "2024-01-16T09:00:00Z"),  // LoadLocation("") is UTC
        ("  0 9 * * *  ", "UTC", "2024-01-16T09:00:00Z"),  // kubeflow's prefix makes robfig trim the rest
        ("@daily", "America/New_York", "2024-01-16T05:00:00Z"),
        (" @daily ", "UTC", "2024-01-16T00:00:00Z"),
        ("@every 1h", "America/New_York", "2024-01-15T13:00:00Z"),
    ] as [(String, String?, String)])
    func kubeflowZone(_ schedule: String, _ zone: String?, _ first: String) throws {
        let s = try CronSchedule(schedule: schedule, timeZone: zone, local: Self.tokyo)
        #expect(s.next(after: Self.start) == CronTestSupport.instant(first))
        #expect(s.text == schedule)
    }

    @Test func robfigLevelParsingUsesLocalWithoutPrefixAndDoesNotTrim() throws {
        let s = try CronSchedule(parsing: "0 9 * * *", local: Self.tokyo)
        #expect(s.timeZone == Self.tokyo)
        #expect(throws: CronScheduleError.self) { try CronSchedule(parsing: "@daily ", local: Self.tokyo) }
        #expect(try CronSchedule(parsing: "CRON_TZ=UTC   @daily  ", local: Self.tokyo).rule
                == CronSchedule(parsing: "@daily", local: Self.tokyo).rule)
    }

    @Test func validationHook() {
        let v = CronSchedule.validation
        #expect(v("0 9 * * 1-5", "Europe/Berlin") == nil)
        #expect(v("@every 90s", nil) == nil)
        #expect(v("0 0 30 2 *", nil) == "day-of-month: the schedule never fires: day 30 never occurs in February")
        #expect(v("*/0 * * * *", nil) == #"minute: step must be at least 1 in "*/0""#)
        #expect(v("0 9 * * *", "Mars/Base")
                == #"time zone: spec.timeZone "Mars/Base" is not a known time zone; use an IANA name such as Europe/Berlin, or UTC or Local"#)
        #expect(v("", nil) == #"the schedule is empty; write a cron schedule such as "0 * * * *" or "@hourly""#)
    }

    @Test func isTickAndIsNextRun() throws {
        let s = try CronSchedule(schedule: "*/15 * * * *", timeZone: "UTC")
        let t = CronTestSupport.instant("2024-01-15T12:15:00Z")
        #expect(s.isTick(t))
        #expect(!s.isTick(t.addingTimeInterval(60)))
        #expect(!s.isTick(t.addingTimeInterval(0.5)))
        #expect(s.isTick(t.addingTimeInterval(0.0001)))  // a time that went through JSON and back
        #expect(s.isNextRun(t, at: t.addingTimeInterval(-1)))
        #expect(s.isNextRun(t, at: t.addingTimeInterval(-899)))
        #expect(!s.isNextRun(t, at: t.addingTimeInterval(-901)))  // 12:00 comes first
        #expect(!s.isNextRun(t, at: t))
        #expect(!s.isNextRun(t.addingTimeInterval(60), at: t))
    }
}
