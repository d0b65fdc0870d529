/// Spark configuration as spark-submit resolves it: string keys and values, the later setting of
/// a key replacing the earlier one (as repeated `--conf` flags do), read with Spark's typed
/// accessors. Reads that Spark would reject throw, naming the key.
public struct SparkConf: Sendable, Hashable {
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    public subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// Sets `key` only when it is absent (`SparkConf.setIfMissing`).
    public mutating func setIfMissing(_ key: String, _ value: String) {
        if values[key] == nil { values[key] = value }
    }

    public mutating func remove(_ key: String) { values[key] = nil }

    /// Entries whose key starts with `prefix`, the prefix removed, in key order
    /// (`SparkConf.getAllWithPrefix`; Spark iterates a hash map, the order carries no meaning).
    public func withPrefix(_ prefix: String) -> [(key: String, value: String)] {
        values.keys.filter { $0.hasPrefix(prefix) }.sorted().map { (String($0.dropFirst(prefix.count)), values[$0] ?? "") }
    }

    /// `SparkConf.getInt(key, default)`: Java's `Integer.parseInt` of the trimmed value.
    public func int(_ key: String, default fallback: Int32) throws(SubmissionError) -> Int32 {
        guard let raw = values[key] else { return fallback }
        guard let n = Int32(raw.trimmingJavaWhitespace()) else {
            throw .invalidValue(field: "spec.sparkConf[\(key)]", value: raw, message: "must be an integer")
        }
        return n
    }

    /// A boolean setting (Spark's `toBoolean`: `true`/`false` in any case).
    public func bool(_ key: String, default fallback: Bool) throws(SubmissionError) -> Bool {
        guard let raw = values[key] else { return fallback }
        switch raw.trimmingJavaWhitespace().lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidValue(field: "spec.sparkConf[\(key)]", value: raw, message: "must be true or false")
        }
    }

    /// A comma-separated list, entries trimmed, empty entries dropped (`stringConf.toSequence`).
    public func list(_ key: String) -> [String] {
        (values[key] ?? "").split(separator: ",").map { String($0).trimmingJavaWhitespace() }.filter { !$0.isEmpty }
    }
}
