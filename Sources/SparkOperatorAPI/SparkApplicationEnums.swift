/// `spec.type`: the application's language.
public struct SparkApplicationType: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let java: Self = "Java"
    public static let python: Self = "Python"
    public static let scala: Self = "Scala"
    public static let r: Self = "R"
    public static let allowedValues: [Self] = [.java, .python, .scala, .r]
}

/// `spec.mode`: spark-submit's deploy mode.
public struct DeployMode: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let cluster: Self = "cluster"
    public static let client: Self = "client"
    public static let inClusterClient: Self = "in-cluster-client"
    public static let allowedValues: [Self] = [.cluster, .client, .inClusterClient]
}

/// `spec.restartPolicy.type`.
public struct RestartPolicyType: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let never: Self = "Never"
    public static let onFailure: Self = "OnFailure"
    public static let always: Self = "Always"
    public static let allowedValues: [Self] = [.never, .onFailure, .always]
}

/// `spec.driver.secrets[].secretType`.
public struct SecretType: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let gcpServiceAccount: Self = "GCPServiceAccount"
    public static let hadoopDelegationToken: Self = "HadoopDelegationToken"
    public static let generic: Self = "Generic"
    public static let allowedValues: [Self] = [.gcpServiceAccount, .hadoopDelegationToken, .generic]
}

/// `status.applicationState.state`. The empty string is NEW.
public struct ApplicationStateType: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let new: Self = ""
    public static let submitted: Self = "SUBMITTED"
    public static let running: Self = "RUNNING"
    public static let completed: Self = "COMPLETED"
    public static let failed: Self = "FAILED"
    public static let submissionFailed: Self = "SUBMISSION_FAILED"
    public static let pendingRerun: Self = "PENDING_RERUN"
    public static let invalidating: Self = "INVALIDATING"
    public static let succeeding: Self = "SUCCEEDING"
    public static let failing: Self = "FAILING"
    public static let suspending: Self = "SUSPENDING"
    public static let suspended: Self = "SUSPENDED"
    public static let resuming: Self = "RESUMING"
    public static let unknown: Self = "UNKNOWN"
    public static let allowedValues: [Self] = [
        .new, .submitted, .running, .completed, .failed, .submissionFailed, .pendingRerun, .invalidating,
        .succeeding, .failing, .suspending, .suspended, .resuming, .unknown,
    ]
    /// COMPLETED or FAILED.
    public var isTerminal: Bool { self == .completed || self == .failed }
}

/// `status.executorState` values (also the driver's state).
public struct ExecutorState: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let pending: Self = "PENDING"
    public static let running: Self = "RUNNING"
    public static let completed: Self = "COMPLETED"
    public static let failed: Self = "FAILED"
    public static let unknown: Self = "UNKNOWN"
    public static let allowedValues: [Self] = [.pending, .running, .completed, .failed, .unknown]
    public var isTerminal: Bool { self == .completed || self == .failed }
}

/// `spec.concurrencyPolicy` of a ScheduledSparkApplication.
public struct ConcurrencyPolicy: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let allow: Self = "Allow"
    public static let forbid: Self = "Forbid"
    public static let replace: Self = "Replace"
    public static let allowedValues: [Self] = [.allow, .forbid, .replace]
}

/// `status.scheduleState` of a ScheduledSparkApplication. The empty string is NEW.
public struct ScheduleState: StringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let new: Self = ""
    public static let validating: Self = "Validating"
    public static let scheduled: Self = "Scheduled"
    public static let failedValidation: Self = "FailedValidation"
    public static let allowedValues: [Self] = [.new, .validating, .scheduled, .failedValidation]
}
