/// `SparkApplication` (`sparkoperator.k8s.io/v1beta2`).
public struct SparkApplication: KubernetesObject, Hashable {
    public static let resourceType = ResourceType(
        group: "sparkoperator.k8s.io", version: "v1beta2", resource: "sparkapplications", kind: "SparkApplication")

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    /// Behind a reference (copy on write): see `Shared`.
    @Shared public var spec: SparkApplicationSpec
    public var status: SparkApplicationStatus?

    public init(metadata: ObjectMeta, spec: SparkApplicationSpec, status: SparkApplicationStatus? = nil) {
        self.apiVersion = Self.resourceType.apiVersion
        self.kind = Self.resourceType.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// `SparkApplicationSpec`.
public struct SparkApplicationSpec: Codable, Sendable, Hashable {
    public var type: SparkApplicationType
    public var sparkVersion: String
    public var mode: DeployMode?
    public var proxyUser: String?
    public var image: String?
    public var imagePullPolicy: String?
    public var imagePullSecrets: [String]?
    public var mainClass: String?
    public var mainApplicationFile: String?
    public var arguments: [String]?
    public var sparkConf: [String: String]?
    public var hadoopConf: [String: String]?
    public var sparkConfigMap: String?
    public var hadoopConfigMap: String?
    /// `[]corev1.Volume`.
    public var volumes: [JSONValue]?
    /// Behind a reference, like the spec itself (see `Shared`): apps whose specs differ (their
    /// arguments, say) mostly have equal driver and executor specs (~1 KiB inline together).
    @Shared public var driver: DriverSpec
    @Shared public var executor: ExecutorSpec
    @OutOfLine public var deps: Dependencies?
    public var restartPolicy: RestartPolicy?
    public var nodeSelector: [String: String]?
    /// Legacy, unused.
    public var failureRetries: Int32?
    /// Legacy, unused.
    public var retryInterval: Int64?
    public var pythonVersion: String?
    public var memoryOverheadFactor: String?
    @OutOfLine public var monitoring: MonitoringSpec?
    public var batchScheduler: String?
    public var timeToLiveSeconds: Int64?
    @OutOfLine public var batchSchedulerOptions: BatchSchedulerConfiguration?
    @OutOfLine public var sparkUIOptions: SparkUIConfiguration?
    public var driverIngressOptions: [DriverIngressConfiguration]?
    @OutOfLine public var dynamicAllocation: DynamicAllocation?
    public var suspend: Bool?
    public var driverPodDisruptionBudget: Bool?

    public init(type: SparkApplicationType, sparkVersion: String, mainApplicationFile: String? = nil,
                driver: DriverSpec = DriverSpec(), executor: ExecutorSpec = ExecutorSpec()) {
        self.type = type
        self.sparkVersion = sparkVersion
        self.mainApplicationFile = mainApplicationFile
        self.driver = driver
        self.executor = executor
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case type, sparkVersion, mode, proxyUser, image, imagePullPolicy, imagePullSecrets, mainClass
        case mainApplicationFile, arguments, sparkConf, hadoopConf, sparkConfigMap, hadoopConfigMap, volumes
        case driver, executor, deps, restartPolicy, nodeSelector, failureRetries, retryInterval, pythonVersion
        case memoryOverheadFactor, monitoring, batchScheduler, timeToLiveSeconds, batchSchedulerOptions
        case sparkUIOptions, driverIngressOptions, dynamicAllocation, suspend, driverPodDisruptionBudget
    }
}

extension SparkApplicationSpec: SchemaDescribed {
    public static var schema: JSONSchemaProps {
        .object([
            "type": SparkApplicationType.enumSchema.described("Java, Python, Scala or R."),
            "sparkVersion": .string("Spark version of the image, e.g. 3.5.1."),
            "mode": DeployMode.enumSchema.described("Deploy mode; default cluster."),
            "proxyUser": .string("User to impersonate (--proxy-user)."),
            "image": .string("Container image of the driver and executors."),
            "imagePullPolicy": .string("Always, IfNotPresent or Never."),
            "imagePullSecrets": .array(of: .string(), description: "Names of image pull secrets."),
            "mainClass": .string("Main class (Java/Scala)."),
            "mainApplicationFile": .string("Path of the application jar, py or R file."),
            "arguments": .array(of: .string(), description: "Arguments of the application."),
            "sparkConf": .map(description: "Spark configuration properties."),
            "hadoopConf": .map(description: "Hadoop configuration, added as spark.hadoop.<key>."),
            "sparkConfigMap": .string("ConfigMap with Spark configuration files, mounted at /etc/spark/conf."),
            "hadoopConfigMap": .string("ConfigMap with Hadoop configuration files, mounted at /etc/hadoop/conf."),
            "volumes": .array(of: .embeddedObject(), description: "corev1.Volume list."),
            "driver": DriverSpec.schema,
            "executor": ExecutorSpec.schema,
            "deps": Dependencies.schema,
            "restartPolicy": RestartPolicy.schema,
            "nodeSelector": .map(description: "Node selector of driver and executors."),
            "failureRetries": .int32("Legacy, unused."),
            "retryInterval": .int64("Legacy, unused."),
            "pythonVersion": .enumeration(["2", "3"], description: "Major Python version."),
            "memoryOverheadFactor": .string("Fraction of memory added as non-heap overhead."),
            "monitoring": MonitoringSpec.schema,
            "batchScheduler": .string("volcano, yunikorn or a kube-scheduler name."),
            "timeToLiveSeconds": .int64("Delete the application this long after it terminated."),
            "batchSchedulerOptions": BatchSchedulerConfiguration.schema,
            "sparkUIOptions": SparkUIConfiguration.schema,
            "driverIngressOptions": .array(of: DriverIngressConfiguration.schema),
            "dynamicAllocation": DynamicAllocation.schema,
            "suspend": .boolean("Stop the application (deletes its pods) until set to false."),
            "driverPodDisruptionBudget": .boolean("Create a PodDisruptionBudget for the driver."),
        ], required: ["type", "sparkVersion", "driver", "executor", "mainApplicationFile"],
           description: "The desired state of the SparkApplication.")
    }
}

/// `ApplicationState`.
public struct ApplicationState: Codable, Sendable, Hashable, SchemaDescribed {
    public var state: ApplicationStateType
    public var errorMessage: String?

    public init(state: ApplicationStateType = .new, errorMessage: String? = nil) {
        self.state = state
        self.errorMessage = errorMessage
    }

    public enum CodingKeys: String, CodingKey, CaseIterable { case state, errorMessage }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decodeIfPresent(ApplicationStateType.self, forKey: .state) ?? .new
        errorMessage = try c.decodeIfPresent(String.self, forKey: .errorMessage)
    }

    public static var schema: JSONSchemaProps {
        .object(["state": .string(), "errorMessage": .string()])
    }
}

/// `DriverInfo`.
public struct DriverInfo: Codable, Sendable, Hashable, SchemaDescribed {
    public var webUIServiceName: String?
    public var webUIAddress: String?
    public var webUIPort: Int32?
    public var webUIIngressName: String?
    public var webUIIngressAddress: String?
    public var podName: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case webUIServiceName, webUIAddress, webUIPort, webUIIngressName, webUIIngressAddress, podName
    }

    public static var schema: JSONSchemaProps {
        .object([
            "webUIServiceName": .string(), "webUIAddress": .string(), "webUIPort": .int32(),
            "webUIIngressName": .string(), "webUIIngressAddress": .string(), "podName": .string(),
        ])
    }
}

/// `SparkApplicationStatus`.
public struct SparkApplicationStatus: Codable, Sendable, Hashable, SchemaDescribed {
    public var sparkApplicationId: String?
    public var submissionID: String?
    public var lastSubmissionAttemptTime: KubeTime?
    public var terminationTime: KubeTime?
    public var driverInfo: DriverInfo?
    public var applicationState: ApplicationState?
    public var executorState: [String: ExecutorState]?
    public var executionAttempts: Int32?
    public var submissionAttempts: Int32?

    public init() {}

    /// The current state; NEW when there is none.
    public var state: ApplicationStateType {
        get { applicationState?.state ?? .new }
        set {
            if applicationState == nil { applicationState = ApplicationState() }
            applicationState?.state = newValue
        }
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case sparkApplicationId, submissionID, lastSubmissionAttemptTime, terminationTime, driverInfo
        case applicationState, executorState, executionAttempts, submissionAttempts
    }

    public static var schema: JSONSchemaProps {
        .object([
            "sparkApplicationId": .string(),
            "submissionID": .string(),
            "lastSubmissionAttemptTime": .dateTime(),
            "terminationTime": .dateTime(),
            "driverInfo": DriverInfo.schema,
            "applicationState": ApplicationState.schema,
            "executorState": .map(description: "Executor pod name → PENDING, RUNNING, COMPLETED, FAILED or UNKNOWN."),
            "executionAttempts": .int32(),
            "submissionAttempts": .int32(),
        ], description: "The observed state of the SparkApplication.")
    }
}
