import Foundation
@testable import SparkOperator
import Testing

/// Wall-clock arithmetic: civil dates against Foundation's calendar, and the gap/repeat rule.
@Suite("Civil time and zone clock")
struct ZoneClockTests {
    /// Every 211th day from 1600 to 2791: same date and weekday as Foundation (whose Gregorian
    /// calendar turns Julian before October 1582, so earlier dates are not compared).
    @Test(arguments: Array(stride(from: -135_140, to: 300_000, by: 211)))
    func civilDatesMatchFoundation(_ days: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CronTestSupport.utc
        let date = Date(timeIntervalSince1970: Double(days) * 86_400)
        let c = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let civil = CivilMinute.civil(fromDays: days)
        #expect(civil.year == c.year && civil.month == c.month && civil.day == c.day)
        #expect(CivilMinute.days(year: civil.year, month: civil.month, day: civil.day) == days)
        #expect(CivilMinute.weekday(year: civil.year, month: civil.month, day: civil.day) == (c.weekday ?? 0) - 1)
    }

    @Test(arguments: [(1900, false), (2000, true), (2023, false), (2024, true), (2100, false), (2400, true)])
    func leapYears(_ year: Int, _ leap: Bool) {
        #expect(CivilMinute.isLeapYear(year) == leap)
        #expect(CivilMinute.daysInMonth(year: year, month: 2) == (leap ? 29 : 28))
    }

    @Test func localSecondsRoundTrip() {
        let m = CivilMinute(year: 1969, month: 12, day: 31, hour: 23, minute: 59)
        #expect(m.localSeconds == -60)
        #expect(CivilMinute(localSeconds: -60) == m)
        #expect(CivilMinute(localSeconds: -1) == m)
        #expect(CivilMinute(localSeconds: 0) == CivilMinute(year: 1970, month: 1, day: 1))
    }

    static func local(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int) -> Int64 {
        CivilMinute(year: y, month: mo, day: d, hour: h, minute: mi).localSeconds
    }

    @Test(arguments: [
        // (wall clock in New York, expected instant)
        (local(2024, 3, 10, 1, 59), "2024-03-10T06:59:00Z"),
        (local(2024, 3, 10, 2, 0), "2024-03-10T07:00:00Z"),  // skipped: the transition
        (local(2024, 3, 10, 2, 30), "2024-03-10T07:00:00Z"),  // skipped: the transition
        (local(2024, 3, 10, 3, 0), "2024-03-10T07:00:00Z"),
        (local(2024, 3, 10, 3, 1), "2024-03-10T07:01:00Z"),
        (local(2024, 11, 3, 0, 59), "2024-11-03T04:59:00Z"),
        (local(2024, 11, 3, 1, 0), "2024-11-03T05:00:00Z"),  // repeated: the first (EDT)
        (local(2024, 11, 3, 1, 59), "2024-11-03T05:59:00Z"),  // repeated: the first (EDT)
        (local(2024, 11, 3, 2, 0), "2024-11-03T07:00:00Z"),
        (local(2024, 7, 4, 12, 0), "2024-07-04T16:00:00Z"),
        (local(2024, 1, 4, 12, 0), "2024-01-04T17:00:00Z"),
    ])
    func newYorkWallClockToInstant(_ local: Int64, _ instant: String) {
        let clock = ZoneClock(zone: CronTestSupport.newYork)
        #expect(clock.instant(forLocal: local) == Int64(CronTestSupport.instant(instant).timeIntervalSince1970))
    }

    @Test func wholeDaySkippedInSamoa() {
        let clock = ZoneClock(zone: TimeZone(identifier: "Pacific/Apia")!)
        // 2011-12-30 did not exist: any time of it is the first instant of the 31st (+14:00).
        #expect(clock.instant(forLocal: Self.local(2011, 12, 30, 12, 0))
                == Int64(CronTestSupport.instant("2011-12-30T10:00:00Z").timeIntervalSince1970))
    }
}
