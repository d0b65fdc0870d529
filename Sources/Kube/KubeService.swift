import SparkOperatorAPI

/// `core/v1.Service` (spec and status as JSON; note that the 1.20 API server rejects a
/// server-side apply of ports without an explicit `protocol`).
///
/// Named `KubeService`, not `Service`, so that modules importing both Kube and
/// ServiceLifecycle (whose `Service` protocol every long-running component adopts) need no
/// module qualification.
public struct KubeService: SpecStatusObject {
    public static let resourceType = ResourceType(group: "", version: "v1", resource: "services", kind: "Service")
    public var metadata: ObjectMeta
    public var spec: JSONValue?
    public var status: JSONValue?
    public init(metadata: ObjectMeta, spec: JSONValue? = nil, status: JSONValue? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
