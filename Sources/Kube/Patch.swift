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
