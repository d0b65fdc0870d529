/// How dependents are handled when an owner is deleted.
public enum PropagationPolicy: String, Sendable, Hashable, Codable {
    /// The owner is deleted after its dependents (blockOwnerDeletion).
    case foreground = "Foreground"
    /// The owner is deleted now; the garbage collector deletes the dependents.
    case background = "Background"
    /// Dependents are kept, their ownerReferences removed.
    case orphan = "Orphan"
}

/// `metav1.DeleteOptions`, sent as the body of a DELETE.
public struct DeleteOptions: Sendable, Hashable, Encodable {
    public struct Preconditions: Sendable, Hashable, Encodable {
        public var uid: String?
        public var resourceVersion: String?
        public init(uid: String? = nil, resourceVersion: String? = nil) {
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    public var propagationPolicy: PropagationPolicy?
    public var gracePeriodSeconds: Int64?
    /// Delete only if the object still has this uid / resourceVersion (else 409 Conflict).
    public var preconditions: Preconditions?
    public var dryRun: [String]?

    public init(
        propagationPolicy: PropagationPolicy? = nil, gracePeriodSeconds: Int64? = nil,
        preconditions: Preconditions? = nil, dryRun: Bool = false
    ) {
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditions = preconditions
        self.dryRun = dryRun ? ["All"] : nil
    }

    enum CodingKeys: String, CodingKey {
        case kind, apiVersion, propagationPolicy, gracePeriodSeconds, preconditions, dryRun
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("DeleteOptions", forKey: .kind)
        try c.encode("v1", forKey: .apiVersion)
        try c.encodeIfPresent(propagationPolicy, forKey: .propagationPolicy)
        try c.encodeIfPresent(gracePeriodSeconds, forKey: .gracePeriodSeconds)
        try c.encodeIfPresent(preconditions, forKey: .preconditions)
        try c.encodeIfPresent(dryRun, forKey: .dryRun)
    }
}
