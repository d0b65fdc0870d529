import SparkOperatorAPI

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
