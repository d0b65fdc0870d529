import Foundation
import SparkOperatorAPI

/// `core/v1.Secret`.
public struct Secret: KubernetesObject, Hashable {
    public static let resourceType = ResourceType(group: "", version: "v1", resource: "secrets", kind: "Secret")

    public var metadata: ObjectMeta
    /// Base64 in JSON; raw bytes here.
    public var data: [String: Data]?
    /// Write-only convenience: merged into `data` by the server.
    public var stringData: [String: String]?
    /// e.g. `Opaque`, `kubernetes.io/service-account-token`, `kubernetes.io/tls`.
    public var type: String?
    public var immutable: Bool?

    public init(
        metadata: ObjectMeta, data: [String: Data]? = nil, stringData: [String: String]? = nil, type: String? = nil,
        immutable: Bool? = nil
    ) {
        self.metadata = metadata
        self.data = data
        self.stringData = stringData
        self.type = type
        self.immutable = immutable
    }

    enum CodingKeys: String, CodingKey { case metadata, data, stringData, type, immutable }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        data = try c.decodeIfPresent([String: Data].self, forKey: .data)
        stringData = try c.decodeIfPresent([String: String].self, forKey: .stringData)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        immutable = try c.decodeIfPresent(Bool.self, forKey: .immutable)
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeTypeMeta(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(data, forKey: .data)
        try c.encodeIfPresent(stringData, forKey: .stringData)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(immutable, forKey: .immutable)
    }
}
