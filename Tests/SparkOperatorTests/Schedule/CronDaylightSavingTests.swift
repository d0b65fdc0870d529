import Foundation
import SparkOperator
import Testing

/// Daylight saving transitions. Rule: a wall-clock time the clocks skip fires at the first instant
/// after the gap; a wall-clock time that happens twice fires once, at its first occurrence.
/// `robfig` notes what robfig/cron v3.0.1 does instead (run through hack/cron-oracle).
@Suite("CronSchedule across daylight saving transitions")
struct CronDaylightSavingTests {
    struct Case: Sendable, CustomStringConvertible {
        var zone: String
        var spec: String
        var start: String
        var fires: [String]
        var robfig: String
        var description: String { "\(zone) \(spec) after \(start)" }
    }

    static let cases: [Case] = [
        // New York, spring forward: 2024-03-10 02:00 EST → 03:00 EDT.
        .init(zone: "America/New_York", spec: "30 2 * * *", start: "2024-03-09T17:00:00Z",
              fires: ["2024-03-10 03:00 -04:00", "2024-03-11 02:30 -04:00", "2024-03-12 02:30 -04:00"],
              robfig: "skips the 10th"),
        .init(zone: "America/New_York", spec: "0 2 * * *", start: "2024-03-09T17:00:00Z",
              fires: ["2024-03-10 03:00 -04:00", "2024-03-11 02:00 -04:00"], robfig: "skips the 10th"),
        .init(zone: "America/New_York", spec: "0,30 2 * * *", start: "2024-03-09T17:00:00Z",
              fires: ["2024-03-10 03:00 -04:00", "2024-03-11 02:00 -04:00", "2024-03-11 02:30 -04:00"],
              robfig: "skips the 10th"),
        .init(zone: "America/New_York", spec: "0 2-3 * * *", start: "2024-03-09T17:00:00Z",
              fires: ["2024-03-10 03:00 -04:00", "2024-03-11 02:00 -04:00", "2024-03-11 03:00 -04:00"],
              robfig: "fires at 03:00 only on the 10th, too"),
        .init(zone: "America/New_York", spec: "30 2 10 3 *", start: "2024-03-01T00:00:00Z",
              fires: ["2024-03-10 03:00 -04:00", "2025-03-10 02:30 -04:00"], robfig: "first fires in 2025"),
        .init(zone: "America/New_York", spec: "0 * * * *", start: "2024-03-10T05:30:00Z",
              fires: ["2024-03-10 01:00 -05:00", "2024-03-10 03:00 -04:00", "2024-03-10 04:00 -04:00"], robfig: "same"),
        .init(zone: "America/New_York", spec: "*/15 * * * *", start: "2024-03-10T06:40:00Z",
              fires: ["2024-03-10 01:45 -05:00", "2024-03-10 03:00 -04:00", "2024-03-10 03:15 -04:00"], robfig: "same"),
        .init(zone: "America/New_York", spec: "59 1 * * *", start: "2024-03-10T05:00:00Z",
              fires: ["2024-03-10 01:59 -05:00", "2024-03-11 01:59 -04:00"], robfig: "same"),
        .init(zone: "America/New_York", spec: "0 3 * * *", start: "2024-03-09T17:00:00Z",
              fires: ["2024-03-10 03:00 -04:00", "2024-03-11 03:00 -04:00"], robfig: "same"),
        // New York, fall back: 2024-11-03 02:00 EDT → 01:00 EST.
        .init(zone: "America/New_York", spec: "30 1 * * *", start: "2024-11-02T16:00:00Z",
              fires: ["2024-11-03 01:30 -04:00", "2024-11-04 01:30 -05:00", "2024-11-05 01:30 -05:00"],
              robfig: "fires at 01:30 EDT and again at 01:30 EST"),
        .init(zone: "America/New_York", spec: "0 1 * * *", start: "2024-11-02T16:00:00Z",
              fires: ["2024-11-03 01:00 -04:00", "2024-11-04 01:00 -05:00"], robfig: "fires twice on the 3rd"),
        .init(zone: "America/New_York", spec: "0 * * * *", start: "2024-11-03T04:30:00Z",
              fires: ["2024-11-03 01:00 -04:00", "2024-11-03 02:00 -05:00", "2024-11-03 03:00 -05:00"],
              robfig: "also fires at 01:00 EST"),
        .init(zone: "America/New_York", spec: "*/30 * * * *", start: "2024-11-03T04:45:00Z",
              fires: ["2024-11-03 01:00 -04:00", "2024-11-03 01:30 -04:00", "2024-11-03 02:00 -05:00",
                      "2024-11-03 02:30 -05:00"],
              robfig: "also fires at 01:00 and 01:30 EST"),
        .init(zone: "America/New_York", spec: "*/30 * * * *", start: "2024-11-03T06:10:00Z",
              fires: ["2024-11-03 02:00 -05:00", "2024-11-03 02:30 -05:00"], robfig: "fires at 01:30 EST first"),
        .init(zone: "America/New_York", spec: "0 2 * * *", start: "2024-11-02T16:00:00Z",
              fires: ["2024-11-03 02:00 -05:00", "2024-11-04 02:00 -05:00"], robfig: "same"),
        // Berlin, spring forward: 2024-03-31 02:00 CET → 03:00 CEST.
        .init(zone: "Europe/Berlin", spec: "30 2 * * *", start: "2024-03-30T12:00:00Z",
              fires: ["2024-03-31 03:00 +02:00", "2024-04-01 02:30 +02:00"], robfig: "skips the 31st"),
        .init(zone: "Europe/Berlin", spec: "0 * * * *", start: "2024-03-30T23:30:00Z",
              fires: ["2024-03-31 01:00 +01:00", "2024-03-31 03:00 +02:00", "2024-03-31 04:00 +02:00"], robfig: "same"),
        .init(zone: "Europe/Berlin", spec: "15 2 * * 0", start: "2024-03-25T00:00:00Z",
              fires: ["2024-03-31 03:00 +02:00", "2024-04-07 02:15 +02:00"], robfig: "skips March 31"),
        // Berlin, fall back: 2024-10-27 03:00 CEST → 02:00 CET.
        .init(zone: "Europe/Berlin", spec: "30 2 * * *", start: "2024-10-26T12:00:00Z",
              fires: ["2024-10-27 02:30 +02:00", "2024-10-28 02:30 +01:00"], robfig: "fires at 02:30 CEST and CET"),
        .init(zone: "Europe/Berlin", spec: "0 * * * *", start: "2024-10-26T22:30:00Z",
              fires: ["2024-10-27 01:00 +02:00", "2024-10-27 02:00 +02:00", "2024-10-27 03:00 +01:00",
                      "2024-10-27 04:00 +01:00"],
              robfig: "also fires at 02:00 CET"),
        .init(zone: "Europe/Berlin", spec: "*/20 2 * * *", start: "2024-10-27T00:50:00Z",
              fires: ["2024-10-28 02:00 +01:00"], robfig: "fires at 02:00, 02:20, 02:40 CET on the 27th"),
        // Midnight that does not exist (Sao Paulo, 2018-11-04 00:00 → 01:00).
        .init(zone: "America/Sao_Paulo", spec: "0 0 * * *", start: "2018-11-03T12:00:00Z",
              fires: ["2018-11-04 01:00 -02:00", "2018-11-05 00:00 -02:00"], robfig: "skips the 4th"),
        // Half-hour DST (Lord Howe: 2024-10-06 02:00 → 02:30; 2025-04-06 02:00 → 01:30).
        .init(zone: "Australia/Lord_Howe", spec: "15 2 * * *", start: "2024-10-05T12:00:00Z",
              fires: ["2024-10-06 02:30 +11:00", "2024-10-07 02:15 +11:00"], robfig: "skips the 6th"),
        .init(zone: "Australia/Lord_Howe", spec: "45 1 * * *", start: "2025-04-05T12:00:00Z",
              fires: ["2025-04-06 01:45 +11:00", "2025-04-07 01:45 +10:30"], robfig: "fires twice on the 6th"),
        // A whole day skipped (Samoa, 2011-12-30 did not exist).
        .init(zone: "Pacific/Apia", spec: "0 12 * * *", start: "2011-12-29T00:00:00Z",
              fires: ["2011-12-29 12:00 -10:00", "2011-12-31 00:00 +14:00", "2011-12-31 12:00 +14:00"],
              robfig: "skips December 30"),
    ]

    @Test(arguments: cases)
    func firings(_ c: Case) throws {
        let zone = try #require(TimeZone(identifier: c.zone))
        let schedule = try CronSchedule(parsing: "CRON_TZ=\(c.zone) \(c.spec)")
        let fires = CronTestSupport.fires(schedule, after: CronTestSupport.instant(c.start), count: c.fires.count, in: zone)
        #expect(fires == c.fires, "robfig: \(c.robfig)")
    }

    /// Firings between two local midnights.
    static func firings(_ spec: String, zone: TimeZone, from: String, to: String) throws -> [Date] {
        let schedule = try CronSchedule(schedule: spec, timeZone: zone.identifier)
        var out: [Date] = []
        var t = CronTestSupport.instant(from)
        let end = CronTestSupport.instant(to)
        while let next = schedule.next(after: t), next < end {
            out.append(next)
            t = next
        }
        return out
    }

    @Test(arguments: ["0 * * * *", "@hourly"])
    func hourlyOnSpringForwardDayFires23TimesOneHourApart(_ spec: String) throws {
        let fires = try Self.firings(spec, zone: CronTestSupport.newYork, from: "2024-03-10T04:59:59Z", to: "2024-03-11T04:00:00Z")
        #expect(fires.count == 24 - 1)
        let gaps = Set(zip(fires, fires.dropFirst()).map { $1.timeIntervalSince($0) })
        #expect(gaps == [3600])
    }

    @Test(arguments: ["0 * * * *", "@hourly"])
    func hourlyOnFallBackDayFires24TimesWithOneTwoHourGap(_ spec: String) throws {
        let fires = try Self.firings(spec, zone: CronTestSupport.newYork, from: "2024-11-03T03:59:59Z", to: "2024-11-04T05:00:00Z")
        #expect(fires.count == 24)
        let gaps = zip(fires, fires.dropFirst()).map { $1.timeIntervalSince($0) }
        #expect(gaps.filter { $0 == 7200 }.count == 1)
        #expect(gaps.filter { $0 == 3600 }.count == 22)
        #expect(Set(fires).count == fires.count)
    }

    @Test(arguments: [(CronTestSupport.newYork, "2024-11-03T03:59:59Z", "2024-11-04T05:00:00Z"),
                      (CronTestSupport.berlin, "2024-10-26T21:59:59Z", "2024-10-27T23:00:00Z")])
    func everyMinuteOfTheRepeatedHourFiresOnce(_ zone: TimeZone, _ from: String, _ to: String) throws {
        let fires = try Self.firings("* * * * *", zone: zone, from: from, to: to)
        #expect(fires.count == 24 * 60)  // 25 hours pass; the repeated hour's minutes fire once
    }

    @Test func everyMinuteOnSpringForwardDayFiresOnceAtTheTransitionForTheSkippedHour() throws {
        let fires = try Self.firings("* * * * *", zone: CronTestSupport.berlin, from: "2024-03-30T22:59:59Z", to: "2024-03-31T22:00:00Z")
        #expect(fires.count == 23 * 60)  // 02:00–02:59 all map to 03:00, which fires once
        #expect(Set(fires).count == fires.count)
    }

    @Test func everyIsNotAffectedByDaylightSaving() throws {
        let schedule = try CronSchedule(schedule: "@every 1h", timeZone: "America/New_York")
        let start = CronTestSupport.instant("2024-11-03T04:30:00Z")
        let fires = CronTestSupport.fires(schedule, after: start, count: 3, in: CronTestSupport.newYork)
        #expect(fires == ["2024-11-03 01:30 -04:00", "2024-11-03 01:30 -05:00", "2024-11-03 02:30 -05:00"])
    }
}
