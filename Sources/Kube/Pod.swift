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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try c.decodeIfPresent(JSONValue.self, forKey: .spec)
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

/// `core/v1.ContainerStatus`.
public struct ContainerStatus: Codable, Sendable, Hashable {
    public var name: String
    public var state: ContainerState?
    public var lastState: ContainerState?
    public var ready: Bool
    public var restartCount: Int32
    public var image: String?
    public var imageID: String?
    public var containerID: String?
    public var started: Bool?
    /// Fields not typed above.
    public var otherFields: [String: JSONValue] = [:]

    public init(
        name: String, state: ContainerState? = nil, lastState: ContainerState? = nil, ready: Bool = false,
        restartCount: Int32 = 0, image: String? = nil, imageID: String? = nil, containerID: String? = nil,
        started: Bool? = nil
    ) {
        self.name = name
        self.state = state
        self.lastState = lastState
        self.ready = ready
        self.restartCount = restartCount
        self.image = image
        self.imageID = imageID
        self.containerID = containerID
        self.started = started
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, state, lastState, ready, restartCount, image, imageID, containerID, started
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        state = try c.decodeIfPresent(ContainerState.self, forKey: .state)
        lastState = try c.decodeIfPresent(ContainerState.self, forKey: .lastState)
        ready = try c.decodeIfPresent(Bool.self, forKey: .ready) ?? false
        restartCount = try c.decodeIfPresent(Int32.self, forKey: .restartCount) ?? 0
        image = try c.decodeIfPresent(String.self, forKey: .image)
        imageID = try c.decodeIfPresent(String.self, forKey: .imageID)
        containerID = try c.decodeIfPresent(String.self, forKey: .containerID)
        started = try c.decodeIfPresent(Bool.self, forKey: .started)
        otherFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeUnknownFields(otherFields)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(state, forKey: .state)
        try c.encodeIfPresent(lastState, forKey: .lastState)
        try c.encode(ready, forKey: .ready)
        try c.encode(restartCount, forKey: .restartCount)
        try c.encodeIfPresent(image, forKey: .image)
        try c.encodeIfPresent(imageID, forKey: .imageID)
        try c.encodeIfPresent(containerID, forKey: .containerID)
        try c.encodeIfPresent(started, forKey: .started)
    }
}

/// `core/v1.ContainerState`: at most one of waiting, running, terminated.
public struct ContainerState: Codable, Sendable, Hashable {
    public var waiting: Waiting?
    public var running: Running?
    public var terminated: Terminated?

    public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }

    public struct Waiting: Codable, Sendable, Hashable {
        /// e.g. `ContainerCreating`, `ImagePullBackOff`, `CrashLoopBackOff`.
        public var reason: String?
        public var message: String?
        public init(reason: String? = nil, message: String? = nil) {
            self.reason = reason
            self.message = message
        }
    }

    public struct Running: Codable, Sendable, Hashable {
        public var startedAt: KubeTime?
        public init(startedAt: KubeTime? = nil) { self.startedAt = startedAt }
    }

    public struct Terminated: Codable, Sendable, Hashable {
        public var exitCode: Int32
        public var signal: Int32?
        /// e.g. `Completed`, `Error`, `OOMKilled`.
        public var reason: String?
        public var message: String?
        public var startedAt: KubeTime?
        public var finishedAt: KubeTime?
        public var containerID: String?

        public init(
            exitCode: Int32, signal: Int32? = nil, reason: String? = nil, message: String? = nil,
            startedAt: KubeTime? = nil, finishedAt: KubeTime? = nil, containerID: String? = nil
        ) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.containerID = containerID
        }
    }
}
