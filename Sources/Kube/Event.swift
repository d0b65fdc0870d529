import SparkOperatorAPI

/// `core/v1.Event` (what `kubectl describe` shows).
public struct Event: KubernetesObject, Hashable {
    public static let resourceType = ResourceType(group: "", version: "v1", resource: "events", kind: "Event")

    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    /// CamelCase, e.g. `SparkApplicationSubmitted`.
    public var reason: String?
    public var message: String?
    /// `Normal` or `Warning`.
    public var type: String?
    public var count: Int32?
    public var firstTimestamp: KubeTime?
    public var lastTimestamp: KubeTime?
    public var eventTime: MicroTime?
    public var source: EventSource?
    public var reportingComponent: String?
    public var reportingInstance: String?
    public var action: String?
    public var related: ObjectReference?
    public var series: JSONValue?

    public struct EventSource: Codable, Sendable, Hashable {
        public var component: String?
        public var host: String?
        public init(component: String? = nil, host: String? = nil) {
            self.component = component
            self.host = host
        }
    }

    public init(
        metadata: ObjectMeta, involvedObject: ObjectReference, reason: String? = nil, message: String? = nil,
        type: String? = nil, count: Int32? = nil, firstTimestamp: KubeTime? = nil, lastTimestamp: KubeTime? = nil,
        source: EventSource? = nil, reportingComponent: String? = nil, reportingInstance: String? = nil
    ) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.count = count
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.source = source
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
    }

    enum CodingKeys: String, CodingKey {
        case metadata, involvedObject, reason, message, type, count, firstTimestamp, lastTimestamp, eventTime,
            source, reportingComponent, reportingInstance, action, related, series
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        involvedObject = try c.decodeIfPresent(ObjectReference.self, forKey: .involvedObject) ?? ObjectReference()
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        count = try c.decodeIfPresent(Int32.self, forKey: .count)
        firstTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .firstTimestamp)
        lastTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .lastTimestamp)
        eventTime = try c.decodeIfPresent(MicroTime.self, forKey: .eventTime)
        source = try c.decodeIfPresent(EventSource.self, forKey: .source)
        reportingComponent = try c.decodeIfPresent(String.self, forKey: .reportingComponent)
        reportingInstance = try c.decodeIfPresent(String.self, forKey: .reportingInstance)
        action = try c.decodeIfPresent(String.self, forKey: .action)
        related = try c.decodeIfPresent(ObjectReference.self, forKey: .related)
        series = try c.decodeIfPresent(JSONValue.self, forKey: .series)
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeTypeMeta(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(involvedObject, forKey: .involvedObject)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(count, forKey: .count)
        try c.encodeIfPresent(firstTimestamp, forKey: .firstTimestamp)
        try c.encodeIfPresent(lastTimestamp, forKey: .lastTimestamp)
        try c.encodeIfPresent(eventTime, forKey: .eventTime)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(reportingComponent, forKey: .reportingComponent)
        try c.encodeIfPresent(reportingInstance, forKey: .reportingInstance)
        try c.encodeIfPresent(action, forKey: .action)
        try c.encodeIfPresent(related, forKey: .related)
        try c.encodeIfPresent(series, forKey: .series)
    }
}
