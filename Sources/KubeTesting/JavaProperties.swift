/// The `.properties` format of `java.util.Properties.load`, as Spark writes `spark.properties`
/// into a driver's ConfigMap (`spark.master=k8s\://https\://127.0.0.1\:6443`).
///
/// Natural lines end at `\n`, `\r` or `\r\n`; leading whitespace (space, tab, form feed) is
/// skipped; a line whose first other character is `#` or `!` is a comment; a line ending in an
/// odd number of backslashes continues on the next one (whose leading whitespace is skipped).
/// The key ends at the first unescaped `=`, `:` or whitespace; then whitespace, at most one `=`
/// or `:`, and more whitespace are skipped; the rest is the value. Escapes: `\t \n \r \f`,
/// `\uXXXX`, and `\` before any other character stands for that character. A later key wins.
public enum JavaProperties {
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in logicalLines(Array(text.unicodeScalars)) {
            let (key, value) = split(line)
            result[unescape(key)] = unescape(value)
        }
        return result
    }

    private static func isWhitespace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\u{0C}" }

    /// Logical lines without comments, continuations joined (escapes still in place).
    private static func logicalLines(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var natural: [[Unicode.Scalar]] = [[]]
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" || c == "\r" {
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                natural.append([])
            } else {
                natural[natural.count - 1].append(c)
            }
            i += 1
        }
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar]? = nil
        for raw in natural {
            var segment = Array(raw.drop(while: isWhitespace))
            if current == nil {
                if segment.isEmpty || segment[0] == "#" || segment[0] == "!" { continue }
            }
            let trailing = segment.reversed().prefix(while: { $0 == "\\" }).count
            let continues = trailing % 2 == 1
            if continues { segment.removeLast() }
            current = (current ?? []) + segment
            if !continues {
                lines.append(current!)
                current = nil
            }
        }
        if let current, !current.isEmpty { lines.append(current) }
        return lines
    }

    private static func split(_ line: [Unicode.Scalar]) -> ([Unicode.Scalar], [Unicode.Scalar]) {
        var i = 0
        var keyEnd = line.count
        while i < line.count {
            let c = line[i]
            if c == "\\" {
                i += 2
                continue
            }
            if c == "=" || c == ":" || isWhitespace(c) {
                keyEnd = i
                break
            }
            i += 1
        }
        let key = Array(line[..<min(keyEnd, line.count)])
        var j = keyEnd
        while j < line.count, isWhitespace(line[j]) { j += 1 }
        if j < line.count, line[j] == "=" || line[j] == ":" { j += 1 }
        while j < line.count, isWhitespace(line[j]) { j += 1 }
        return (key, j < line.count ? Array(line[j...]) : [])
    }

    private static func unescape(_ s: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            i += 1
            guard c == "\\", i < s.count else {
                if c != "\\" { out.append(c) }
                continue
            }
            let e = s[i]
            i += 1
            switch e {
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "f": out.append("\u{0C}")
            case "u":
                guard let code = hexCode(s, at: i) else {
                    out.append("u")  // Java throws on a malformed \u escape; keep the text instead
                    continue
                }
                i += 4
                if let scalar = Unicode.Scalar(code) {
                    out.append(scalar)
                } else if (0xD800..<0xDC00).contains(code), i + 6 <= s.count, s[i] == "\\", s[i + 1] == "u",
                    let low = hexCode(s, at: i + 2), (0xDC00..<0xE000).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                {
                    out.append(scalar)  // a UTF-16 surrogate pair written as two escapes
                    i += 6
                } else {
                    out.append("\u{FFFD}")
                }
            default: out.append(e)
            }
        }
        return String(out)
    }

    private static func hexCode(_ s: [Unicode.Scalar], at i: Int) -> UInt32? {
        guard i + 4 <= s.count else { return nil }
        return UInt32(String(String.UnicodeScalarView(s[i..<i + 4])), radix: 16)
    }
}
