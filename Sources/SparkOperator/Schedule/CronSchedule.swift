import Foundation
import SparkOperatorAPI

/// A ScheduledSparkApplication schedule: what robfig/cron v3's `ParseStandard` accepts (which is
/// what kubeflow uses), in a time zone, and when it fires next.
///
/// - Five fields `minute hour day-of-month month day-of-week` (see `CronField` for the syntax and
///   `CronFields` for how the two day fields combine); no seconds field.
/// - Descriptors `@yearly` (= `@annually`, `0 0 1 1 *`), `@monthly` (`0 0 1 * *`), `@weekly`
///   (`0 0 * * 0`), `@daily` (= `@midnight`, `0 0 * * *`), `@hourly` (`0 * * * *`), written in
///   lower case as robfig matches them.
/// - `@every <duration>` in Go's duration syntax (`90s`, `1h30m`, `1.5h`): robfig's
///   `ConstantDelaySchedule`, i.e. rounded up to at least 1 s, truncated to whole seconds, and
///   firing at `after` truncated to the second plus the delay.
/// - An optional `CRON_TZ=<zone> ` or `TZ=<zone> ` prefix, which wins over the default zone.
///
/// Daylight saving time: a wall-clock time the clocks skip fires at the first instant after the
/// gap (02:30 on a spring-forward night fires at 03:00), and a wall-clock time that happens twice
/// fires once, at its first occurrence (see `ZoneClock`). robfig/cron differs on both: it skips
/// the missing time altogether (its test "2am nightly job (skipped)") and fires the repeated one
/// twice (its test "1am nightly job (runs twice)").
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    public enum Rule: Sendable, Hashable {
        /// A crontab line or a descriptor other than `@every`.
        case fields(CronFields)
        /// `@every`: fires every `seconds` (≥ 1) seconds.
        case every(seconds: Int64)
    }

    /// The schedule as written.
    public let text: String
    public let rule: Rule
    /// The zone whose wall clock the fields are read in.
    public let timeZone: TimeZone

    /// `text` as robfig/cron v3 `ParseStandard` reads it: a `CRON_TZ=`/`TZ=` prefix sets the zone,
    /// otherwise `local` (Go's `time.Local`).
    public init(parsing text: String, local: TimeZone = .current) throws(CronScheduleError) {
        self.text = text
        guard !text.isEmpty else { throw Self.emptyError(text) }
        if text.hasPrefix("TZ=") || text.hasPrefix("CRON_TZ=") {
            guard let space = text.firstIndex(of: " ") else {
                throw CronScheduleError(
                    schedule: text, field: "time zone",
                    message: "no schedule follows \"\(text)\"; write CRON_TZ=<zone> <schedule>")
            }
            let name = String(text[text.index(after: text.firstIndex(of: "=")!)..<space])
            guard let zone = CronTimeZone.resolve(name, local: local) else {
                throw CronScheduleError(
                    schedule: text, field: "time zone",
                    message: "unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin, or UTC or Local")
            }
            timeZone = zone
            rule = try Self.parseRule(Self.trimmed(text[space...]), schedule: text)
        } else {
            timeZone = local
            rule = try Self.parseRule(Substring(text), schedule: text)
        }
    }

    /// A ScheduledSparkApplication's `spec.schedule` in its `spec.timeZone`, as kubeflow reads
    /// them: the zone (empty or nil: `Local`, i.e. `local`) must be a known name, and it applies
    /// as a `CRON_TZ=<zone> ` prefix unless the schedule starts with `CRON_TZ=` or `TZ=` itself.
    /// Surrounding whitespace of the schedule is ignored, as it is after kubeflow's prefix.
    public init(schedule: String, timeZone zoneName: String?, local: TimeZone = .current) throws(CronScheduleError) {
        let name = zoneName.flatMap { $0.isEmpty ? nil : $0 } ?? "Local"
        guard let zone = CronTimeZone.resolve(name, local: local) else {
            throw CronScheduleError(
                schedule: schedule, field: "time zone",
                message: "spec.timeZone \"\(name)\" is not a known time zone; use an IANA name such as "
                    + "Europe/Berlin, or UTC or Local")
        }
        if schedule.hasPrefix("CRON_TZ=") || schedule.hasPrefix("TZ=") {
            self = try CronSchedule(parsing: schedule, local: local)
            return
        }
        let body = Self.trimmed(Substring(schedule))
        guard !body.isEmpty else { throw Self.emptyError(schedule) }
        self.text = schedule
        self.timeZone = zone
        self.rule = try Self.parseRule(body, schedule: schedule)
    }

    public var description: String { text }

    // MARK: firing

    /// The first instant strictly after `date` at which the schedule fires, or nil when there is
    /// none within the year of `date` and the five years after it (robfig's bound): a schedule
    /// such as `0 0 30 2 *` never fires.
    public func next(after date: Date) -> Date? {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e14 else { return nil }
        let second = Int64(t.rounded(.down))
        switch rule {
        case .every(let seconds):
            return Date(timeIntervalSince1970: Double(second + seconds))
        case .fields(let fields):
            let clock = ZoneClock(zone: timeZone)
            var wall = CivilMinute(localSeconds: clock.localSeconds(at: second))
            let lastYear = CivilMinute(localSeconds: clock.localSeconds(at: second + 1)).year + 5
            while let candidate = fields.firstMatch(after: wall, lastYear: lastYear) {
                let instant = clock.instant(forLocal: candidate.localSeconds)
                if Double(instant) > t { return Date(timeIntervalSince1970: Double(instant)) }
                wall = candidate  // the second occurrence of a repeated hour: already fired
            }
            return nil
        }
    }

    /// Whether the schedule fires at `date` (any instant, for `@every`).
    public func isTick(_ date: Date) -> Bool {
        switch rule {
        case .every: true
        case .fields: next(after: date.addingTimeInterval(-1)).map { Self.same($0, date) } ?? false
        }
    }

    /// Whether `nextRun`, a future instant this schedule gave earlier, is still its next firing at
    /// `now`: false once the schedule or its zone changed. For `@every`, whose firings count from
    /// when they were computed, any `nextRun` at most one delay after `now` is.
    public func isNextRun(_ nextRun: Date, at now: Date) -> Bool {
        guard nextRun > now else { return false }
        switch rule {
        case .every(let seconds): return nextRun.timeIntervalSince(now) <= Double(seconds)
        case .fields: return next(after: now).map { Self.same($0, nextRun) } ?? false
        }
    }

    /// Equal but for the rounding of a time that went through JSON and back.
    private static func same(_ a: Date, _ b: Date) -> Bool { abs(a.timeIntervalSince(b)) < 0.001 }

    /// Why the schedule can never fire, or nil: a day of the month that no allowed month has.
    /// robfig accepts such a schedule and never fires it.
    public var neverFiresReason: String? {
        guard case .fields(let fields) = rule else { return nil }
        return fields.neverMatches
    }

    // MARK: validation

    /// The `ScheduleValidation` for `validate(_:validateSchedule:)`: the schedule must parse in
    /// its time zone (as `init(schedule:timeZone:local:)`) and be able to fire.
    public static let validation: ScheduleValidation = { schedule, timeZone in
        do throws(CronScheduleError) {
            let parsed = try CronSchedule(schedule: schedule, timeZone: timeZone)
            return parsed.neverFiresReason.map { "day-of-month: the schedule never fires: \($0)" }
        } catch {
            return error.problem
        }
    }

    // MARK: parsing

    static let descriptors: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    private static func parseRule(_ body: Substring, schedule: String) throws(CronScheduleError) -> Rule {
        if body.hasPrefix("@") {
            if let fields = descriptors[String(body)] {
                return try parseRule(Substring(fields), schedule: schedule)
            }
            if body.hasPrefix("@every ") {
                let text = String(body.dropFirst("@every ".count))
                do {
                    let nanoseconds = try GoDuration.parse(text)
                    return .every(seconds: max(nanoseconds, 1_000_000_000) / 1_000_000_000)
                } catch {
                    throw CronScheduleError(schedule: schedule, field: "@every", message: error.message)
                }
            }
            throw CronScheduleError(
                schedule: schedule, field: "descriptor",
                message: "unknown descriptor \"\(body)\"; use @yearly, @annually, @monthly, @weekly, @daily, "
                    + "@midnight, @hourly or @every <duration>")
        }
        let fields = body.split(whereSeparator: \.isWhitespace)
        guard fields.count == 5 else {
            throw CronScheduleError(
                schedule: schedule,
                message: "expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        do {
            return .fields(try CronFields.parse(fields))
        } catch {
            throw CronScheduleError(
                schedule: schedule, field: error.field, token: error.problem.token, message: error.problem.message)
        }
    }

    private static func trimmed(_ s: Substring) -> Substring {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }), let last = s.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return s[first...last]
    }

    private static func emptyError(_ schedule: String) -> CronScheduleError {
        CronScheduleError(
            schedule: schedule, message: "the schedule is empty; write a cron schedule such as \"0 * * * *\" or \"@hourly\"")
    }
}
