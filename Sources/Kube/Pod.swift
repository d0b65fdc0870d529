import Foundation
import SparkOperatorAPI

/// `core/v1.Pod`: the spec as JSON (the operator builds it and copies it, never needs it typed),
/// the status typed where the operator reads it, with unknown fields kept.
public struct Pod: KubernetesObject, Hashable {
    public static let resourceType = ResourceType(group: "", version: "v1", resource: "pods", kind: "Pod")

    public var metadata: ObjectMeta
    public var spec: JSONValue?
    public var status: PodStatus?

    public init(metadata: ObjectMeta, spec: JSONValue? = nil, status: PodStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    enum CodingKeys: String, CodingKey { case metadata, spec, status }

    /// A decoder whose `userInfo` has this key set to `true` leaves `spec` nil: a cache that
    /// reads only pods' metadata and status (the operator's) skips the costliest part to decode
    /// and to keep. Such a pod must not be written back.
    public static let omitSpec = CodingUserInfoKey(rawValue: "io.k8s.core.v1.Pod.omitSpec")!

    /// A JSON decoder for pods that leaves `spec` nil.
    public static var specOmittingDecoder: JSONDecoder {
        let d = JSONCoding.decoder
        d.userInfo[omitSpec] = true
        return d
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = decoder.userInfo[Self.omitSpec] as? Bool == true ? nil : try c.decodeIfPresent(JSONValue.self, forKey: .spec)
        status = try c.decodeIfPresent(PodStatus.self, forKey: .status)
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeTypeMeta(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
    }
}
