import Foundation

extension JSONValue {
    /// Compact JSON with sorted keys and unescaped slashes.
    public var compactJSON: String {
        (try? JSONCoding.encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Indented JSON with sorted keys and unescaped slashes, ending with a newline.
    public var prettyJSON: String {
        let encoder = JSONCoding.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return ((try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null") + "\n"
    }
}

extension JSONValue {
    /// Where `self` and `other` differ, as `path: self ≠ other` lines (numbers compare by value);
    /// empty when they are JSON-equal.
    public func differences(from other: JSONValue, at path: String = "") -> [String] {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            return Set(a.keys).union(b.keys).sorted().flatMap { key in
                let sub = path.isEmpty ? key : "\(path).\(key)"
                switch (a[key], b[key]) {
                case (let x?, let y?): return x.differences(from: y, at: sub)
                case (let x?, nil): return ["\(sub): \(x.compactJSON) ≠ (absent)"]
                case (nil, let y?): return ["\(sub): (absent) ≠ \(y.compactJSON)"]
                case (nil, nil): return []
                }
            }
        case (.array(let a), .array(let b)) where a.count == b.count:
            return zip(a, b).enumerated().flatMap { i, pair in pair.0.differences(from: pair.1, at: "\(path)[\(i)]") }
        default:
            return jsonEquals(other) ? [] : ["\(path): \(compactJSON) ≠ \(other.compactJSON)"]
        }
    }
}
