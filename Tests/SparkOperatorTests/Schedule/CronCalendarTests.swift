import Foundation
import SparkOperator
import Testing

/// Leap years, month ends, the day-of-month/day-of-week rule, and schedules that never fire.
@Suite("CronSchedule calendar edges")
struct CronCalendarTests {
    static func fires(_ spec: String, after start: String, count: Int) throws -> [String] {
        let s = try CronSchedule(parsing: spec, local: CronTestSupport.utc)
        return CronTestSupport.fires(s, after: CronTestSupport.instant(start), count: count, in: CronTestSupport.utc)
    }

    static let cases: [(String, String, [String])] = [
        // February 29 comes every four years, and not in 2100.
        ("0 0 29 2 *", "2023-06-01T00:00:00Z", ["2024-02-29 00:00 +00:00", "2028-02-29 00:00 +00:00", "2032-02-29 00:00 +00:00"]),
        ("0 0 29 2 *", "2024-02-29T00:00:00Z", ["2028-02-29 00:00 +00:00"]),
        ("0 0 29 2 *", "2096-03-01T00:00:00Z", ["never"]),  // 2104 is beyond the five-year search
        ("0 0 29 2 *", "2099-01-01T00:00:00Z", ["2104-02-29 00:00 +00:00"]),
        ("0 0 28 2 *", "2100-01-01T00:00:00Z", ["2100-02-28 00:00 +00:00", "2101-02-28 00:00 +00:00"]),
        ("0 0 * 2 *", "2100-02-27T12:00:00Z", ["2100-02-28 00:00 +00:00", "2101-02-01 00:00 +00:00"]),
        ("0 0 * 2 *", "2000-02-28T12:00:00Z", ["2000-02-29 00:00 +00:00", "2001-02-01 00:00 +00:00"]),
        ("0 12 29 * *", "2023-01-30T00:00:00Z", ["2023-03-29 12:00 +00:00", "2023-04-29 12:00 +00:00"]),
        // Month ends: the 31st skips short months, the 30th skips February.
        ("0 0 31 * *", "2024-01-31T00:00:00Z", ["2024-03-31 00:00 +00:00", "2024-05-31 00:00 +00:00",
                                                "2024-07-31 00:00 +00:00", "2024-08-31 00:00 +00:00",
                                                "2024-10-31 00:00 +00:00", "2024-12-31 00:00 +00:00",
                                                "2025-01-31 00:00 +00:00"]),
        ("0 0 30 * *", "2024-01-30T00:00:00Z", ["2024-03-30 00:00 +00:00", "2024-04-30 00:00 +00:00"]),
        ("0 0 31 4-6 *", "2024-01-01T00:00:00Z", ["2024-05-31 00:00 +00:00", "2025-05-31 00:00 +00:00"]),
        ("59 23 31 12 *", "2024-12-31T23:59:00Z", ["2025-12-31 23:59 +00:00"]),
        ("59 23 31 12 *", "2024-12-31T23:58:59.999Z", ["2024-12-31 23:59 +00:00"]),
        // Day-of-month OR day-of-week when both are restricted.
        ("0 0 13 * 5", "2024-09-01T00:00:00Z", ["2024-09-06 00:00 +00:00", "2024-09-13 00:00 +00:00",
                                                "2024-09-20 00:00 +00:00", "2024-09-27 00:00 +00:00",
                                                "2024-10-04 00:00 +00:00", "2024-10-11 00:00 +00:00",
                                                "2024-10-13 00:00 +00:00"]),
        ("0 0 1,15 * MON", "2024-06-28T00:00:00Z", ["2024-07-01 00:00 +00:00", "2024-07-08 00:00 +00:00",
                                                    "2024-07-15 00:00 +00:00", "2024-07-22 00:00 +00:00"]),
        // AND when one of them is a plain star.
        ("0 0 * * MON", "2024-06-28T00:00:00Z", ["2024-07-01 00:00 +00:00", "2024-07-08 00:00 +00:00"]),
        ("0 0 15 * *", "2024-06-28T00:00:00Z", ["2024-07-15 00:00 +00:00", "2024-08-15 00:00 +00:00"]),
        ("0 0 ? * 6", "2024-06-28T00:00:00Z", ["2024-06-29 00:00 +00:00", "2024-07-06 00:00 +00:00"]),
        // Weekday in a month: first Monday is days 1-7 AND Monday? No: both restricted means OR.
        ("0 0 1-7 * 1", "2024-07-01T00:00:00Z", ["2024-07-02 00:00 +00:00", "2024-07-03 00:00 +00:00",
                                                 "2024-07-04 00:00 +00:00", "2024-07-05 00:00 +00:00",
                                                 "2024-07-06 00:00 +00:00", "2024-07-07 00:00 +00:00",
                                                 "2024-07-08 00:00 +00:00", "2024-07-15 00:00 +00:00"]),
        // A stepped star restricts, so OR (robfig v3.0.1).
        ("0 0 */10 * 0", "2024-06-28T00:00:00Z", ["2024-06-30 00:00 +00:00", "2024-07-01 00:00 +00:00",
                                                  "2024-07-07 00:00 +00:00", "2024-07-11 00:00 +00:00"]),
        // Sunday is 0 and 7.
        ("0 0 * * 7", "2024-06-28T00:00:00Z", ["2024-06-30 00:00 +00:00", "2024-07-07 00:00 +00:00"]),
        // Never.
        ("0 0 30 2 *", "2024-01-01T00:00:00Z", ["never"]),
        ("0 0 31 2,4,6,9,11 *", "2024-01-01T00:00:00Z", ["never"]),
        ("0 0 31 4 *", "2024-01-01T00:00:00Z", ["never"]),
        // Far from now, and before 1970.
        ("30 6 1 1 *", "1969-06-01T00:00:00Z", ["1970-01-01 06:30 +00:00", "1971-01-01 06:30 +00:00"]),
        ("0 0 29 2 *", "1899-01-01T00:00:00Z", ["1904-02-29 00:00 +00:00"]),
        ("0 0 1 1 *", "2999-06-01T00:00:00Z", ["3000-01-01 00:00 +00:00"]),
    ]

    @Test(arguments: cases)
    func firings(_ spec: String, _ start: String, _ expected: [String]) throws {
        #expect(try Self.fires(spec, after: start, count: expected.count) == expected)
    }

    @Test(arguments: [
        ("0 0 30 2 *", "day 30 never occurs in February"),
        ("0 0 31 4 *", "day 31 never occurs in April"),
        ("0 0 31 2,4,6,9,11 *", "none of the days 31 occurs in February, April, June, September, November"),
        ("0 0 30,31 2 *", "none of the days 30, 31 occurs in February"),
    ])
    func neverFiresReason(_ spec: String, _ reason: String) throws {
        #expect(try CronSchedule(parsing: spec, local: CronTestSupport.utc).neverFiresReason == reason)
    }

    @Test(arguments: ["0 0 29 2 *", "0 0 31 * *", "0 0 30 2 1", "0 0 31 4 */2", "@every 5m", "@yearly", "0 0 30,1 2 *"])
    func schedulesThatCanFireHaveNoNeverFiresReason(_ spec: String) throws {
        #expect(try CronSchedule(parsing: spec, local: CronTestSupport.utc).neverFiresReason == nil)
    }

    @Test func fractionalInstantsFireAtTheNextWholeTick() throws {
        let s = try CronSchedule(parsing: "* * * * *", local: CronTestSupport.utc)
        let next = s.next(after: CronTestSupport.instant("2024-01-01T00:00:59.999Z"))
        #expect(next == CronTestSupport.instant("2024-01-01T00:01:00Z"))
        #expect(s.next(after: CronTestSupport.instant("2024-01-01T00:01:00Z")) == CronTestSupport.instant("2024-01-01T00:02:00Z"))
    }

    @Test func nextIsNilForDatesOutOfRange() throws {
        let s = try CronSchedule(parsing: "* * * * *", local: CronTestSupport.utc)
        #expect(s.next(after: Date(timeIntervalSince1970: .infinity)) == nil)
        #expect(s.next(after: Date(timeIntervalSince1970: .nan)) == nil)
    }
}
