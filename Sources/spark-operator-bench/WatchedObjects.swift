import Kube
import SparkOperatorAPI

/// A pod as the benchmark's watch needs it: metadata and phase only, so that decoding the
/// watch events costs the benchmark process (which shares the 2 cores with the operator) little.
struct WatchedPod: KubernetesObject {
    static let resourceType = Pod.resourceType
    var metadata: ObjectMeta
    var phase: String?

    private enum CodingKeys: String, CodingKey { case metadata, status }
    private struct Status: Codable { var phase: String? }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        phase = try c.decodeIfPresent(Status.self, forKey: .status)?.phase
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(Status(phase: phase), forKey: .status)
    }
}

/// A SparkApplication as the benchmark's watch needs it: metadata and
/// `status.applicationState.state` only.
struct WatchedApp: KubernetesObject {
    static let resourceType = SparkApplication.resourceType
    var metadata: ObjectMeta
    /// `""` (NEW), `SUBMITTED`, `RUNNING`, `COMPLETED`, …
    var state: String

    private enum CodingKeys: String, CodingKey { case metadata, status }
    private struct Status: Codable {
        struct AppState: Codable { var state: String? }
        var applicationState: AppState?
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        state = try c.decodeIfPresent(Status.self, forKey: .status)?.applicationState?.state ?? ""
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(Status(applicationState: .init(state: state)), forKey: .status)
    }
}
