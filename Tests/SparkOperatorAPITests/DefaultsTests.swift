import Testing

@testable import SparkOperatorAPI

@Suite struct SparkApplicationDefaultsTests {
    private func spec(conf: [String: String]? = nil) -> SparkApplicationSpec {
        var s = SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///app.jar")
        s.sparkConf = conf
        return s
    }

    @Test func bareSpecGetsEveryDefault() {
        let d = spec().withDefaults()
        #expect(d.type == .scala)
        #expect(d.mode == .cluster)
        #expect(d.restartPolicy == RestartPolicy(type: .never))
        #expect(d.driver.cores == 1)
        #expect(d.driver.memory == "1g")
        #expect(d.executor.cores == 1)
        #expect(d.executor.memory == "1g")
        #expect(d.executor.instances == 1)
        #expect(d.dynamicAllocation == nil)
        #expect(d.restartPolicy?.onFailureRetryInterval == nil)  // only for non-Never policies
    }

    @Test func emptyTypeBecomesScalaButAnExplicitTypeStays() {
        var s = spec()
        s.type = ""
        #expect(s.withDefaults().type == .scala)
        s.type = .python
        #expect(s.withDefaults().type == .python)
    }

    @Test(arguments: [nil, DeployMode(rawValue: "")])
    func missingModeBecomesCluster(mode: DeployMode?) {
        var s = spec()
        s.mode = mode
        #expect(s.withDefaults().mode == .cluster)
    }

    @Test func explicitModeStays() {
        var s = spec()
        s.mode = .client
        #expect(s.withDefaults().mode == .client)
    }

    @Test func emptyRestartPolicyTypeBecomesNever() {
        var s = spec()
        s.restartPolicy = RestartPolicy(type: "")
        #expect(s.withDefaults().restartPolicy?.type == .never)
        s.restartPolicy = RestartPolicy()
        #expect(s.withDefaults().restartPolicy?.type == .never)
    }

    @Test(arguments: [RestartPolicyType.onFailure, .always])
    func nonNeverPoliciesGetRetryIntervals(type: RestartPolicyType) {
        var s = spec()
        s.restartPolicy = RestartPolicy(type: type)
        let p = s.withDefaults().restartPolicy
        #expect(p?.type == type)
        #expect(p?.onFailureRetryInterval == 5)
        #expect(p?.onSubmissionFailureRetryInterval == 5)
        #expect(p?.onFailureRetries == nil)
        #expect(p?.onSubmissionFailureRetries == nil)
    }

    @Test func explicitRetryIntervalsStay() {
        var s = spec()
        var policy = RestartPolicy(type: .onFailure)
        policy.onFailureRetryInterval = 30
        policy.onSubmissionFailureRetryInterval = 1
        policy.onFailureRetries = 3
        s.restartPolicy = policy
        #expect(s.withDefaults().restartPolicy == policy)
    }

    @Test func neverPolicyGetsNoIntervals() {
        var s = spec()
        s.restartPolicy = RestartPolicy(type: .never)
        #expect(s.withDefaults().restartPolicy == RestartPolicy(type: .never))
    }

    @Test(arguments: ["spark.driver.cores", "spark.driver.memory", "spark.executor.cores", "spark.executor.memory"])
    func sparkConfSuppressesCoreAndMemoryDefaults(key: String) {
        let d = spec(conf: [key: key.hasSuffix("cores") ? "2" : "2g"]).withDefaults()
        #expect((d.driver.cores == nil) == (key == "spark.driver.cores"))
        #expect((d.driver.memory == nil) == (key == "spark.driver.memory"))
        #expect((d.executor.cores == nil) == (key == "spark.executor.cores"))
        #expect((d.executor.memory == nil) == (key == "spark.executor.memory"))
    }

    @Test func explicitCoresAndMemoryStay() {
        var s = spec(conf: ["spark.driver.cores": "8"])
        s.driver.cores = 3
        s.driver.memory = "4g"
        s.executor.cores = 2
        s.executor.memory = "512m"
        s.executor.instances = 7
        let d = s.withDefaults()
        #expect(d.driver.cores == 3)
        #expect(d.driver.memory == "4g")
        #expect(d.executor.cores == 2)
        #expect(d.executor.memory == "512m")
        #expect(d.executor.instances == 7)
    }

    @Test func executorInstancesFromSparkConfSuppressTheDefault() {
        #expect(spec(conf: ["spark.executor.instances": "3"]).withDefaults().executor.instances == nil)
        // kubeflow tests the value, not the key: an empty value still gets the default.
        #expect(spec(conf: ["spark.executor.instances": ""]).withDefaults().executor.instances == 1)
    }

    @Test func dynamicAllocationSuppressesInstancesAndTurnsOnShuffleTracking() {
        var s = spec()
        s.dynamicAllocation = DynamicAllocation(enabled: true)
        let d = s.withDefaults()
        #expect(d.executor.instances == nil)
        #expect(d.dynamicAllocation?.shuffleTrackingEnabled == true)
        #expect(d.dynamicAllocation?.enabled == true)
        #expect(d.dynamicAllocation?.initialExecutors == nil)
    }

    @Test func explicitShuffleTrackingStays() {
        var s = spec()
        var da = DynamicAllocation(enabled: true)
        da.shuffleTrackingEnabled = false
        s.dynamicAllocation = da
        #expect(s.withDefaults().dynamicAllocation?.shuffleTrackingEnabled == false)
    }

    @Test func disabledDynamicAllocationBlockChangesNothingButInstances() {
        var s = spec(conf: ["spark.dynamicAllocation.enabled": "true"])
        s.dynamicAllocation = DynamicAllocation(enabled: false)  // the block wins over sparkConf
        let d = s.withDefaults()
        #expect(d.executor.instances == 1)
        #expect(d.dynamicAllocation == DynamicAllocation(enabled: false))
        s.dynamicAllocation = DynamicAllocation()  // enabled absent = false
        #expect(s.withDefaults().executor.instances == 1)
    }

    @Test(arguments: [("spark.dynamicAllocation.enabled", "true", true), ("spark.dynamicallocation.enabled", "true", true),
                      ("spark.dynamicAllocation.enabled", "1", true), ("spark.dynamicAllocation.enabled", "True", true),
                      ("spark.dynamicAllocation.enabled", "false", false), ("spark.dynamicAllocation.enabled", "yes", false)])
    func dynamicAllocationFromSparkConf(key: String, value: String, enabled: Bool) {
        let s = spec(conf: [key: value])
        #expect(s.isDynamicAllocationEnabled == enabled)
        #expect(s.withDefaults().executor.instances == (enabled ? nil : 1))
        #expect(s.withDefaults().dynamicAllocation == nil)  // no block is invented
    }

    @Test func defaultsAreIdempotentAndKeepOtherFields() {
        var s = spec(conf: ["spark.ui.port": "4041"])
        s.restartPolicy = RestartPolicy(type: .always)
        s.dynamicAllocation = DynamicAllocation(enabled: true)
        s.image = "spark:3.5.1"
        s.timeToLiveSeconds = 0
        var inPlace = s
        inPlace.applyDefaults()
        let once = s.withDefaults()
        #expect(inPlace == once)
        #expect(once.withDefaults() == once)
        #expect(once.image == "spark:3.5.1")
        #expect(once.timeToLiveSeconds == 0)
        #expect(once.sparkConf == ["spark.ui.port": "4041"])
    }
}

@Suite struct ScheduledSparkApplicationDefaultsTests {
    private let template = SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///app.jar")

    @Test func bareSpecGetsAllowAndHistoryLimitsOfOne() {
        let d = ScheduledSparkApplicationSpec(schedule: "@hourly", template: template).withDefaults()
        #expect(d.concurrencyPolicy == .allow)
        #expect(d.successfulRunHistoryLimit == 1)
        #expect(d.failedRunHistoryLimit == 1)
        #expect(d.template == template)  // left as written
        #expect(d.timeZone == nil)
        #expect(d.schedule == "@hourly")
    }

    @Test func emptyConcurrencyPolicyBecomesAllow() {
        var s = ScheduledSparkApplicationSpec(schedule: "@hourly", template: template)
        s.concurrencyPolicy = ""
        #expect(s.withDefaults().concurrencyPolicy == .allow)
    }

    @Test func explicitValuesStay() {
        var s = ScheduledSparkApplicationSpec(schedule: "*/5 * * * *", template: template)
        s.concurrencyPolicy = .forbid
        s.successfulRunHistoryLimit = 0
        s.failedRunHistoryLimit = 10
        let d = s.withDefaults()
        #expect(d == s)
        var inPlace = s
        inPlace.applyDefaults()
        #expect(inPlace == s)
    }
}

@Suite struct UseTimeDefaultsTests {
    private func spec(conf: [String: String]? = nil) -> SparkApplicationSpec {
        var s = SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///app.jar")
        s.sparkConf = conf
        return s
    }

    @Test func uiServiceWithoutOptionsFollowsSparkUIPort() {
        #expect(spec().uiTargetPort == 4040)
        #expect(spec().uiServicePort == 4040)
        #expect(spec(conf: ["spark.ui.port": "4041"]).uiTargetPort == 4041)
        #expect(spec(conf: ["spark.ui.port": "4041"]).uiServicePort == 4041)
        #expect(spec(conf: ["spark.ui.port": "not-a-port"]).uiTargetPort == 4040)
        #expect(spec().uiServicePortName == "spark-driver-ui-port")
        #expect(spec().uiServiceType == "ClusterIP")
    }

    @Test func uiServiceWithOptions() {
        var s = spec(conf: ["spark.ui.port": "4041"])
        s.sparkUIOptions = SparkUIConfiguration()
        #expect(s.uiServicePort == 4040)  // kubeflow: options present, port unset → 4040, not spark.ui.port
        #expect(s.uiTargetPort == 4041)
        s.sparkUIOptions?.servicePort = 80
        s.sparkUIOptions?.servicePortName = "http"
        s.sparkUIOptions?.serviceType = "NodePort"
        #expect(s.uiServicePort == 80)
        #expect(s.uiServicePortName == "http")
        #expect(s.uiServiceType == "NodePort")
    }

    @Test func prometheusAndMetricsDefaults() {
        var p = PrometheusSpec(jmxExporterJar: "/prometheus/jmx_prometheus_javaagent.jar")
        #expect(p.effectivePort == 8090)
        #expect(p.effectivePortName == "jmx-exporter")
        p.port = 9100
        p.portName = "metrics"
        #expect(p.effectivePort == 9100)
        #expect(p.effectivePortName == "metrics")

        var m = MonitoringSpec(exposeDriverMetrics: true, exposeExecutorMetrics: false)
        #expect(m.effectiveMetricsPropertiesFile == "/etc/metrics/conf/metrics.properties")
        m.metricsPropertiesFile = "/opt/spark/conf/metrics.properties"
        #expect(m.effectiveMetricsPropertiesFile == "/opt/spark/conf/metrics.properties")
    }

    @Test func useTimeDefaultsAreNotWrittenIntoTheSpec() {
        var s = spec()
        s.monitoring = MonitoringSpec(exposeDriverMetrics: true, exposeExecutorMetrics: true)
        s.monitoring?.prometheus = PrometheusSpec(jmxExporterJar: "/j.jar")
        s.sparkUIOptions = SparkUIConfiguration()
        let d = s.withDefaults()
        #expect(d.monitoring == s.monitoring)
        #expect(d.sparkUIOptions == s.sparkUIOptions)
    }
}
