import SparkOperatorAPI

/// Objects whose spec and status the operator builds or copies but does not read typed:
/// both are kept as JSON. Conformers get Codable for free.
public protocol SpecStatusObject: KubernetesObject, Hashable {
    var spec: JSONValue? { get set }
    var status: JSONValue? { get set }
    init(metadata: ObjectMeta, spec: JSONValue?, status: JSONValue?)
}

enum SpecStatusCodingKeys: String, CodingKey { case metadata, spec, status }

extension SpecStatusObject {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: SpecStatusCodingKeys.self)
        self.init(
            metadata: try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(),
            spec: try c.decodeIfPresent(JSONValue.self, forKey: .spec),
            status: try c.decodeIfPresent(JSONValue.self, forKey: .status))
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeTypeMeta(to: encoder)
        var c = encoder.container(keyedBy: SpecStatusCodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
    }
}

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
