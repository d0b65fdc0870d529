import Foundation
import SparkOperatorAPI

/// A PATCH body and its content type.
public enum Patch: Sendable, Hashable {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`): works for every resource,
    /// lists are replaced wholesale, `null` deletes a key.
    case merge(JSONValue)
    /// Strategic merge patch (`application/strategic-merge-patch+json`): core types only, lists
    /// merged by their keys (e.g. containers by name). Custom resources reject it (415).
    case strategicMerge(JSONValue)
    /// RFC 6902 JSON patch (`application/json-patch+json`).
    case json([JSONPatchOperation])
    /// Server-side apply (`application/apply-patch+yaml`): the full intent of a field manager
    /// (JSON is YAML); needs `PatchOptions.fieldManager`.
    case apply(JSONValue)

    public var contentType: String {
        switch self {
        case .merge: return "application/merge-patch+json"
        case .strategicMerge: return "application/strategic-merge-patch+json"
        case .json: return "application/json-patch+json"
        case .apply: return "application/apply-patch+yaml"
        }
    }

    func body() throws -> Data {
        switch self {
        case .merge(let v), .strategicMerge(let v), .apply(let v): return try JSONCoding.encoder.encode(v)
        case .json(let ops): return try JSONCoding.encoder.encode(ops)
        }
    }
}

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

/// Query parameters of a write (create, update, patch).
public struct WriteOptions: Sendable, Hashable {
    /// The field manager recorded in managedFields; required for server-side apply.
    public var fieldManager: String?
    /// Server-side apply: take ownership of conflicting fields.
    public var force: Bool
    public var dryRun: Bool

    public init(fieldManager: String? = nil, force: Bool = false, dryRun: Bool = false) {
        self.fieldManager = fieldManager
        self.force = force
        self.dryRun = dryRun
    }

    func queryItems(forApply: Bool) -> [(String, String)] {
        var q: [(String, String)] = []
        if let fieldManager, !fieldManager.isEmpty { q.append(("fieldManager", fieldManager)) }
        if forApply && force { q.append(("force", "true")) }
        if dryRun { q.append(("dryRun", "All")) }
        return q
    }
}
