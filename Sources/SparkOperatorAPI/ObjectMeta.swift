import Foundation

/// `metav1.Time`: an RFC 3339 timestamp with second precision, as the API server writes it.
public struct KubeTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = KubeTime.parse(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "invalid RFC 3339 time '\(s)'")
        }
        date = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// `2026-11-25T00:44:50Z` (fractional seconds dropped, as metav1.Time does).
    public var description: String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
            .formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
            .replacingOccurrences(of: "+0000", with: "Z")
    }

    /// Parses RFC 3339 with or without fractional seconds and with `Z` or an offset.
    public static func parse(_ s: String) -> Date? {
        if let d = try? Date(s, strategy: .iso8601) { return d }
        if let d = try? Date(s, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return d }
        return nil
    }

    public static func < (a: KubeTime, b: KubeTime) -> Bool { a.date < b.date }
}

/// `metav1.OwnerReference`.
public struct OwnerReference: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil, blockOwnerDeletion: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// `metav1.ObjectMeta`.
public struct ObjectMeta: Codable, Sendable, Hashable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: KubeTime?
    public var deletionTimestamp: KubeTime?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?
    // managedFields are deliberately not decoded: they are most of an object's size, the
    // operator never reads them, and an update that omits them keeps the server's.

    /// A decoder whose `userInfo` has this key set to `true` leaves out the annotation
    /// `kubectl.kubernetes.io/last-applied-configuration` (a second copy of the whole object, on
    /// everything `kubectl apply` made): for caches whose objects are only written back through
    /// `/status`, which keeps the stored metadata.
    public static let omitLastAppliedConfiguration = CodingUserInfoKey(rawValue: "io.k8s.ObjectMeta.omitLastApplied")!
    public static let lastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration"

    enum CodingKeys: String, CodingKey {
        case name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp,
            deletionGracePeriodSeconds, labels, annotations, ownerReferences, finalizers
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        generateName = try c.decodeIfPresent(String.self, forKey: .generateName)
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        resourceVersion = try c.decodeIfPresent(String.self, forKey: .resourceVersion)
        generation = try c.decodeIfPresent(Int64.self, forKey: .generation)
        creationTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .creationTimestamp)
        deletionTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .deletionTimestamp)
        deletionGracePeriodSeconds = try c.decodeIfPresent(Int64.self, forKey: .deletionGracePeriodSeconds)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
        if decoder.userInfo[Self.omitLastAppliedConfiguration] as? Bool == true,
           annotations?.removeValue(forKey: Self.lastAppliedConfiguration) != nil, annotations?.isEmpty == true
        {
            annotations = nil
        }
        ownerReferences = try c.decodeIfPresent([OwnerReference].self, forKey: .ownerReferences)
        finalizers = try c.decodeIfPresent([String].self, forKey: .finalizers)
    }

    public init(
        name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil, ownerReferences: [OwnerReference]? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
    }
}

/// Identifies a REST resource: group, version, plural resource name, kind and scope.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var resource: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `v1` for the core group, else `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }
}

/// A Kubernetes object with a known REST resource.
public protocol KubernetesObject: Codable, Sendable {
    static var resourceType: ResourceType { get }
    var metadata: ObjectMeta { get set }
}

extension KubernetesObject {
    public var name: String { metadata.name ?? "" }
    public var namespace: String { metadata.namespace ?? "" }
    /// `namespace/name`, or `name` for cluster-scoped objects.
    public var key: String { metadata.namespace.map { "\($0)/\(name)" } ?? name }

    /// A controller owner reference pointing at this object.
    public func controllerReference() -> OwnerReference {
        OwnerReference(
            apiVersion: Self.resourceType.apiVersion, kind: Self.resourceType.kind, name: name,
            uid: metadata.uid ?? "", controller: true, blockOwnerDeletion: true)
    }
}
