import SparkOperatorAPI

extension JSONValue {
    /// Where `self` and `other` differ, as `path: self ≠ other` lines (numbers compare by value);
    /// empty when they are JSON-equal.
    func differences(from other: JSONValue, at path: String = "") -> [String] {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            return Set(a.keys).union(b.keys).sorted().flatMap { key in
                let sub = path.isEmpty ? key : "\(path).\(key)"
                switch (a[key], b[key]) {
                case (let x?, let y?): return x.differences(from: y, at: sub)
                case (let x?, nil): return ["\(sub): \(x) ≠ (absent)"]
                case (nil, let y?): return ["\(sub): (absent) ≠ \(y)"]
                case (nil, nil): return []
                }
            }
        case (.array(let a), .array(let b)) where a.count == b.count:
            return zip(a, b).enumerated().flatMap { i, pair in pair.0.differences(from: pair.1, at: "\(path)[\(i)]") }
        default:
            return jsonEquals(other) ? [] : ["\(path): \(self) ≠ \(other)"]
        }
    }
}
