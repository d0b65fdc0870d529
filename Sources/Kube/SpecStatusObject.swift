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
