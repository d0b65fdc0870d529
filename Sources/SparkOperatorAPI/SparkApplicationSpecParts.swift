/// `RestartPolicy`.
public struct RestartPolicy: Codable, Sendable, Hashable, SchemaDescribed {
    public var type: RestartPolicyType?
    public var onSubmissionFailureRetries: Int32?
    public var onFailureRetries: Int32?
    /// Seconds.
    public var onSubmissionFailureRetryInterval: Int64?
    /// Seconds.
    public var onFailureRetryInterval: Int64?

    public init(type: RestartPolicyType? = nil) { self.type = type }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case type, onSubmissionFailureRetries, onFailureRetries, onSubmissionFailureRetryInterval, onFailureRetryInterval
    }

    public static var schema: JSONSchemaProps {
        .object([
            "type": RestartPolicyType.enumSchema.described("Never, OnFailure or Always."),
            "onSubmissionFailureRetries": .int32("Retries after a failed submission (OnFailure).", minimum: 0),
            "onFailureRetries": .int32("Retries after the application failed (OnFailure).", minimum: 0),
            "onSubmissionFailureRetryInterval": .int64("Seconds between submission retries.", minimum: 1),
            "onFailureRetryInterval": .int64("Seconds between failure retries.", minimum: 1),
        ], description: "When the application is re-run.")
    }
}

/// `Dependencies`: jars, files and packages the application needs.
public struct Dependencies: Codable, Sendable, Hashable, SchemaDescribed {
    public var jars: [String]?
    public var files: [String]?
    public var pyFiles: [String]?
    public var packages: [String]?
    public var excludePackages: [String]?
    public var repositories: [String]?
    public var archives: [String]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case jars, files, pyFiles, packages, excludePackages, repositories, archives
    }

    public static var schema: JSONSchemaProps {
        .object([
            "jars": .array(of: .string(), description: "spark.jars"),
            "files": .array(of: .string(), description: "spark.files"),
            "pyFiles": .array(of: .string(), description: "spark.submit.pyFiles"),
            "packages": .array(of: .string(), description: "spark.jars.packages (Maven coordinates)"),
            "excludePackages": .array(of: .string(), description: "spark.jars.excludes"),
            "repositories": .array(of: .string(), description: "spark.jars.repositories"),
            "archives": .array(of: .string(), description: "spark.archives"),
        ], description: "Dependencies of the application.")
    }
}

/// `DynamicAllocation`.
public struct DynamicAllocation: Codable, Sendable, Hashable, SchemaDescribed {
    public var enabled: Bool?
    public var initialExecutors: Int32?
    public var minExecutors: Int32?
    public var maxExecutors: Int32?
    public var shuffleTrackingEnabled: Bool?
    /// Milliseconds.
    public var shuffleTrackingTimeout: Int64?

    public init(enabled: Bool? = nil) { self.enabled = enabled }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, initialExecutors, minExecutors, maxExecutors, shuffleTrackingEnabled, shuffleTrackingTimeout
    }

    public static var schema: JSONSchemaProps {
        .object([
            "enabled": .boolean(),
            "initialExecutors": .int32(minimum: 0),
            "minExecutors": .int32(minimum: 0),
            "maxExecutors": .int32(minimum: 0),
            "shuffleTrackingEnabled": .boolean("Defaults to true when dynamic allocation is enabled."),
            "shuffleTrackingTimeout": .int64("Milliseconds.", minimum: 0),
        ], description: "Dynamic executor allocation.")
    }
}

/// `BatchSchedulerConfiguration`.
public struct BatchSchedulerConfiguration: Codable, Sendable, Hashable, SchemaDescribed {
    public var queue: String?
    public var priorityClassName: String?
    /// `corev1.ResourceList`: resource name → quantity.
    public var resources: [String: JSONValue]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable { case queue, priorityClassName, resources }

    public static var schema: JSONSchemaProps {
        .object([
            "queue": .string(),
            "priorityClassName": .string(),
            "resources": .map(of: .quantity(), description: "Overrides the computed minimum resources."),
        ], description: "Options for the batch scheduler.")
    }
}

/// `PrometheusSpec`.
public struct PrometheusSpec: Codable, Sendable, Hashable, SchemaDescribed {
    public var jmxExporterJar: String
    public var port: Int32?
    public var portName: String?
    public var configFile: String?
    public var configuration: String?

    public init(jmxExporterJar: String) { self.jmxExporterJar = jmxExporterJar }

    public enum CodingKeys: String, CodingKey, CaseIterable { case jmxExporterJar, port, portName, configFile, configuration }

    public static var schema: JSONSchemaProps {
        .object([
            "jmxExporterJar": .string("Path of the Prometheus JMX exporter java agent jar in the image."),
            "port": .int32("Exporter port; default 8090.", minimum: 1024, maximum: 49151),
            "portName": .string("Default jmx-exporter."),
            "configFile": .string("Exporter configuration file in the image."),
            "configuration": .string("Exporter configuration content."),
        ], required: ["jmxExporterJar"])
    }
}

/// `MonitoringSpec`.
public struct MonitoringSpec: Codable, Sendable, Hashable, SchemaDescribed {
    public var exposeDriverMetrics: Bool
    public var exposeExecutorMetrics: Bool
    public var metricsProperties: String?
    public var metricsPropertiesFile: String?
    public var prometheus: PrometheusSpec?

    public init(exposeDriverMetrics: Bool, exposeExecutorMetrics: Bool) {
        self.exposeDriverMetrics = exposeDriverMetrics
        self.exposeExecutorMetrics = exposeExecutorMetrics
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case exposeDriverMetrics, exposeExecutorMetrics, metricsProperties, metricsPropertiesFile, prometheus
    }

    public static var schema: JSONSchemaProps {
        .object([
            "exposeDriverMetrics": .boolean(),
            "exposeExecutorMetrics": .boolean(),
            "metricsProperties": .string("Content of metrics.properties."),
            "metricsPropertiesFile": .string("Default /etc/metrics/conf/metrics.properties."),
            "prometheus": PrometheusSpec.schema,
        ], required: ["exposeDriverMetrics", "exposeExecutorMetrics"], description: "Metrics of the driver and executors.")
    }
}

/// `SparkUIConfiguration`.
public struct SparkUIConfiguration: Codable, Sendable, Hashable, SchemaDescribed {
    public var servicePort: Int32?
    public var servicePortName: String?
    public var serviceType: String?
    public var serviceAnnotations: [String: String]?
    public var serviceLabels: [String: String]?
    public var ingressAnnotations: [String: String]?
    /// `[]networkingv1.IngressTLS`.
    public var ingressTLS: [JSONValue]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case servicePort, servicePortName, serviceType, serviceAnnotations, serviceLabels, ingressAnnotations, ingressTLS
    }

    public static var schema: JSONSchemaProps {
        .object([
            "servicePort": .int32("Port of the UI Service; default 4040.", minimum: 1, maximum: 65535),
            "servicePortName": .string("Default spark-driver-ui-port."),
            "serviceType": .string("ClusterIP (default), NodePort, LoadBalancer."),
            "serviceAnnotations": .map(),
            "serviceLabels": .map(),
            "ingressAnnotations": .map(),
            "ingressTLS": .array(of: .embeddedObject()),
        ], description: "The Spark UI Service and Ingress.")
    }
}

/// `DriverIngressConfiguration`: an extra Service and Ingress for a driver port.
public struct DriverIngressConfiguration: Codable, Sendable, Hashable, SchemaDescribed {
    public var servicePort: Int32?
    public var servicePortName: String?
    public var serviceType: String?
    public var serviceAnnotations: [String: String]?
    public var serviceLabels: [String: String]?
    public var ingressURLFormat: String?
    public var ingressAnnotations: [String: String]?
    public var ingressTLS: [JSONValue]?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case servicePort, servicePortName, serviceType, serviceAnnotations, serviceLabels, ingressURLFormat
        case ingressAnnotations, ingressTLS
    }

    public static var schema: JSONSchemaProps {
        .object([
            "servicePort": .int32(minimum: 1, maximum: 65535),
            "servicePortName": .string(),
            "serviceType": .string(),
            "serviceAnnotations": .map(),
            "serviceLabels": .map(),
            "ingressURLFormat": .string("URL template: {{$appName}}, {{$appNamespace}}, {{$appId}}."),
            "ingressAnnotations": .map(),
            "ingressTLS": .array(of: .embeddedObject()),
        ], required: ["servicePort", "servicePortName", "ingressURLFormat"])
    }
}
