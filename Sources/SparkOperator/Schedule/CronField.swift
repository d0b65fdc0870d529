/// One of the five fields of a crontab line: the values it allows, and whether it was written with
/// `*` (or `?`, or `*/1`; not `*/2`, which restricts), which decides how day-of-month and
/// day-of-week combine.
///
/// Syntax, as robfig/cron v3 (`getField`/`getRange`): a comma-separated list (empty elements are
/// skipped) of `*`, `?` (same as `*`), `N`, `N-M`, each optionally followed by `/step`; `N/step`
/// means `N-max/step`. Months and weekdays also take three-letter names (JAN–DEC, SUN–SAT, any
/// case), numbers may carry a `+` sign as Go's `strconv.Atoi` allows. Beyond robfig: day-of-week
/// also accepts 7 for Sunday (as Vixie cron); `*-N` is rejected (robfig silently reads it as `*`).
struct CronField: Hashable, Sendable {
    /// Bit `v` is set when value `v` is allowed.
    var bits: UInt64
    /// Some element of the list is `*` or `?`, without a step or with step 1 (robfig's starBit).
    var star: Bool

    func contains(_ value: Int) -> Bool { value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0 }

    /// The smallest allowed value ≥ `value`.
    func next(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let masked = bits & (UInt64.max << UInt64(max(value, 0)))
        return masked == 0 ? nil : masked.trailingZeroBitCount
    }

    /// The allowed values in increasing order.
    var values: [Int] { (0..<64).filter(contains) }

    enum Kind: Sendable, CaseIterable {
        case minute, hour, dayOfMonth, month, dayOfWeek

        var name: String {
            switch self {
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day-of-month"
            case .month: "month"
            case .dayOfWeek: "day-of-week"
            }
        }

        var min: Int { self == .dayOfMonth || self == .month ? 1 : 0 }

        /// The largest value a number may have (7 for day-of-week: Sunday again).
        var max: Int {
            switch self {
            case .minute: 59
            case .hour: 23
            case .dayOfMonth: 31
            case .month: 12
            case .dayOfWeek: 7
            }
        }

        /// Where `*` and `N/step` end (6 for day-of-week, as robfig's bounds).
        var starMax: Int { self == .dayOfWeek ? 6 : max }

        var names: [String: Int]? {
            switch self {
            case .month:
                ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                 "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
            case .dayOfWeek:
                ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
            default: nil
            }
        }

        var namesHint: String {
            switch self {
            case .month: " or a month name (JAN–DEC)"
            case .dayOfWeek: " or a weekday name (SUN–SAT)"
            default: ""
            }
        }
    }

    /// What is wrong with a field: the message and the list element it is about.
    struct Problem: Error, Sendable {
        var message: String
        var token: String
    }

    static func parse(_ text: Substring, as kind: Kind) throws(Problem) -> CronField {
        let elements = text.split(separator: ",")
        guard !elements.isEmpty else {
            throw Problem(message: "the list has no element", token: String(text))
        }
        var field = CronField(bits: 0, star: false)
        for element in elements {
            try field.add(element, as: kind)
        }
        if kind == .dayOfWeek && field.contains(7) {  // 7 is Sunday, which is 0
            field.bits = (field.bits & ~(1 << 7)) | 1
        }
        return field
    }

    private mutating func add(_ element: Substring, as kind: Kind) throws(Problem) {
        let token = String(element)
        func fail(_ message: String) -> Problem { Problem(message: message, token: token) }

        let rangeAndStep = element.split(separator: "/", omittingEmptySubsequences: false)
        guard rangeAndStep.count <= 2 else { throw fail("more than one \"/\"") }
        let ends = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2 else { throw fail("more than one \"-\"") }

        var start: Int
        var end: Int
        var isStar = false
        if ends[0] == "*" || ends[0] == "?" {
            guard ends.count == 1 else { throw fail("\"\(ends[0])\" cannot start a range; write a number") }
            start = kind.min
            end = kind.starMax
            isStar = true
        } else {
            start = try Self.value(ends[0], kind, token)
            end = ends.count == 2 ? try Self.value(ends[1], kind, token) : start
        }

        var step = 1
        if rangeAndStep.count == 2 {
            let text = rangeAndStep[1]
            guard let n = Self.integer(text) else {
                if text.isEmpty { throw fail("the step is missing after \"/\"") }
                if text.allSatisfy({ $0.isASCII && $0.isNumber }) { throw fail("step \(text) is too large") }
                throw fail("step \"\(text)\" is not a number")
            }
            step = n
            if ends.count == 1 && !isStar { end = Swift.max(kind.starMax, start) }  // N/step = N-max/step
            if step > 1 { isStar = false }  // robfig: `*/2` restricts; `*/1` is still `*`
        }

        if start < kind.min { throw fail("\(start) is below the minimum \(kind.min)") }
        if end > kind.max { throw fail("\(end) is above the maximum \(kind.max)") }
        if start > end { throw fail("the range starts at \(start), after its end \(end)") }
        if step < 1 { throw fail("step must be at least 1") }

        var v = start
        while v <= end {
            bits |= 1 << UInt64(v)
            let (following, overflow) = v.addingReportingOverflow(step)
            if overflow { break }
            v = following
        }
        star = star || isStar
    }

    /// A number or, for months and weekdays, a name.
    private static func value(_ text: Substring, _ kind: Kind, _ token: String) throws(Problem) -> Int {
        if let names = kind.names, let v = names[text.lowercased()] { return v }
        if let n = integer(text) { return n }
        if text.isEmpty { throw Problem(message: "a number is missing", token: token) }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {  // too large for an Int
            throw Problem(message: "\(text) is above the maximum \(kind.max)", token: token)
        }
        throw Problem(message: "\"\(text)\" is not a number\(kind.namesHint)", token: token)
    }

    /// A non-negative decimal integer with an optional `+` sign (as `strconv.Atoi` reads it; a
    /// `-` never reaches here since it separates a range). Nil when not one or too large.
    static func integer(_ text: Substring) -> Int? {
        let digits = text.first == "+" ? text.dropFirst() : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}
