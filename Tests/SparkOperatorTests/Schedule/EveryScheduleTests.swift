import Foundation
@testable import SparkOperator
import Testing

/// `@every <duration>`: Go's duration syntax, robfig's ConstantDelaySchedule rounding.
@Suite("@every and Go durations")
struct EveryScheduleTests {
    @Test(arguments: [
        ("0", 0), ("+0", 0), ("-0", 0), ("0s", 0), ("1ns", 1), ("1us", 1_000), ("1µs", 1_000), ("1μs", 1_000),
        ("1ms", 1_000_000), ("1s", 1_000_000_000), ("90s", 90_000_000_000), ("5m", 300_000_000_000),
        ("1h", 3_600_000_000_000), ("1h30m", 5_400_000_000_000), ("1.5h", 5_400_000_000_000),
        ("2h45m30s", 9_930_000_000_000), ("500ms", 500_000_000), ("1500ms", 1_500_000_000), (".5m", 30_000_000_000),
        ("1.m", 60_000_000_000), ("-5m", -300_000_000_000), ("+5m", 300_000_000_000), ("1h0.5s", 3_600_500_000_000),
        ("1m1m", 120_000_000_000), ("0.000000001s", 1), ("1.0000000001s", 1_000_000_000), ("3000000000ns", 3_000_000_000),
        ("2562047h47m16.854775807s", Int64.max), ("-2562047h47m16.854775808s", Int64.min),
    ] as [(String, Int64)])
    func goDurations(_ text: String, _ nanoseconds: Int64) throws {
        #expect(try GoDuration.parse(text) == nanoseconds)
    }

    @Test(arguments: ["", "-", "+", "5", "5x", "1e3s", " 5m", "5m ", "5 m", ".s", ".", "5m30", "1h-30m", "2562047h47m16.854775808s",
                      "99999999999999999999s", "9999999999h", "m", "1ss", "1S", "1H"])
    func invalidGoDurations(_ text: String) {
        #expect(throws: GoDuration.Problem.self) { try GoDuration.parse(text) }
    }

    @Test(arguments: [
        ("@every 1s", 1), ("@every 90s", 90), ("@every 5m", 300), ("@every 1h30m", 5400), ("@every 1.5h", 5400),
        ("@every 500ms", 1), ("@every 1500ms", 1), ("@every 1.9999s", 1), ("@every 0s", 1), ("@every 0", 1),
        ("@every -5m", 1), ("@every 100us", 1), ("@every 2.5s", 2), ("@every 36h", 129_600), ("@every 3000000000ns", 3),
    ] as [(String, Int64)])
    func delaysRoundedAsRobfig(_ spec: String, _ seconds: Int64) throws {
        #expect(try CronSchedule(parsing: spec, local: CronTestSupport.utc).rule == .every(seconds: seconds))
    }

    @Test(arguments: [
        ("@every 5m", "2024-01-01T00:00:00Z", "2024-01-01T00:05:00Z"),
        ("@every 5m", "2024-01-01T00:00:00.999Z", "2024-01-01T00:05:00Z"),  // truncated to the second first
        ("@every 90s", "2024-01-01T00:00:30.5Z", "2024-01-01T00:02:00Z"),
        ("@every 500ms", "2024-01-01T00:00:00.7Z", "2024-01-01T00:00:01Z"),
        ("@every 1s", "2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z"),
        ("@every 1h", "1969-12-31T23:59:59.5Z", "1970-01-01T00:59:59Z"),
    ])
    func nextIsTruncatedNowPlusDelay(_ spec: String, _ now: String, _ expected: String) throws {
        let s = try CronSchedule(parsing: spec, local: CronTestSupport.utc)
        #expect(s.next(after: CronTestSupport.instant(now)) == CronTestSupport.instant(expected))
    }

    @Test func everyFiresAtAnyInstantAndCountsFromNow() throws {
        let s = try CronSchedule(parsing: "@every 10m", local: CronTestSupport.utc)
        let now = CronTestSupport.instant("2024-01-01T00:00:00Z")
        #expect(s.isTick(now.addingTimeInterval(17)))
        #expect(s.isNextRun(now.addingTimeInterval(600), at: now))
        #expect(s.isNextRun(now.addingTimeInterval(60), at: now))
        #expect(!s.isNextRun(now.addingTimeInterval(601), at: now))
        #expect(!s.isNextRun(now, at: now))
    }
}
