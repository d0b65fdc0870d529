import SparkOperatorAPI

/// `core/v1.Namespace` (cluster-scoped).
public struct Namespace: SpecStatusObject {
    public static let resourceType = ResourceType(
        group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
    public var metadata: ObjectMeta
    public var spec: JSONValue?
    public var status: JSONValue?
    public init(metadata: ObjectMeta, spec: JSONValue? = nil, status: JSONValue? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `Active` or `Terminating`.
    public var phase: String? { status?["phase"]?.stringValue }
}
