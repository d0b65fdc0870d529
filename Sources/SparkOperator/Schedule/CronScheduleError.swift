/// Why a schedule was rejected: which part of it (`field`), the offending piece (`token`) and what
/// is wrong, e.g. `schedule "*/0 * * * *": minute: step must be at least 1 in "*/0"`.
public struct CronScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The schedule as the user wrote it.
    public var schedule: String
    /// `minute`, `hour`, `day-of-month`, `month`, `day-of-week`, `descriptor`, `@every` or
    /// `time zone`; nil when the schedule as a whole is wrong (e.g. the number of fields).
    public var field: String?
    /// The piece of the schedule that is wrong, e.g. one element of a list (`"*/0"`).
    public var token: String?
    /// What is wrong and, where it helps, what to write instead.
    public var message: String

    public init(schedule: String, field: String? = nil, token: String? = nil, message: String) {
        self.schedule = schedule
        self.field = field
        self.token = token
        self.message = message
    }

    /// The error without the schedule: `minute: step must be at least 1 in "*/0"`. This is what
    /// validation reports, since a `ValidationError` already names the value.
    public var problem: String {
        var text = field.map { "\($0): \(message)" } ?? message
        if let token { text += " in \"\(token)\"" }
        return text
    }

    /// `schedule "*/0 * * * *": minute: step must be at least 1 in "*/0"`.
    public var description: String { "schedule \"\(schedule)\": \(problem)" }
}
