// Defaults of both kinds: those kubeflow writes into the spec (`api/v1beta2/defaults.go`,
// `SetSparkApplicationDefaults`, run by its mutating webhook on NEW/INVALIDATING apps), and those it
// only applies where a value is used (UI Service, Prometheus), which stay out of the spec.

extension SparkApplicationSpec {
    /// The spec with kubeflow's `SetSparkApplicationDefaults` applied. Explicit values are kept;
    /// applying it twice changes nothing.
    ///
    /// - `type` Scala when empty; `mode` cluster when absent or empty.
    /// - `restartPolicy.type` Never when absent or empty; for any other type the two retry
    ///   intervals default to 5 s (so OnFailure never waits on a nil interval, kubeflow #2237).
    /// - driver and executor `cores` 1 unless set or `spark.{driver,executor}.cores` is in sparkConf;
    ///   `memory` 1g unless set or `spark.{driver,executor}.memory` is in sparkConf.
    /// - `executor.instances` 1 unless set, `spark.executor.instances` is non-empty in sparkConf, or
    ///   dynamic allocation is on (`dynamicAllocation.enabled` when that block exists, else sparkConf
    ///   `spark.dynamicAllocation.enabled` — kubeflow reads only the misspelt key
    ///   `spark.dynamicallocation.enabled`; both are accepted here).
    /// - `dynamicAllocation.shuffleTrackingEnabled` true when dynamic allocation is on and unset.
    public func withDefaults() -> SparkApplicationSpec {
        var spec = self
        spec.applyDefaults()
        return spec
    }

    /// Applies `withDefaults()` in place.
    public mutating func applyDefaults() {
        if type.rawValue.isEmpty { type = .scala }
        if mode == nil || mode?.rawValue.isEmpty == true { mode = .cluster }

        var policy = restartPolicy ?? RestartPolicy()
        if policy.type == nil || policy.type?.rawValue.isEmpty == true { policy.type = .never }
        if policy.type != .never {
            if policy.onFailureRetryInterval == nil { policy.onFailureRetryInterval = Self.defaultRetryIntervalSeconds }
            if policy.onSubmissionFailureRetryInterval == nil {
                policy.onSubmissionFailureRetryInterval = Self.defaultRetryIntervalSeconds
            }
        }
        restartPolicy = policy

        let conf = sparkConf ?? [:]
        if driver.cores == nil && conf["spark.driver.cores"] == nil { driver.cores = 1 }
        if driver.memory == nil && conf["spark.driver.memory"] == nil { driver.memory = SparkMemory.defaultMemory }
        if executor.cores == nil && conf["spark.executor.cores"] == nil { executor.cores = 1 }
        if executor.memory == nil && conf["spark.executor.memory"] == nil { executor.memory = SparkMemory.defaultMemory }

        let dynamic = isDynamicAllocationEnabled
        if executor.instances == nil && (conf["spark.executor.instances"] ?? "").isEmpty && !dynamic {
            executor.instances = 1
        }
        if dynamic && dynamicAllocation != nil && dynamicAllocation?.shuffleTrackingEnabled == nil {
            dynamicAllocation?.shuffleTrackingEnabled = true
        }
    }

    /// Seconds between retries when a non-Never restart policy leaves an interval unset.
    public static let defaultRetryIntervalSeconds: Int64 = 5

    /// Whether dynamic allocation is on, as kubeflow's defaulter decides: `dynamicAllocation.enabled`
    /// when the block exists, else sparkConf `spark.dynamicAllocation.enabled` (read with Go's
    /// `strconv.ParseBool`: 1, t, T, TRUE, true, True are true).
    public var isDynamicAllocationEnabled: Bool {
        if let block = dynamicAllocation { return block.enabled ?? false }
        let conf = sparkConf ?? [:]
        let value = conf["spark.dynamicAllocation.enabled"] ?? conf["spark.dynamicallocation.enabled"]
        return ["1", "t", "T", "TRUE", "true", "True"].contains(value ?? "")
    }
}

extension ScheduledSparkApplicationSpec {
    /// The spec with defaults: `concurrencyPolicy` Allow when absent or empty, and
    /// `successfulRunHistoryLimit` and `failedRunHistoryLimit` 1 when absent. The template is left
    /// as written; each run gets the SparkApplication defaults when it is created.
    ///
    /// kubeflow documents Allow as the default but never sets it (its ScheduledSparkApplication
    /// defaulter is a no-op and the CRD has no default), and its controller treats an empty policy
    /// as "start no run while any earlier run exists". We default to Allow as documented.
    public func withDefaults() -> ScheduledSparkApplicationSpec {
        var spec = self
        spec.applyDefaults()
        return spec
    }

    /// Applies `withDefaults()` in place.
    public mutating func applyDefaults() {
        if concurrencyPolicy == nil || concurrencyPolicy?.rawValue.isEmpty == true { concurrencyPolicy = .allow }
        if successfulRunHistoryLimit == nil { successfulRunHistoryLimit = Self.defaultRunHistoryLimit }
        if failedRunHistoryLimit == nil { failedRunHistoryLimit = Self.defaultRunHistoryLimit }
    }

    /// Runs kept per outcome when the spec does not say.
    public static let defaultRunHistoryLimit: Int32 = 1
}

// MARK: - Defaults applied where the value is used (never written into the spec)

extension SparkApplicationSpec {
    /// Spark's default UI port.
    public static let defaultUIPort: Int32 = 4040
    /// Port name of the UI Service when `sparkUIOptions.servicePortName` is unset.
    public static let defaultUIServicePortName = "spark-driver-ui-port"
    /// Type of the UI Service when `sparkUIOptions.serviceType` is unset.
    public static let defaultUIServiceType = "ClusterIP"

    /// The driver's UI container port: sparkConf `spark.ui.port` when it is an integer, else 4040
    /// (kubeflow `getWebUITargetPort`; a `sparkConfigMap` is not consulted).
    public var uiTargetPort: Int32 {
        sparkConf?["spark.ui.port"].flatMap { Int32($0) } ?? Self.defaultUIPort
    }

    /// The UI Service port (kubeflow `getWebUIServicePort`): the target port when there are no
    /// `sparkUIOptions`, else `sparkUIOptions.servicePort`, else 4040 — not `spark.ui.port`.
    public var uiServicePort: Int32 {
        guard let options = sparkUIOptions else { return uiTargetPort }
        return options.servicePort ?? Self.defaultUIPort
    }

    /// The UI Service port name: `sparkUIOptions.servicePortName`, else `spark-driver-ui-port`.
    public var uiServicePortName: String { sparkUIOptions?.servicePortName ?? Self.defaultUIServicePortName }

    /// The UI Service type: `sparkUIOptions.serviceType`, else ClusterIP.
    public var uiServiceType: String { sparkUIOptions?.serviceType ?? Self.defaultUIServiceType }
}

extension PrometheusSpec {
    /// Port of the JMX exporter java agent when `port` is unset.
    public static let defaultPort: Int32 = 8090
    /// Container port name of the exporter when `portName` is unset.
    public static let defaultPortName = "jmx-exporter"

    /// `port`, else 8090.
    public var effectivePort: Int32 { port ?? Self.defaultPort }
    /// `portName`, else `jmx-exporter`.
    public var effectivePortName: String { portName ?? Self.defaultPortName }
}

extension MonitoringSpec {
    /// Where the operator's Prometheus ConfigMap (`<app>-prom-conf`) is mounted.
    public static let configMountPath = "/etc/metrics/conf"
    /// `spark.metrics.conf` when `metricsPropertiesFile` is unset: the `metrics.properties` key of
    /// the operator's ConfigMap.
    public static let defaultMetricsPropertiesFile = "/etc/metrics/conf/metrics.properties"

    /// The `spark.metrics.conf` path: `metricsPropertiesFile`, else the operator's ConfigMap file.
    public var effectiveMetricsPropertiesFile: String { metricsPropertiesFile ?? Self.defaultMetricsPropertiesFile }
}
