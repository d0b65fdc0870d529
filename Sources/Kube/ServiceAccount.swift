import SparkOperatorAPI

/// `core/v1.ServiceAccount`.
public struct ServiceAccount: KubernetesObject, Hashable {
    public static let resourceType = ResourceType(
        group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount")

    public var metadata: ObjectMeta
    public var secrets: [ObjectReference]?
    public var imagePullSecrets: [LocalObjectReference]?
    public var automountServiceAccountToken: Bool?

    public init(
        metadata: ObjectMeta, secrets: [ObjectReference]? = nil, imagePullSecrets: [LocalObjectReference]? = nil,
        automountServiceAccountToken: Bool? = nil
    ) {
        self.metadata = metadata
        self.secrets = secrets
        self.imagePullSecrets = imagePullSecrets
        self.automountServiceAccountToken = automountServiceAccountToken
    }

    enum CodingKeys: String, CodingKey { case metadata, secrets, imagePullSecrets, automountServiceAccountToken }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        secrets = try c.decodeIfPresent([ObjectReference].self, forKey: .secrets)
        imagePullSecrets = try c.decodeIfPresent([LocalObjectReference].self, forKey: .imagePullSecrets)
        automountServiceAccountToken = try c.decodeIfPresent(Bool.self, forKey: .automountServiceAccountToken)
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeTypeMeta(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(secrets, forKey: .secrets)
        try c.encodeIfPresent(imagePullSecrets, forKey: .imagePullSecrets)
        try c.encodeIfPresent(automountServiceAccountToken, forKey: .automountServiceAccountToken)
    }
}
