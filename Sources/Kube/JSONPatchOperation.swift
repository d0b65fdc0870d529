import SparkOperatorAPI

/// One RFC 6902 operation.
public struct JSONPatchOperation: Sendable, Hashable, Codable {
    public enum Op: String, Sendable, Hashable, Codable {
        case add, remove, replace, move, copy, test
    }
    public var op: Op
    /// A JSON pointer, e.g. `/metadata/labels/app` (escape `/` as `~1`, `~` as `~0`).
    public var path: String
    public var value: JSONValue?
    public var from: String?

    public init(op: Op, path: String, value: JSONValue? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    public static func add(_ path: String, _ value: JSONValue) -> Self { .init(op: .add, path: path, value: value) }
    public static func replace(_ path: String, _ value: JSONValue) -> Self { .init(op: .replace, path: path, value: value) }
    public static func remove(_ path: String) -> Self { .init(op: .remove, path: path) }
    public static func test(_ path: String, _ value: JSONValue) -> Self { .init(op: .test, path: path, value: value) }

    /// Escapes one JSON-pointer segment (`a/b` → `a~1b`).
    public static func escape(_ segment: String) -> String {
        segment.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
