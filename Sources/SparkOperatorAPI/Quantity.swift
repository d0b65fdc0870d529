import Foundation

/// A Kubernetes resource quantity (`resource.Quantity` of k8s.io/apimachinery): `500m`, `1.5`,
/// `100Mi`, `1e3`, `-2Gi`.
///
/// Parsing follows apimachinery's grammar: an optionally signed decimal number (`1`, `1.5`, `.5`,
/// `1.`) followed by a binary-SI suffix (`Ki Mi Gi Ti Pi Ei`), a decimal-SI suffix
/// (`n u m "" k M G T P E`) or a decimal exponent (`e3`, `E-3`, `e+6`). The value is exact: it is
/// kept as whole units plus nanos, and, as apimachinery does, anything finer than `1n` is rounded
/// up (away from zero), and binary-SI values above 2^63−1 are capped at 2^63−1.
///
/// `description` is the canonical form the API server writes back, in the suffix family the
/// quantity was written with: `1.5` → `1500m`, `1000m` → `1`, `1024Mi` → `1Gi`, `1.5Gi` →
/// `1536Mi`, `0.5Ki` → `512`, `1.5e-3` → `1500e-6`.
///
/// Equality, hashing and ordering compare values only (`1Gi == 1073741824`), like
/// apimachinery's `Cmp` and `equality.Semantic`.
///
/// Differences from apimachinery, all on inputs nobody should write: decimal values whose
/// magnitude exceeds 2^63−1 are rejected instead of being kept as big decimals; `+`, `-` and `.`
/// without a digit are rejected (Go reads them as 0); exponents beyond ±2^31 are rejected (Go
/// truncates them to 32 bits); and the output is always canonical (Go echoes a few non-canonical
/// spellings it was given, such as `+1Gi` or `01k`).
public struct Quantity: Sendable {
    /// The suffix family a quantity is written in.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// `Ki Mi Gi Ti Pi Ei` (powers of 1024).
        case binarySI = "BinarySI"
        /// `n u m k M G T P E` and no suffix (powers of 1000).
        case decimalSI = "DecimalSI"
        /// `e<n>` (powers of 10).
        case decimalExponent = "DecimalExponent"
    }

    /// Whole units, with the same sign as `nanos`; the magnitude is at most `Int64.max`.
    private let whole: Int64
    /// Billionths of a unit, in `-999_999_999...999_999_999`, with the same sign as `whole`.
    private let nanos: Int32
    /// The suffix family used by `description`.
    public let format: Format

    /// Builds from sign-consistent parts; the caller guarantees the invariants.
    fileprivate init(whole: Int64, nanos: Int32, format: Format) {
        self.whole = whole
        self.nanos = nanos
        self.format = format
    }

    /// An integer quantity. `Int64.min` is clamped to `-Int64.max`.
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(whole: max(value, -Int64.max), nanos: 0, format: format)
    }

    /// `milli` thousandths of a unit, e.g. `Quantity(milli: 1500)` is `1500m` (1.5 CPU).
    public init(milli: Int64, format: Format = .decimalSI) {
        let (w, r) = milli.quotientAndRemainder(dividingBy: 1000)
        self.init(whole: w, nanos: Int32(r) * 1_000_000, format: format)
    }

    /// `mebibytes` × 2^20 bytes in binary SI (`Quantity.mebibytes(1408)` is `1408Mi`); saturates
    /// at ±(2^63−1) bytes.
    public static func mebibytes(_ mebibytes: Int64) -> Quantity {
        let (bytes, overflow) = mebibytes.multipliedReportingOverflow(by: 1 << 20)
        return Quantity(overflow ? (mebibytes < 0 ? -Int64.max : Int64.max) : bytes, format: .binarySI)
    }

    /// Parses `string` as apimachinery's `ParseQuantity` does (no surrounding whitespace).
    public init(parsing string: String) throws(QuantityError) {
        self = try QuantityParser.parse(string)
    }

    /// The zero quantity.
    public static let zero = Quantity(0)

    public var isZero: Bool { whole == 0 && nanos == 0 }

    /// -1, 0 or 1.
    public var signum: Int {
        if whole != 0 { return whole < 0 ? -1 : 1 }
        return nanos == 0 ? 0 : (nanos < 0 ? -1 : 1)
    }

    /// The value rounded up in magnitude to an integer, as apimachinery's `Value()`
    /// (`1500m` → 2, `-1500m` → -2); saturates at ±`Int64.max`.
    public var value: Int64 {
        guard nanos != 0 else { return whole }
        return nanos > 0 ? (whole == .max ? .max : whole + 1) : (whole == -.max ? -.max : whole - 1)
    }

    /// The value in thousandths rounded up in magnitude, as apimachinery's `MilliValue()`
    /// (`1.5` → 1500, `1n` → 1); saturates at ±`Int64.max`.
    public var milliValue: Int64 {
        let (w, overflow) = whole.multipliedReportingOverflow(by: 1000)
        let (q, r) = nanos.quotientAndRemainder(dividingBy: 1_000_000)
        let frac = Int64(q) + (r == 0 ? 0 : (r > 0 ? 1 : -1))
        let (sum, overflow2) = w.addingReportingOverflow(frac)
        if overflow || overflow2 { return signum < 0 ? -.max : .max }
        return sum
    }

    /// The value as a `Double`; exact for integers up to 2^53, approximate otherwise.
    public var approximateDouble: Double { Double(whole) + Double(nanos) / 1e9 }

    /// The same value written in another suffix family.
    public func with(format: Format) -> Quantity { Quantity(whole: whole, nanos: nanos, format: format) }
}

// MARK: - Arithmetic

extension Quantity {
    /// Adds, keeping the left operand's format (or the right one's when the left is zero), as
    /// apimachinery's `Add`. Saturates at ±(2^63−1) where apimachinery keeps growing.
    public static func + (a: Quantity, b: Quantity) -> Quantity {
        let format = a.isZero ? b.format : a.format
        var nanos = Int64(a.nanos) + Int64(b.nanos)
        var carry: Int64 = 0
        if nanos >= 1_000_000_000 { nanos -= 1_000_000_000; carry = 1 }
        if nanos <= -1_000_000_000 { nanos += 1_000_000_000; carry = -1 }
        let (w1, o1) = a.whole.addingReportingOverflow(b.whole)
        let (w2, o2) = w1.addingReportingOverflow(carry)
        var whole = w2
        if o1 || o2 || whole == .min {
            let positive = o1 ? a.whole > 0 : (o2 ? carry > 0 : false)
            return Quantity(whole: positive ? .max : -.max, nanos: 0, format: format)
        }
        // Make the signs agree.
        if whole > 0 && nanos < 0 { whole -= 1; nanos += 1_000_000_000 }
        if whole < 0 && nanos > 0 { whole += 1; nanos -= 1_000_000_000 }
        return Quantity(whole: whole, nanos: Int32(nanos), format: format)
    }

    public static prefix func - (q: Quantity) -> Quantity {
        Quantity(whole: -q.whole, nanos: -q.nanos, format: q.format)
    }

    /// Subtracts, with the same rules as `+`.
    public static func - (a: Quantity, b: Quantity) -> Quantity { a + (-b) }

    public static func += (a: inout Quantity, b: Quantity) { a = a + b }

    public static func -= (a: inout Quantity, b: Quantity) { a = a - b }

    /// `self` × `factor`, saturating at ±(2^63−1).
    public func multiplied(by factor: Int64) -> Quantity {
        guard factor != 0, !isZero else { return Quantity(whole: 0, nanos: 0, format: format) }
        let negative = (signum < 0) != (factor < 0)
        let saturated = Quantity(whole: negative ? -.max : .max, nanos: 0, format: format)
        let f = factor.magnitude
        let (n, no) = UInt64(nanos.magnitude).multipliedReportingOverflow(by: f)
        let (w, wo) = whole.magnitude.multipliedReportingOverflow(by: f)
        if no || wo { return saturated }
        let (total, to) = w.addingReportingOverflow(n / 1_000_000_000)
        if to || total > UInt64(Int64.max) { return saturated }
        let wholeMagnitude = Int64(total)
        let nanoMagnitude = Int32(n % 1_000_000_000)
        return Quantity(
            whole: negative ? -wholeMagnitude : wholeMagnitude,
            nanos: negative ? -nanoMagnitude : nanoMagnitude, format: format)
    }
}

// MARK: - Equality, ordering

extension Quantity: Hashable, Comparable {
    /// Value equality: the format is ignored (`1Gi == 1024Mi == 1073741824`).
    public static func == (a: Quantity, b: Quantity) -> Bool { a.whole == b.whole && a.nanos == b.nanos }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(whole)
        hasher.combine(nanos)
    }

    public static func < (a: Quantity, b: Quantity) -> Bool {
        // Sign-consistent parts order lexicographically.
        (a.whole, a.nanos) < (b.whole, b.nanos)
    }
}

// MARK: - Canonical form

extension Quantity: CustomStringConvertible, LosslessStringConvertible {
    /// Parses like `init(parsing:)`, returning nil for an invalid string.
    public init?(_ description: String) {
        guard let q = try? Quantity(parsing: description) else { return nil }
        self = q
    }

    /// The canonical form, as the API server writes it.
    public var description: String {
        if isZero { return "0" }
        let sign = signum < 0 ? "-" : ""
        let wholeMagnitude = whole.magnitude
        let nanoMagnitude = nanos.magnitude

        // Binary SI only for integers of magnitude ≥ 1024; otherwise as decimal SI.
        if format == .binarySI && nanoMagnitude == 0 && wholeMagnitude >= 1024 {
            var n = wholeMagnitude
            var power = 0
            while power < 6 && n >= 1024 && n % 1024 == 0 {
                n /= 1024
                power += 1
            }
            return sign + String(n) + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power]
        }

        // mantissa × 10^exponent with an integer mantissa and the exponent a multiple of 3,
        // as large as possible.
        var mantissa = Array(wholeMagnitude == 0 ? String(nanoMagnitude) : String(wholeMagnitude) + Self.nineDigits(nanoMagnitude))
        var exponent = -9
        while mantissa.count > 1 && mantissa.last == "0" {
            mantissa.removeLast()
            exponent += 1
        }
        let pad = ((exponent % 3) + 3) % 3
        mantissa.append(contentsOf: repeatElement("0", count: pad))
        exponent -= pad
        let digits = String(mantissa)

        if format == .decimalExponent {
            return sign + digits + (exponent == 0 ? "" : "e\(exponent)")
        }
        // The magnitude is below 2^63 ≈ 9.2e18, so the exponent is at most 18 (E).
        let suffixes: [Int: String] = [-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"]
        return sign + digits + (suffixes[exponent] ?? "e\(exponent)")
    }

    private static func nineDigits(_ n: UInt32) -> String {
        let s = String(n)
        return String(repeating: "0", count: 9 - s.count) + s
    }
}

// MARK: - Codable

extension Quantity: Codable {
    /// Decodes a JSON string (surrounding whitespace ignored, as apimachinery does) or a JSON number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let s = try? container.decode(String.self) {
            text = s.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let i = try? container.decode(Int64.self) {
            self.init(i)
            return
        } else if let d = try? container.decode(Decimal.self) {
            text = d.description
        } else if let d = try? container.decode(Double.self) {
            text = "\(d)"
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a quantity must be a string such as \"500m\" or \"1Gi\", or a number")
        }
        do {
            self = try Quantity(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Quantity {
    /// A quantity from a JSON value as found in a `corev1.ResourceList` carried as `JSONValue`:
    /// a string or a number.
    public init(json: JSONValue) throws(QuantityError) {
        switch json {
        case .string(let s): self = try Quantity(parsing: s)
        case .int(let i): self.init(i)
        case .double(let d) where d.isFinite: self = try Quantity(parsing: "\(d)")
        default: throw QuantityError(input: "\(json)", reason: .malformed)
        }
    }
}

// MARK: - Errors

/// Why a string is not a Kubernetes quantity.
public struct QuantityError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The string is empty.
        case empty
        /// The number part is missing or malformed.
        case malformed
        /// The suffix is not one Kubernetes knows.
        case unknownSuffix(String)
        /// The magnitude exceeds 2^63−1 (or the exponent 2^31).
        case outOfRange
    }

    /// The string that failed to parse.
    public var input: String
    public var reason: Reason

    public init(input: String, reason: Reason) {
        self.input = input
        self.reason = reason
    }

    /// What is wrong, without the input: `unknown suffix "K"; use …`.
    public var explanation: String {
        switch reason {
        case .empty:
            return "a quantity must not be empty; write e.g. 500m, 2, 1.5 or 100Mi"
        case .malformed:
            return "expected an optionally signed decimal number (e.g. 1, 0.5, -2) followed by an optional suffix"
        case .unknownSuffix(let s):
            return "unknown suffix \"\(s)\"; use Ki Mi Gi Ti Pi Ei (powers of 1024), n u m k M G T P E (powers of 1000) or an exponent such as e3"
        case .outOfRange:
            return "the magnitude exceeds 2^63-1"
        }
    }

    /// `invalid quantity "1K": unknown suffix "K"; …`.
    public var description: String { "invalid quantity \"\(input)\": \(explanation)" }
}

// MARK: - Parser

/// apimachinery's `ParseQuantity`, on exact decimal digit strings.
private enum QuantityParser {
    static func parse(_ input: String) throws(QuantityError) -> Quantity {
        let bytes = Array(input.utf8)
        guard !bytes.isEmpty else { throw QuantityError(input: input, reason: .empty) }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var digits: [UInt8] = []
        while i < bytes.count, let d = digit(bytes[i]) { digits.append(d); i += 1 }
        let intCount = digits.count
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, let d = digit(bytes[i]) { digits.append(d); i += 1 }
        }
        guard !digits.isEmpty else { throw QuantityError(input: input, reason: .malformed) }

        let suffix = String(decoding: bytes[i...], as: UTF8.self)
        let (format, base2Power, base10Power) = try interpret(suffix: suffix, input: input)

        // value = 0.d₁d₂… × 10^point (× 2^base2Power)
        var point = intCount
        if base2Power > 0 {
            for _ in 0..<(base2Power / 10) {
                let before = digits.count
                digits = multiply(digits, by: 1024)
                point += digits.count - before
            }
        } else {
            point += base10Power
        }
        let leadingZeros = digits.prefix(while: { $0 == 0 }).count
        digits.removeFirst(leadingZeros)
        point -= leadingZeros
        if digits.isEmpty { return Quantity(0, format: format) }

        func tooLarge() throws(QuantityError) -> Quantity {
            // apimachinery caps binary-SI values; decimal ones it keeps as big decimals, which we do not.
            guard format == .binarySI else { throw QuantityError(input: input, reason: .outOfRange) }
            return Quantity(whole: negative ? -.max : .max, nanos: 0, format: format)
        }
        // The first digit is non-zero, so the value is ≥ 10^(point−1).
        if point > 19 { return try tooLarge() }

        var wholeMagnitude: UInt64 = 0
        var nanoMagnitude: UInt32 = 0
        if point < -9 {
            nanoMagnitude = 1  // below 1n: rounded up
        } else {
            for j in 0..<max(point, 0) {
                wholeMagnitude = wholeMagnitude * 10 + UInt64(j < digits.count ? digits[j] : 0)
            }
            var roundUp = false
            let start = max(point, 0)
            if start < digits.count {
                for j in start..<digits.count {
                    let position = j - point  // 0-based position after the decimal point
                    if position < 9 {
                        nanoMagnitude += UInt32(digits[j]) * pow10(8 - position)
                    } else if digits[j] != 0 {
                        roundUp = true  // finer than 1n: rounded up, as apimachinery does
                        break
                    }
                }
            }
            if roundUp {
                nanoMagnitude += 1
                if nanoMagnitude == 1_000_000_000 { nanoMagnitude = 0; wholeMagnitude += 1 }
            }
        }
        if wholeMagnitude > UInt64(Int64.max) || (wholeMagnitude == UInt64(Int64.max) && nanoMagnitude > 0) {
            return try tooLarge()
        }
        // apimachinery shows binary-SI values below 1 as decimal SI.
        let finalFormat = (format == .binarySI && wholeMagnitude == 0) ? .decimalSI : format
        let w = Int64(wholeMagnitude)
        let n = Int32(nanoMagnitude)
        return Quantity(whole: negative ? -w : w, nanos: negative ? -n : n, format: finalFormat)
    }

    /// (format, binary power, decimal power) of a suffix.
    private static func interpret(suffix: String, input: String) throws(QuantityError) -> (Quantity.Format, Int, Int) {
        switch suffix {
        case "": return (.decimalSI, 0, 0)
        case "n": return (.decimalSI, 0, -9)
        case "u": return (.decimalSI, 0, -6)
        case "m": return (.decimalSI, 0, -3)
        case "k": return (.decimalSI, 0, 3)
        case "M": return (.decimalSI, 0, 6)
        case "G": return (.decimalSI, 0, 9)
        case "T": return (.decimalSI, 0, 12)
        case "P": return (.decimalSI, 0, 15)
        case "E": return (.decimalSI, 0, 18)
        case "Ki": return (.binarySI, 10, 0)
        case "Mi": return (.binarySI, 20, 0)
        case "Gi": return (.binarySI, 30, 0)
        case "Ti": return (.binarySI, 40, 0)
        case "Pi": return (.binarySI, 50, 0)
        case "Ei": return (.binarySI, 60, 0)
        default: break
        }
        let scalars = Array(suffix.unicodeScalars)
        if scalars.count > 1, scalars[0] == "e" || scalars[0] == "E" {
            var rest = Substring(suffix.dropFirst())
            var sign = 1
            if let first = rest.first, first == "+" || first == "-" {
                sign = first == "-" ? -1 : 1
                rest = rest.dropFirst()
            }
            guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw QuantityError(input: input, reason: .unknownSuffix(suffix))
            }
            guard let magnitude = Int32(rest) else { throw QuantityError(input: input, reason: .outOfRange) }
            return (.decimalExponent, 0, sign * Int(magnitude))
        }
        if scalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) {
            throw QuantityError(input: input, reason: .unknownSuffix(suffix))
        }
        throw QuantityError(input: input, reason: .malformed)
    }

    private static func digit(_ b: UInt8) -> UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) ? b - UInt8(ascii: "0") : nil
    }

    private static func pow10(_ n: Int) -> UInt32 {
        var r: UInt32 = 1
        for _ in 0..<n { r *= 10 }
        return r
    }

    /// A big-endian decimal digit string times a small factor.
    private static func multiply(_ digits: [UInt8], by factor: UInt32) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(digits.count + 4)
        var carry: UInt32 = 0
        for d in digits.reversed() {
            let v = UInt32(d) * factor + carry
            result.append(UInt8(v % 10))
            carry = v / 10
        }
        while carry > 0 {
            result.append(UInt8(carry % 10))
            carry /= 10
        }
        return result.reversed()
    }
}
