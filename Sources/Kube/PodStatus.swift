import SparkOperatorAPI

/// `core/v1.PodStatus`.
public struct PodStatus: Codable, Sendable, Hashable {
    /// `Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`.
    public var phase: String?
    public var conditions: [PodCondition]?
    public var message: String?
    /// e.g. `Evicted`, `NodeLost`, `DeadlineExceeded`.
    public var reason: String?
    public var hostIP: String?
    public var podIP: String?
    public var startTime: KubeTime?
    public var initContainerStatuses: [ContainerStatus]?
    public var containerStatuses: [ContainerStatus]?
    public var qosClass: String?
    /// Fields not typed above (podIPs, nominatedNodeName, ephemeralContainerStatuses, …).
    public var otherFields: [String: JSONValue] = [:]

    public init(
        phase: String? = nil, conditions: [PodCondition]? = nil, message: String? = nil, reason: String? = nil,
        hostIP: String? = nil, podIP: String? = nil, startTime: KubeTime? = nil,
        containerStatuses: [ContainerStatus]? = nil
    ) {
        self.phase = phase
        self.conditions = conditions
        self.message = message
        self.reason = reason
        self.hostIP = hostIP
        self.podIP = podIP
        self.startTime = startTime
        self.containerStatuses = containerStatuses
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case phase, conditions, message, reason, hostIP, podIP, startTime, initContainerStatuses,
            containerStatuses, qosClass
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(String.self, forKey: .phase)
        conditions = try c.decodeIfPresent([PodCondition].self, forKey: .conditions)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        hostIP = try c.decodeIfPresent(String.self, forKey: .hostIP)
        podIP = try c.decodeIfPresent(String.self, forKey: .podIP)
        startTime = try c.decodeIfPresent(KubeTime.self, forKey: .startTime)
        initContainerStatuses = try c.decodeIfPresent([ContainerStatus].self, forKey: .initContainerStatuses)
        containerStatuses = try c.decodeIfPresent([ContainerStatus].self, forKey: .containerStatuses)
        qosClass = try c.decodeIfPresent(String.self, forKey: .qosClass)
        otherFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeUnknownFields(otherFields)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(phase, forKey: .phase)
        try c.encodeIfPresent(conditions, forKey: .conditions)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(hostIP, forKey: .hostIP)
        try c.encodeIfPresent(podIP, forKey: .podIP)
        try c.encodeIfPresent(startTime, forKey: .startTime)
        try c.encodeIfPresent(initContainerStatuses, forKey: .initContainerStatuses)
        try c.encodeIfPresent(containerStatuses, forKey: .containerStatuses)
        try c.encodeIfPresent(qosClass, forKey: .qosClass)
    }
}

/// `core/v1.PodCondition` (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, …).
public struct PodCondition: Codable, Sendable, Hashable {
    public var type: String
    /// `True`, `False`, `Unknown`.
    public var status: String
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: KubeTime?
    /// Untyped fields (`lastProbeTime`, often `null`, and any newer ones).
    public var otherFields: [String: JSONValue] = [:]

    public init(type: String, status: String, reason: String? = nil, message: String? = nil, lastTransitionTime: KubeTime? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case type, status, reason, message, lastTransitionTime }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        status = try c.decode(String.self, forKey: .status)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        lastTransitionTime = try c.decodeIfPresent(KubeTime.self, forKey: .lastTransitionTime)
        otherFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeUnknownFields(otherFields)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(lastTransitionTime, forKey: .lastTransitionTime)
    }
}
