import Foundation
import SparkOperatorAPI

/// `metav1.MicroTime`: RFC 3339 with exactly six fractional digits, e.g.
/// `2026-11-25T00:44:50.123456Z` (Lease acquire/renew times, events' eventTime).
///
/// Kept as whole microseconds since 1970 so that decode → encode is exact.
public struct MicroTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var microsecondsSince1970: Int64

    public init(_ date: Date) {
        microsecondsSince1970 = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public init(microsecondsSince1970: Int64) {
        self.microsecondsSince1970 = microsecondsSince1970
    }

    public static var now: MicroTime { MicroTime(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSince1970) / 1_000_000) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let t = MicroTime.parse(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "invalid RFC 3339 time '\(s)'")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public var description: String {
        let seconds = Int64((Double(microsecondsSince1970) / 1_000_000).rounded(.down))
        let micros = microsecondsSince1970 - seconds * 1_000_000
        let base = KubeTime(Date(timeIntervalSince1970: Double(seconds))).description  // …:SSZ
        let fraction = String(micros)
        return String(base.dropLast()) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }

    /// RFC 3339 with any number of fractional digits (or none) and `Z` or an offset.
    public static func parse(_ s: String) -> MicroTime? {
        guard let tIndex = s.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return nil }
        var micros: Int64 = 0
        var text = s
        if let dot = s[tIndex...].firstIndex(of: ".") {
            let digits = s[s.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            let six = String(digits.prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
            micros = Int64(six) ?? 0
            text = String(s[..<dot]) + String(s[digits.endIndex...])
        }
        guard let base = KubeTime.parse(text) else { return nil }
        return MicroTime(microsecondsSince1970: Int64(base.timeIntervalSince1970.rounded()) * 1_000_000 + micros)
    }

    public static func < (a: MicroTime, b: MicroTime) -> Bool { a.microsecondsSince1970 < b.microsecondsSince1970 }
}
