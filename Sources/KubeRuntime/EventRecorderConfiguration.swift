/// Settings of an `EventRecorder`.
public struct EventRecorderConfiguration: Sendable, Hashable {
    /// `source.component` and `reportingComponent` of every Event.
    public var component: String
    /// `reportingInstance`: which replica wrote the Event. Pass the leader elector's identity.
    public var reportingInstance: String
    /// `source.host` (empty for controllers, the node name for a kubelet).
    public var host: String?
    /// A repeat within this time of the previous occurrence updates the existing Event.
    public var aggregationWindow: Duration
    /// How many distinct (object, type, reason, message) series each writer remembers (LRU;
    /// an object's series are all remembered by the one writer that writes its Events).
    public var cacheSize: Int
    /// How many occurrences may wait to be written; `record` drops (and counts) beyond it.
    public var bufferSize: Int
    /// How many Events are written at once. The occurrences of one object always go through
    /// the same writer, in order (a series is aggregated by one correlator).
    public var writers: Int

    public init(
        component: String = "spark-operator",
        reportingInstance: String = LeaderElectionConfiguration.hostname(),
        host: String? = nil, aggregationWindow: Duration = .seconds(600), cacheSize: Int = 4096,
        bufferSize: Int = 1024, writers: Int = 4
    ) {
        self.component = component
        self.reportingInstance = reportingInstance
        self.host = host
        self.aggregationWindow = aggregationWindow
        self.cacheSize = max(1, cacheSize)
        self.bufferSize = max(1, bufferSize)
        self.writers = max(1, writers)
    }
}
