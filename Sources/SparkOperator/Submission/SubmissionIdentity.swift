/// The ids of one submission attempt, derived from the application's UID, its spec generation
/// and the attempt number alone, so that a restarted operator (or a second replica) derives the
/// same ids and object names and adopts what already exists instead of creating duplicates
/// (kubeflow #2788).
///
/// Each id is a slice of SHA-256 over `spark-operator/<purpose>\0<uid>\0<attempt>`, followed by
/// `\0<generation>` when `metadata.generation` is above 1, so ids of different purposes,
/// applications, generations and attempts are unrelated. The generation matters because a spec
/// edit resets the attempt count (kubeflow's INVALIDATING): without it, the first attempt after
/// an edit would derive the ids of the first attempt before it and adopt that submission's
/// driver and (immutable) ConfigMap. Generation 1 keeps the short form, so applications never
/// edited keep the ids they had.
public struct SubmissionIdentity: Sendable, Hashable {
    /// `status.submissionID` and label `sparkoperator.k8s.io/submission-id`: an RFC 9562 UUID,
    /// version 8 (custom), e.g. `3f2b…-…-8…-…`.
    public var submissionID: String
    /// `spark.app.id` and label `spark-app-selector`: `spark-` and 32 lowercase hex digits, the
    /// shape of Spark's own `spark-<UUID without dashes>`.
    public var sparkAppID: String
    /// 16 hex digits standing in for Spark's `KubernetesUtils.uniqueID()` (6 random + 10 time
    /// digits) in the driver Service and ConfigMap names.
    public var resourceID: String
    /// The UUID in the default local directory `/var/data/spark-<uuid>` (Spark: random).
    public var localDirUUID: String

    public init(uid: String, attempt: Int32, generation: Int64? = nil) {
        let suffix = (generation ?? 1) > 1 ? "\u{0}\(generation ?? 1)" : ""
        func digest(_ purpose: String) -> [UInt8] {
            SHA256.hash(Array("spark-operator/\(purpose)\u{0}\(uid)\u{0}\(attempt)\(suffix)".utf8))
        }
        submissionID = Self.uuidV8(digest("submission-id"))
        sparkAppID = "spark-" + SHA256.hex(digest("spark-app-id").prefix(16))
        resourceID = SHA256.hex(digest("resource-id").prefix(8))
        localDirUUID = Self.uuidV8(digest("local-dir"))
    }

    /// The first 16 bytes as a UUID string with version 8 and the RFC 9562 variant.
    static func uuidV8(_ bytes: [UInt8]) -> String {
        var b = Array(bytes.prefix(16))
        b[6] = (b[6] & 0x0f) | 0x80
        b[8] = (b[8] & 0x3f) | 0x80
        let hex = SHA256.hex(b)
        let chars = Array(hex)
        func part(_ from: Int, _ to: Int) -> String { String(chars[from..<to]) }
        return [part(0, 8), part(8, 12), part(12, 16), part(16, 20), part(20, 32)].joined(separator: "-")
    }
}
