/// The five fields of a crontab line (`minute hour day-of-month month day-of-week`), parsed.
///
/// Days combine as in Vixie cron and robfig/cron: when both day fields are restricted, a day
/// matches when **either** matches (`0 0 1,15 * MON` fires on the 1st, the 15th and every Monday);
/// when one of them is written with `*` or `?` (with no step or step 1), a day must match both, so
/// only the other one restricts. A stepped star such as `*/2` counts as restricted, as robfig/cron
/// v3.0.1 has it (`getRange` drops the star bit when the step is above 1; Vixie cron would count
/// it as `*`): `0 0 */2 * MON` fires on odd days and on Mondays.
public struct CronFields: Sendable, Hashable {
    var minute: CronField
    var hour: CronField
    var dayOfMonth: CronField
    var month: CronField
    var dayOfWeek: CronField

    /// Allowed minutes (0–59), increasing.
    public var minutes: [Int] { minute.values }
    /// Allowed hours (0–23), increasing.
    public var hours: [Int] { hour.values }
    /// Allowed days of the month (1–31), increasing.
    public var daysOfMonth: [Int] { dayOfMonth.values }
    /// Allowed months (1–12), increasing.
    public var months: [Int] { month.values }
    /// Allowed weekdays (0 = Sunday … 6 = Saturday), increasing.
    public var daysOfWeek: [Int] { dayOfWeek.values }
    /// True when neither day field is a plain `*`/`?`: a day then matches when either does.
    public var daysMatchEither: Bool { !dayOfMonth.star && !dayOfWeek.star }

    /// Parses five whitespace-separated fields.
    static func parse(_ fields: [Substring]) throws(CronFieldsProblem) -> CronFields {
        precondition(fields.count == 5)
        func field(_ i: Int, _ kind: CronField.Kind) throws(CronFieldsProblem) -> CronField {
            do {
                return try CronField.parse(fields[i], as: kind)
            } catch {
                throw CronFieldsProblem(field: kind.name, problem: error)
            }
        }
        return CronFields(
            minute: try field(0, .minute), hour: try field(1, .hour), dayOfMonth: try field(2, .dayOfMonth),
            month: try field(3, .month), dayOfWeek: try field(4, .dayOfWeek))
    }

    func dayMatches(year: Int, month: Int, day: Int) -> Bool {
        let dom = dayOfMonth.contains(day)
        let dow = dayOfWeek.contains(CivilMinute.weekday(year: year, month: month, day: day))
        return daysMatchEither ? dom || dow : dom && dow
    }

    /// The first matching wall-clock minute strictly after `after`, in a year no later than
    /// `lastYear`.
    func firstMatch(after: CivilMinute, lastYear: Int) -> CivilMinute? {
        var y = after.year, mo = after.month, d = after.day, h = after.hour, mi = after.minute + 1
        while y <= lastYear {
            guard let m = month.next(atOrAfter: mo) else {
                (y, mo, d, h, mi) = (y + 1, 1, 1, 0, 0)
                continue
            }
            if m != mo { (mo, d, h, mi) = (m, 1, 0, 0) }

            let daysInMonth = CivilMinute.daysInMonth(year: y, month: mo)
            while d <= daysInMonth && !dayMatches(year: y, month: mo, day: d) { (d, h, mi) = (d + 1, 0, 0) }
            guard d <= daysInMonth else {
                (mo, d, h, mi) = (mo + 1, 1, 0, 0)
                continue
            }

            guard let hr = hour.next(atOrAfter: h) else {
                (d, h, mi) = (d + 1, 0, 0)
                continue
            }
            if hr != h { (h, mi) = (hr, 0) }

            guard let mn = minute.next(atOrAfter: mi) else {
                (h, mi) = (h + 1, 0)
                continue
            }
            return CivilMinute(year: y, month: mo, day: d, hour: h, minute: mn)
        }
        return nil
    }

    /// Why the fields can never match any day, or nil. That happens only when the day fields must
    /// both match (one is `*`) and no allowed month has an allowed day of the month, such as
    /// `0 0 30 2 *` or `0 0 31 4,6 *`. (February 29 counts: it comes every four years or so.)
    var neverMatches: String? {
        guard !daysMatchEither else { return nil }
        let months = self.months, daysOfMonth = self.daysOfMonth
        let possible = months.contains { m in daysOfMonth.contains { $0 <= CivilMinute.daysInMonth(year: 2000, month: m) } }
        if possible { return nil }
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        let days = daysOfMonth.map(String.init).joined(separator: ", ")
        let monthNames = months.map { names[$0 - 1] }.joined(separator: ", ")
        return daysOfMonth.count == 1 && months.count == 1
            ? "day \(days) never occurs in \(monthNames)"
            : "none of the days \(days) occurs in \(monthNames)"
    }
}

/// A problem in one of the five fields.
struct CronFieldsProblem: Error, Sendable {
    var field: String
    var problem: CronField.Problem
}
