import Foundation
import SparkOperator
import Testing

/// What each piece of syntax allows, field by field.
@Suite("CronSchedule parses fields, lists, ranges, steps and names")
struct CronFieldsTests {
    enum Field: Sendable { case minute, hour, dayOfMonth, month, dayOfWeek }

    static func fields(_ spec: String) throws -> CronFields {
        let schedule = try CronSchedule(parsing: spec, local: CronTestSupport.utc)
        guard case .fields(let fields) = schedule.rule else { throw CronScheduleError(schedule: spec, message: "not fields") }
        return fields
    }

    static func values(_ f: CronFields, _ field: Field) -> [Int] {
        switch field {
        case .minute: f.minutes
        case .hour: f.hours
        case .dayOfMonth: f.daysOfMonth
        case .month: f.months
        case .dayOfWeek: f.daysOfWeek
        }
    }

    static let valueCases: [(String, Field, [Int])] = [
        // minute
        ("* * * * *", .minute, Array(0...59)),
        ("? * * * *", .minute, Array(0...59)),
        ("0 * * * *", .minute, [0]),
        ("59 * * * *", .minute, [59]),
        ("*/15 * * * *", .minute, [0, 15, 30, 45]),
        ("*/1 * * * *", .minute, Array(0...59)),
        ("*/60 * * * *", .minute, [0]),
        ("*/100 * * * *", .minute, [0]),
        ("1-30/2 * * * *", .minute, Array(stride(from: 1, through: 29, by: 2))),
        ("5/15 * * * *", .minute, [5, 20, 35, 50]),
        ("58/1 * * * *", .minute, [58, 59]),
        ("10-15 * * * *", .minute, [10, 11, 12, 13, 14, 15]),
        ("7-7 * * * *", .minute, [7]),
        ("0,30 * * * *", .minute, [0, 30]),
        ("30,0,30 * * * *", .minute, [0, 30]),
        ("1,10-12,*/20 * * * *", .minute, [0, 1, 10, 11, 12, 20, 40]),
        ("1,,2 * * * *", .minute, [1, 2]),
        (",5 * * * *", .minute, [5]),
        ("05 * * * *", .minute, [5]),
        ("+5 * * * *", .minute, [5]),
        ("*/+20 * * * *", .minute, [0, 20, 40]),
        ("0-59/30 * * * *", .minute, [0, 30]),
        // hour
        ("0 * * * *", .hour, Array(0...23)),
        ("0 0 * * *", .hour, [0]),
        ("0 23 * * *", .hour, [23]),
        ("0 */6 * * *", .hour, [0, 6, 12, 18]),
        ("0 9-17 * * *", .hour, Array(9...17)),
        ("0 1/5 * * *", .hour, [1, 6, 11, 16, 21]),
        ("0 0-20/2 * * *", .hour, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]),
        ("0 8,12,18 * * *", .hour, [8, 12, 18]),
        // day of month
        ("0 0 * * *", .dayOfMonth, Array(1...31)),
        ("0 0 1 * *", .dayOfMonth, [1]),
        ("0 0 31 * *", .dayOfMonth, [31]),
        ("0 0 */10 * *", .dayOfMonth, [1, 11, 21, 31]),
        ("0 0 1/10 * *", .dayOfMonth, [1, 11, 21, 31]),
        ("0 0 15/5 * *", .dayOfMonth, [15, 20, 25, 30]),
        ("0 0 1,15 * *", .dayOfMonth, [1, 15]),
        ("0 0 1-7 * *", .dayOfMonth, Array(1...7)),
        // month, numbers and names in any case
        ("0 0 1 * *", .month, Array(1...12)),
        ("0 0 1 1 *", .month, [1]),
        ("0 0 1 12 *", .month, [12]),
        ("0 0 1 */3 *", .month, [1, 4, 7, 10]),
        ("0 0 1 2/4 *", .month, [2, 6, 10]),
        ("0 0 1 JAN *", .month, [1]),
        ("0 0 1 jan *", .month, [1]),
        ("0 0 1 Jan *", .month, [1]),
        ("0 0 1 dEc *", .month, [12]),
        ("0 0 1 JAN-MAR *", .month, [1, 2, 3]),
        ("0 0 1 jan-mar,jul-sep *", .month, [1, 2, 3, 7, 8, 9]),
        ("0 0 1 MAR/3 *", .month, [3, 6, 9, 12]),
        ("0 0 1 feb-6 *", .month, [2, 3, 4, 5, 6]),
        ("0 0 1 JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC *", .month, Array(1...12)),
        // day of week, numbers (0 and 7 are Sunday) and names
        ("0 0 * * *", .dayOfWeek, Array(0...6)),
        ("0 0 * * 0", .dayOfWeek, [0]),
        ("0 0 * * 7", .dayOfWeek, [0]),
        ("0 0 * * 0,7", .dayOfWeek, [0]),
        ("0 0 * * 5-7", .dayOfWeek, [0, 5, 6]),
        ("0 0 * * 0-7", .dayOfWeek, Array(0...6)),
        ("0 0 * * 7-7", .dayOfWeek, [0]),
        ("0 0 * * 7/3", .dayOfWeek, [0]),
        ("0 0 * * */2", .dayOfWeek, [0, 2, 4, 6]),
        ("0 0 * * 1/2", .dayOfWeek, [1, 3, 5]),
        ("0 0 * * 1-5", .dayOfWeek, [1, 2, 3, 4, 5]),
        ("0 0 * * SUN", .dayOfWeek, [0]),
        ("0 0 * * sun", .dayOfWeek, [0]),
        ("0 0 * * MON-FRI", .dayOfWeek, [1, 2, 3, 4, 5]),
        ("0 0 * * mon-fri", .dayOfWeek, [1, 2, 3, 4, 5]),
        ("0 0 * * Sat,Sun", .dayOfWeek, [0, 6]),
        ("0 0 * * tue,THU", .dayOfWeek, [2, 4]),
        ("0 0 * * WED/2", .dayOfWeek, [3, 5]),
        ("0 0 * * SUN-SAT", .dayOfWeek, Array(0...6)),
        ("0 0 * * fri-7", .dayOfWeek, [0, 5, 6]),
    ]

    @Test(arguments: valueCases)
    func allowedValues(_ spec: String, _ field: Field, _ expected: [Int]) throws {
        #expect(Self.values(try Self.fields(spec), field) == expected)
    }

    /// Both day fields restricted: either matches. One a plain `*` (or `?`, `*/1`): both must.
    @Test(arguments: [
        ("0 0 * * *", false), ("0 0 1 * *", false), ("0 0 * * 1", false), ("0 0 1 * 1", true),
        ("0 0 ? * 1", false), ("0 0 1 * ?", false), ("0 0 */1 * 1", false), ("0 0 */2 * 1", true),
        ("0 0 1 * */2", true), ("0 0 1,* * 1", false), ("0 0 1-31 * 0-6", true), ("0 0 1 * 1/1", true),
    ])
    func dayRule(_ spec: String, _ either: Bool) throws {
        #expect(try Self.fields(spec).daysMatchEither == either)
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"),
    ])
    func descriptorsAreTheirCrontabLines(_ descriptor: String, _ line: String) throws {
        #expect(try Self.fields(descriptor) == Self.fields(line))
        let a = try CronSchedule(parsing: descriptor, local: CronTestSupport.utc)
        let b = try CronSchedule(parsing: line, local: CronTestSupport.utc)
        let start = CronTestSupport.instant("2024-05-17T10:11:12Z")
        #expect(CronTestSupport.fires(a, after: start, count: 5, in: CronTestSupport.utc)
                == CronTestSupport.fires(b, after: start, count: 5, in: CronTestSupport.utc))
    }

    @Test(arguments: [
        ("@yearly", ["2025-01-01 00:00 +00:00", "2026-01-01 00:00 +00:00"]),
        ("@monthly", ["2024-06-01 00:00 +00:00", "2024-07-01 00:00 +00:00"]),
        ("@weekly", ["2024-05-19 00:00 +00:00", "2024-05-26 00:00 +00:00"]),
        ("@daily", ["2024-05-18 00:00 +00:00", "2024-05-19 00:00 +00:00"]),
        ("@midnight", ["2024-05-18 00:00 +00:00", "2024-05-19 00:00 +00:00"]),
        ("@hourly", ["2024-05-17 11:00 +00:00", "2024-05-17 12:00 +00:00"]),
    ])
    func descriptorFirings(_ descriptor: String, _ expected: [String]) throws {
        let s = try CronSchedule(parsing: descriptor, local: CronTestSupport.utc)
        #expect(CronTestSupport.fires(s, after: CronTestSupport.instant("2024-05-17T10:11:12Z"), count: 2, in: CronTestSupport.utc)
                == expected)
    }

    @Test(arguments: ["MON-FRI", "mon-fri", "1-5", "Mon,Tue,Wed,Thu,Fri", "1,2-4,FRI"])
    func equivalentWeekdaySpellings(_ dow: String) throws {
        #expect(try Self.fields("0 9 * * \(dow)") == Self.fields("0 9 * * 1-5"))
    }

    @Test(arguments: [" 0 9 * * 1-5", "0  9 * * 1-5", "0\t9 * * 1-5", "0 9 * * 1-5\n"])
    func fieldsAreSeparatedByAnyWhitespace(_ spec: String) throws {
        #expect(try Self.fields(spec) == Self.fields("0 9 * * 1-5"))
    }
}
