/// Go's `time.ParseDuration`, which `@every <duration>` uses: a signed sequence of decimal numbers,
/// each with an optional fraction and a unit (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`), such as
/// `90s`, `1h30m`, `1.5h` or `-500ms`; `0` alone needs no unit. Same arithmetic as Go (integer
/// nanoseconds, fractions through a float), same limits (±2^63 ns, about 292 years).
package enum GoDuration {
    package struct Problem: Error, Sendable, Equatable {
        package var message: String
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]
    private static let unitList = "ns, us, ms, s, m or h"

    /// Nanoseconds.
    package static func parse(_ text: String) throws(Problem) -> Int64 {
        let quoted = "\"\(text)\""
        var s = Substring(text)
        var negative = false
        if let c = s.first, c == "-" || c == "+" {
            negative = c == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty {
            throw Problem(message: text.isEmpty ? "the duration is missing" : "invalid duration \(quoted)")
        }
        var total: UInt64 = 0
        let limit: UInt64 = 1 << 63
        while !s.isEmpty {
            guard let c = s.first, c == "." || c.isASCIIDigit else {
                throw Problem(message: "invalid duration \(quoted): expected a number at \"\(s)\"")
            }
            // [0-9]*
            var whole: UInt64 = 0
            let intDigits = s.prefix(while: \.isASCIIDigit)
            for d in intDigits.utf8 {
                guard whole <= limit / 10 else { throw Problem(message: "duration \(quoted) is out of range") }
                whole = whole * 10 + UInt64(d - 48)
                guard whole <= limit else { throw Problem(message: "duration \(quoted) is out of range") }
            }
            s = s.dropFirst(intDigits.count)
            // (\.[0-9]*)?
            var fraction: UInt64 = 0
            var scale: Double = 1
            var fractionDigits = 0
            if s.first == "." {
                s = s.dropFirst()
                let digits = s.prefix(while: \.isASCIIDigit)
                fractionDigits = digits.count
                var overflow = false
                for d in digits.utf8 where !overflow {
                    if fraction > (limit - 1) / 10 { overflow = true; continue }
                    let next = fraction * 10 + UInt64(d - 48)
                    if next > limit { overflow = true; continue }
                    fraction = next
                    scale *= 10
                }
                s = s.dropFirst(fractionDigits)
            }
            if intDigits.isEmpty && fractionDigits == 0 {
                throw Problem(message: "invalid duration \(quoted): a number has no digits")
            }
            // unit: everything up to the next '.' or digit
            let unitText = s.prefix { !($0 == "." || $0.isASCIIDigit) }
            guard !unitText.isEmpty else {
                throw Problem(message: "missing unit in duration \(quoted); use \(unitList)")
            }
            s = s.dropFirst(unitText.count)
            guard let unit = units[String(unitText)] else {
                throw Problem(message: "unknown unit \"\(unitText)\" in duration \(quoted); use \(unitList)")
            }
            guard whole <= limit / unit else { throw Problem(message: "duration \(quoted) is out of range") }
            var value = whole * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { throw Problem(message: "duration \(quoted) is out of range") }
            }
            total += value
            guard total <= limit else { throw Problem(message: "duration \(quoted) is out of range") }
        }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        guard total <= UInt64(Int64.max) else { throw Problem(message: "duration \(quoted) is out of range") }
        return Int64(total)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
