/// `ScheduledSparkApplication` (`sparkoperator.k8s.io/v1beta2`).
public struct ScheduledSparkApplication: KubernetesObject, Hashable {
    public static let resourceType = ResourceType(
        group: "sparkoperator.k8s.io", version: "v1beta2", resource: "scheduledsparkapplications",
        kind: "ScheduledSparkApplication")

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ScheduledSparkApplicationSpec
    public var status: ScheduledSparkApplicationStatus?

    public init(metadata: ObjectMeta, spec: ScheduledSparkApplicationSpec, status: ScheduledSparkApplicationStatus? = nil) {
        self.apiVersion = Self.resourceType.apiVersion
        self.kind = Self.resourceType.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// `ScheduledSparkApplicationSpec`.
public struct ScheduledSparkApplicationSpec: Codable, Sendable, Hashable, SchemaDescribed {
    public var schedule: String
    public var timeZone: String?
    public var template: SparkApplicationSpec
    public var suspend: Bool?
    public var concurrencyPolicy: ConcurrencyPolicy?
    public var successfulRunHistoryLimit: Int32?
    public var failedRunHistoryLimit: Int32?

    public init(schedule: String, template: SparkApplicationSpec) {
        self.schedule = schedule
        self.template = template
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case schedule, timeZone, template, suspend, concurrencyPolicy, successfulRunHistoryLimit, failedRunHistoryLimit
    }

    public static var schema: JSONSchemaProps {
        .object([
            "schedule": .string("Cron schedule: 5 fields, @every <duration> or a descriptor such as @daily."),
            "timeZone": .string("IANA time zone of the schedule; default the operator's local zone."),
            "template": SparkApplicationSpec.schema.described("Spec of each run."),
            "suspend": .boolean("Start no new runs while true."),
            "concurrencyPolicy": .string("Allow (default), Forbid or Replace."),
            "successfulRunHistoryLimit": .int32("Completed runs to keep; default 1.", minimum: 0),
            "failedRunHistoryLimit": .int32("Failed runs to keep; default 1.", minimum: 0),
        ], required: ["schedule", "template"], description: "The desired state of the ScheduledSparkApplication.")
    }
}

/// `ScheduledSparkApplicationStatus`.
public struct ScheduledSparkApplicationStatus: Codable, Sendable, Hashable, SchemaDescribed {
    public var lastRun: KubeTime?
    public var nextRun: KubeTime?
    public var lastRunName: String?
    public var pastSuccessfulRunNames: [String]?
    public var pastFailedRunNames: [String]?
    public var scheduleState: ScheduleState?
    public var reason: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case lastRun, nextRun, lastRunName, pastSuccessfulRunNames, pastFailedRunNames, scheduleState, reason
    }

    public static var schema: JSONSchemaProps {
        .object([
            "lastRun": .dateTime(), "nextRun": .dateTime(), "lastRunName": .string(),
            "pastSuccessfulRunNames": .array(of: .string()), "pastFailedRunNames": .array(of: .string()),
            "scheduleState": .string(), "reason": .string(),
        ], description: "The observed state of the ScheduledSparkApplication.")
    }
}
