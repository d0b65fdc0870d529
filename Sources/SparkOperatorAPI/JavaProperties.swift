/// `java.util.Properties` text, as Spark writes `spark.properties` (`Properties.store(Writer, …)`)
/// and reads it (`Properties.load`).
public enum JavaProperties {
    /// The file `Properties.store` writes for `properties`: a `#<comment>` line, then one
    /// `key=value` line per entry in key order. Java also writes a `#<date>` line and entries in
    /// hash-table order; neither carries meaning, and leaving the date out keeps the output a
    /// function of its input.
    ///
    /// Escaping is `Properties.saveConvert` with a `Writer` (no `\uXXXX` escapes): `\` → `\\`;
    /// tab, newline, carriage return and form feed → `\t \n \r \f`; `= : # !` get a backslash;
    /// spaces get one in keys, and in values only the first character.
    public static func render(_ properties: [String: String], comment: String? = nil) -> String {
        var out = ""
        if let comment { out += "#" + comment.replacingOccurrences(of: "\n", with: "\n#") + "\n" }
        for key in properties.keys.sorted() {
            out += escape(key, isKey: true) + "=" + escape(properties[key] ?? "", isKey: false) + "\n"
        }
        return out
    }

    /// `Properties.saveConvert(text, escapeSpace: isKey, escapeUnicode: false)`.
    public static func escape(_ text: String, isKey: Bool) -> String {
        var out = ""
        for (i, ch) in text.enumerated() {
            switch ch {
            case "\\": out += "\\\\"
            case " ": out += (i == 0 || isKey) ? "\\ " : " "
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            case "=", ":", "#", "!": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }

    /// The entries of a properties file, as `Properties.load` reads it: `#`/`!` comment lines,
    /// blank lines, lines continued by an odd number of trailing backslashes, the key ending at
    /// the first unescaped `=`, `:` or whitespace, and the escapes `\t \n \r \f \uXXXX` (any
    /// other escaped character stands for itself). Later duplicates win.
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var logical: [[Character]] = []
        var pending: [Character]? = nil
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = Array(rawLine)
            if pending != nil {
                while let first = line.first, first == " " || first == "\t" || first == "\u{0C}" { line.removeFirst() }
            } else {
                let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" })
                if trimmed.isEmpty || trimmed.first == "#" || trimmed.first == "!" { continue }
                line = Array(trimmed)
            }
            var backslashes = 0
            for ch in line.reversed() { if ch == "\\" { backslashes += 1 } else { break } }
            if backslashes % 2 == 1 {
                pending = (pending ?? []) + line.dropLast()
                continue
            }
            logical.append((pending ?? []) + line)
            pending = nil
        }
        if let rest = pending { logical.append(rest) }

        for line in logical {
            var keyEnd = 0
            var escaped = false
            while keyEnd < line.count {
                let ch = line[keyEnd]
                if escaped {
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == "=" || ch == ":" || ch == " " || ch == "\t" || ch == "\u{0C}" {
                    break
                }
                keyEnd += 1
            }
            var valueStart = keyEnd
            while valueStart < line.count, [" ", "\t", "\u{0C}"].contains(line[valueStart]) { valueStart += 1 }
            if valueStart < line.count, line[valueStart] == "=" || line[valueStart] == ":" {
                valueStart += 1
                while valueStart < line.count, [" ", "\t", "\u{0C}"].contains(line[valueStart]) { valueStart += 1 }
            }
            result[unescape(line[0..<keyEnd])] = unescape(line[valueStart...])
        }
        return result
    }

    private static func unescape(_ chars: ArraySlice<Character>) -> String {
        var out = ""
        var i = chars.startIndex
        while i < chars.endIndex {
            let ch = chars[i]
            i += 1
            guard ch == "\\", i < chars.endIndex else {
                out.append(ch)
                continue
            }
            let next = chars[i]
            i += 1
            switch next {
            case "t": out += "\t"
            case "n": out += "\n"
            case "r": out += "\r"
            case "f": out += "\u{0C}"
            case "u":
                guard let unit = hexUnit(chars, at: i) else {
                    out.append("u")
                    continue
                }
                i += 4
                if (0xD800...0xDBFF).contains(unit), i + 1 < chars.endIndex, chars[i] == "\\", chars[i + 1] == "u",
                   let low = hexUnit(chars, at: i + 2), (0xDC00...0xDFFF).contains(low)
                {
                    // A UTF-16 surrogate pair, as Java writes characters outside the BMP.
                    let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    if let scalar = Unicode.Scalar(combined) { out.unicodeScalars.append(scalar) }
                    i += 6
                } else if let scalar = Unicode.Scalar(unit) {
                    out.unicodeScalars.append(scalar)
                }
            default: out.append(next)
            }
        }
        return out
    }

    /// The UTF-16 code unit of the 4 hex digits at `i`, if there are 4.
    private static func hexUnit(_ chars: ArraySlice<Character>, at i: Int) -> UInt32? {
        guard i + 4 <= chars.endIndex else { return nil }
        return UInt32(String(chars[i..<i + 4]), radix: 16)
    }
}
