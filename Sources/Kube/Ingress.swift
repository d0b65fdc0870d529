import SparkOperatorAPI

/// `networking.k8s.io/v1.Ingress` (spec and status as JSON).
public struct Ingress: SpecStatusObject {
    public static let resourceType = ResourceType(
        group: "networking.k8s.io", version: "v1", resource: "ingresses", kind: "Ingress")
    public var metadata: ObjectMeta
    public var spec: JSONValue?
    public var status: JSONValue?
    public init(metadata: ObjectMeta, spec: JSONValue? = nil, status: JSONValue? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
