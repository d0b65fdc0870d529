import Foundation
import SparkOperatorAPI

/// `core/v1.ConfigMap`.
public struct ConfigMap: KubernetesObject, Hashable {
    public static let resourceType = ResourceType(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap")

    public var metadata: ObjectMeta
    public var data: [String: String]?
    /// Base64 in JSON; raw bytes here.
    public var binaryData: [String: Data]?
    public var immutable: Bool?

    public init(metadata: ObjectMeta, data: [String: String]? = nil, binaryData: [String: Data]? = nil, immutable: Bool? = nil) {
        self.metadata = metadata
        self.data = data
        self.binaryData = binaryData
        self.immutable = immutable
    }

    enum CodingKeys: String, CodingKey { case metadata, data, binaryData, immutable }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        data = try c.decodeIfPresent([String: String].self, forKey: .data)
        binaryData = try c.decodeIfPresent([String: Data].self, forKey: .binaryData)
        immutable = try c.decodeIfPresent(Bool.self, forKey: .immutable)
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeTypeMeta(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(data, forKey: .data)
        try c.encodeIfPresent(binaryData, forKey: .binaryData)
        try c.encodeIfPresent(immutable, forKey: .immutable)
    }
}
