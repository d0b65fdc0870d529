import Testing

@testable import SparkOperatorAPI

/// A SparkApplication that uses most features and is valid.
private func validApp(namespace: String = "spark-jobs") -> SparkApplication {
    var spec = SparkApplicationSpec(
        type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///opt/spark/examples/jars/spark-examples.jar")
    spec.mode = .cluster
    spec.mainClass = "org.apache.spark.examples.SparkPi"
    spec.sparkConf = ["spark.kubernetes.namespace": namespace, "spark.ui.port": "4041", "spark.executor.memory": "2g"]
    var policy = RestartPolicy(type: .onFailure)
    policy.onFailureRetries = 3
    policy.onSubmissionFailureRetries = 0
    policy.onFailureRetryInterval = 10
    policy.onSubmissionFailureRetryInterval = 1
    spec.restartPolicy = policy
    spec.memoryOverheadFactor = "0.2"
    spec.timeToLiveSeconds = 3600
    spec.driver.cores = 1
    spec.driver.coreRequest = "500m"
    spec.driver.coreLimit = "1200m"
    spec.driver.memory = "512m"
    spec.driver.memoryOverhead = "384m"
    spec.driver.memoryLimit = "2g"
    spec.driver.template = ["metadata": ["labels": ["team": "data"]]]
    spec.driver.nodeSelector = ["disktype": "ssd"]
    spec.executor.cores = 2
    spec.executor.instances = 3
    spec.executor.memoryLimit = "3Gi"
    spec.executor.coreLimit = "2"
    var ingress = DriverIngressConfiguration()
    ingress.servicePort = 8080
    ingress.servicePortName = "http"
    ingress.ingressURLFormat = "{{$appName}}.example.com"
    var ingress2 = ingress
    ingress2.servicePort = 8081
    ingress2.ingressURLFormat = "{{$appName}}-2.example.com"
    spec.driverIngressOptions = [ingress, ingress2]
    return SparkApplication(metadata: ObjectMeta(name: "spark-pi", namespace: namespace), spec: spec)
}

/// The fields of `errors`.
private func fields(_ errors: [ValidationError]) -> [String] { errors.map(\.field) }

@Suite struct SparkApplicationValidationTests {
    @Test func validApplicationHasNoErrors() {
        #expect(validate(validApp()) == [])
        let minimal = SparkApplication(
            metadata: ObjectMeta(name: "a", namespace: "default"),
            spec: SparkApplicationSpec(type: .python, sparkVersion: "2.4.8", mainApplicationFile: "local:///pi.py"))
        #expect(validate(minimal) == [])
        #expect(validate(SparkApplication(metadata: minimal.metadata, spec: minimal.spec.withDefaults())) == [])
    }

    @Test func descriptionNamesFieldAndValue() {
        let e = ValidationError(field: "spec.driver.cores", value: "0", message: "must be at least 1")
        #expect(e.description == #"spec.driver.cores: invalid value "0": must be at least 1"#)
    }

    // MARK: metadata.name

    @Test(arguments: ["spark-pi", "a", "a1", "a-b-c", "x" + String(repeating: "y", count: 62)])
    func validNames(name: String) {
        var app = validApp()
        app.metadata.name = name
        #expect(validate(app) == [])
    }

    @Test(arguments: ["", "Spark-Pi", "1abc", "-abc", "abc-", "spark_pi", "spark.pi", "spärk", "x" + String(repeating: "y", count: 63)])
    func invalidNames(name: String) throws {
        var app = validApp()
        app.metadata.name = name
        let errors = validate(app)
        #expect(fields(errors) == ["metadata.name"])
        let e = try #require(errors.first)
        #expect(e.value == name)
        #expect(e.description.contains("metadata.name: invalid value \"\(name)\""))
    }

    @Test func nameLengthAndCharactersAreBothReported() throws {
        var app = validApp()
        app.metadata.name = String(repeating: "A", count: 64)
        let e = try #require(validate(app).first)
        #expect(e.message.contains("DNS-1035"))
        #expect(e.message.contains("63 characters"))
        app.metadata.name = nil
        #expect(validate(app).first?.message == "must not be empty")
    }

    // MARK: enums and the main file

    @Test func unknownEnumValues() {
        var app = validApp()
        app.spec.type = "Go"
        app.spec.mode = "local"
        app.spec.restartPolicy?.type = "Sometimes"
        let errors = validate(app)
        #expect(fields(errors) == ["spec.type", "spec.mode", "spec.restartPolicy.type"])
        #expect(errors.map(\.value) == ["Go", "local", "Sometimes"])
        #expect(errors[0].message == "must be one of Java, Python, Scala, R")
    }

    @Test(arguments: [DeployMode.cluster, .client, .inClusterClient])
    func knownModes(mode: DeployMode) {
        var app = validApp()
        app.spec.mode = mode
        #expect(validate(app) == [])
    }

    @Test(arguments: [nil, "", "  "] as [String?])
    func mainApplicationFileIsRequired(file: String?) {
        var app = validApp()
        app.spec.mainApplicationFile = file
        let errors = validate(app)
        #expect(fields(errors) == ["spec.mainApplicationFile"])
        #expect(errors.first?.value == file ?? "")
    }

    // MARK: sparkConf

    @Test(arguments: [
        "spark.kubernetes.authenticate.driver.serviceAccountName", "spark.kubernetes.authenticate.executor.serviceAccountName",
        "spark.kubernetes.authenticate.oauthToken", "spark.kubernetes.authenticate.oauthTokenFile",
        "spark.kubernetes.authenticate.driver.oauthToken", "spark.kubernetes.authenticate.driver.oauthTokenFile",
        "spark.kubernetes.authenticate.executor.oauthToken", "spark.kubernetes.authenticate.executor.oauthTokenFile",
        "spark.kubernetes.authenticate.submission.oauthToken", "spark.master", "spark.kubernetes.driver.master",
        "spark.kubernetes.container.image", "spark.kubernetes.driver.container.image", "spark.kubernetes.executor.container.image",
    ])
    func deniedSparkConfKeys(key: String) throws {
        var app = validApp()
        app.spec.sparkConf?[key] = "secret-or-value"
        let errors = validate(app)
        #expect(fields(errors) == ["spec.sparkConf"])
        let e = try #require(errors.first)
        #expect(e.value == key)
        #expect(e.message.hasPrefix("this key is not allowed"))
        #expect(!e.description.contains("secret-or-value"))  // never echo a token
    }

    @Test(arguments: ["spark.kubernetes.authenticate.driver.caCertFile", "spark.kubernetes.container.image.pullPolicy",
                      "spark.masterUrl.note", "spark.kubernetes.driver.label.x", "spark.executor.instances"])
    func similarKeysAreAllowed(key: String) {
        var app = validApp()
        app.spec.sparkConf?[key] = "IfNotPresent"
        #expect(validate(app) == [])
    }

    @Test func sparkConfNamespaceMustBeTheAppNamespace() throws {
        var app = validApp(namespace: "spark-jobs")
        app.spec.sparkConf?["spark.kubernetes.namespace"] = "default"
        let e = try #require(validate(app).first)
        #expect(e.field == "spec.sparkConf[spark.kubernetes.namespace]")
        #expect(e.value == "default")
        #expect(e.message.contains("\"spark-jobs\""))
        app.spec.sparkConf?["spark.kubernetes.namespace"] = nil
        #expect(validate(app) == [])
    }

    // MARK: node selectors

    @Test func nodeSelectorAtOneLevelOnly() {
        var app = validApp()
        app.spec.nodeSelector = ["zone": "a"]
        app.spec.executor.nodeSelector = ["gpu": "true"]
        let errors = validate(app)
        #expect(fields(errors) == ["spec.nodeSelector"])
        #expect(errors.first?.value == "zone=a")
        #expect(errors.first?.message.contains("spec.driver.nodeSelector and spec.executor.nodeSelector") == true)
        app.spec.driver.nodeSelector = nil
        app.spec.executor.nodeSelector = nil
        #expect(validate(app) == [])
        app.spec.nodeSelector = nil
        app.spec.executor.nodeSelector = ["gpu": "true"]
        app.spec.driver.nodeSelector = ["disktype": "ssd"]
        #expect(validate(app) == [])
    }

    // MARK: driverIngressOptions

    @Test func driverIngressOptionsNeedUniquePortsAndURLFormats() {
        var app = validApp()
        app.spec.driverIngressOptions?[1].servicePort = 8080
        app.spec.driverIngressOptions?[1].ingressURLFormat = "{{$appName}}.example.com"
        var third = DriverIngressConfiguration()
        third.ingressURLFormat = ""
        app.spec.driverIngressOptions?.append(third)
        let errors = validate(app)
        #expect(fields(errors) == [
            "spec.driverIngressOptions[1].servicePort", "spec.driverIngressOptions[1].ingressURLFormat",
            "spec.driverIngressOptions[2].servicePort", "spec.driverIngressOptions[2].ingressURLFormat",
        ])
        #expect(errors[0].value == "8080")
        #expect(errors[0].message.contains("duplicate of spec.driverIngressOptions[0].servicePort"))
        #expect(errors[1].message.contains("duplicate"))
        #expect(errors[2].message.hasPrefix("required"))
        #expect(errors[3].message.hasPrefix("required"))
    }

    // MARK: pod templates and the Spark version

    @Test(arguments: ["3.0.0", "3.5.1", "3.10.0", "v3.1", "4.0.0", "3.0", "3"])
    func templatesWithSpark3(version: String) {
        var app = validApp()
        app.spec.sparkVersion = version
        #expect(validate(app) == [])
    }

    @Test(arguments: ["2.4.8", "2.99.99", "3.0.0-preview2", "1"])
    func templatesNeedSpark3(version: String) throws {
        var app = validApp()
        app.spec.sparkVersion = version
        let e = try #require(validate(app).first)
        #expect(e.field == "spec.sparkVersion")
        #expect(e.value == version)
        #expect(e.message.contains("spec.driver.template needs Spark 3.0.0 or later"))
    }

    @Test func executorTemplateAlsoCountsAndNonVersionsAreReported() throws {
        var app = validApp()
        app.spec.driver.template = nil
        app.spec.executor.template = ["spec": ["priorityClassName": "high"]]
        app.spec.sparkVersion = "three"
        let e = try #require(validate(app).first)
        #expect(e.field == "spec.sparkVersion")
        #expect(e.message.contains("not a version"))
        #expect(e.message.contains("spec.executor.template"))
        app.spec.executor.template = nil
        #expect(validate(app) == [])  // without templates any version string is accepted
    }

    @Test(arguments: [("3.10.0", "3.9", 1), ("3.9", "3.10.0", -1), ("3.0", "3.0.0", 0), ("3.0.0-rc1", "3.0.0", -1),
                      ("3.0.0", "3.0.0-rc1", 1), ("3.0.0-rc1", "3.0.0-rc2", 0), ("v3.5.1", "3.5.1", 0),
                      ("3.5.1+build.7", "3.5.1", 0), ("10.0", "9.9.9", 1)])
    func versionOrder(a: String, b: String, order: Int) {
        #expect(SparkVersionOrder.compare(a, b) == order)
    }

    @Test(arguments: ["", "v", "3..1", "3.x", "three", ".3", "3.", "-1"])
    func notVersions(s: String) {
        #expect(SparkVersionOrder.compare(s, "3.0.0") == nil)
    }

    // MARK: memory

    @Test func memorySizesMustParse() {
        var app = validApp()
        app.spec.driver.memory = "1.5g"
        app.spec.driver.memoryOverhead = "lots"
        app.spec.executor.memory = "2GiB"
        app.spec.executor.memoryOverhead = "-1m"
        let errors = validate(app)
        #expect(fields(errors) == ["spec.driver.memory", "spec.driver.memoryOverhead", "spec.executor.memory", "spec.executor.memoryOverhead"])
        #expect(errors.map(\.value) == ["1.5g", "lots", "2GiB", "-1m"])
        #expect(errors[0].message.contains("fractional"))
        #expect(errors[2].message.contains("unknown unit \"gib\""))
    }

    @Test(arguments: ["2g", "1536m", "2G", "1Gi", "1073741824", "512mb", "0"])
    func validMemoryLimits(limit: String) {
        var app = validApp()
        app.spec.executor.memoryLimit = limit
        #expect(validate(app) == [])
    }

    @Test(arguments: ["1.2.3g", "lots", "-1g", "1 g", ""])
    func invalidMemoryLimits(limit: String) throws {
        var app = validApp()
        app.spec.driver.memoryLimit = limit
        let e = try #require(validate(app).first)
        #expect(e.field == "spec.driver.memoryLimit")
        #expect(e.value == limit)
    }

    @Test func overheadFactorsMustBeNumbers() {
        var app = validApp()
        app.spec.memoryOverheadFactor = "ten percent"
        app.spec.sparkConf?["spark.kubernetes.memoryOverheadFactor"] = "-0.1"
        app.spec.sparkConf?["spark.driver.memoryOverheadFactor"] = "0"
        app.spec.sparkConf?["spark.executor.memoryOverheadFactor"] = "0.3"
        let errors = validate(app)
        #expect(fields(errors) == [
            "spec.memoryOverheadFactor", "spec.sparkConf[spark.kubernetes.memoryOverheadFactor]",
            "spec.sparkConf[spark.driver.memoryOverheadFactor]",
        ])
        #expect(errors[2].message.contains("> 0"))
    }

    @Test func sparkConfSizesThePodMemoryDependsOnMustParse() {
        var app = validApp()
        app.spec.sparkConf?["spark.executor.memory"] = "2.5g"
        app.spec.sparkConf?["spark.executor.pyspark.memory"] = "1q"
        app.spec.sparkConf?["spark.driver.memory"] = "4g"
        let errors = validate(app)
        #expect(fields(errors) == ["spec.sparkConf[spark.executor.memory]", "spec.sparkConf[spark.executor.pyspark.memory]"])
        #expect(errors.map(\.value) == ["2.5g", "1q"])
    }

    // MARK: CPU

    @Test(arguments: ["1", "500m", "1.5", "0.1", "2000m", "0"])
    func validCPUQuantities(cpu: String) {
        var app = validApp()
        app.spec.driver.coreLimit = cpu
        app.spec.driver.coreRequest = cpu
        app.spec.executor.coreLimit = cpu
        app.spec.executor.coreRequest = cpu
        #expect(validate(app) == [])
    }

    @Test(arguments: ["two", "1.5 cores", "", "1K", "-1"])
    func invalidCPUQuantities(cpu: String) {
        var app = validApp()
        app.spec.driver.coreLimit = cpu
        app.spec.executor.coreRequest = cpu
        let errors = validate(app)
        #expect(fields(errors) == ["spec.executor.coreRequest", "spec.driver.coreLimit"])
        #expect(errors.allSatisfy { $0.value == cpu })
    }

    // MARK: counts

    @Test func countsHaveMinimums() {
        var app = validApp()
        app.spec.driver.cores = 0
        app.spec.executor.cores = -1
        app.spec.executor.instances = 0
        app.spec.restartPolicy?.onSubmissionFailureRetries = -1
        app.spec.restartPolicy?.onFailureRetries = -2
        app.spec.restartPolicy?.onSubmissionFailureRetryInterval = 0
        app.spec.restartPolicy?.onFailureRetryInterval = -5
        let errors = validate(app)
        #expect(fields(errors) == [
            "spec.driver.cores", "spec.executor.cores", "spec.executor.instances",
            "spec.restartPolicy.onSubmissionFailureRetries", "spec.restartPolicy.onFailureRetries",
            "spec.restartPolicy.onSubmissionFailureRetryInterval", "spec.restartPolicy.onFailureRetryInterval",
        ])
        #expect(errors.map(\.value) == ["0", "-1", "0", "-1", "-2", "0", "-5"])
        #expect(errors[0].message == "must be at least 1")
        #expect(errors[3].message == "must be at least 0")
    }

    @Test func countsAtTheirMinimumsAreValid() {
        var app = validApp()
        app.spec.driver.cores = 1
        app.spec.executor.cores = 1
        app.spec.executor.instances = 1
        app.spec.restartPolicy?.onSubmissionFailureRetries = 0
        app.spec.restartPolicy?.onFailureRetries = 0
        app.spec.restartPolicy?.onSubmissionFailureRetryInterval = 1
        app.spec.restartPolicy?.onFailureRetryInterval = 1
        #expect(validate(app) == [])
    }

    @Test(arguments: [Int64(-100), 0, 1, Int64.max])
    func anyTimeToLiveIsValid(ttl: Int64) {
        var app = validApp()
        app.spec.timeToLiveSeconds = ttl
        #expect(validate(app) == [])
    }

    @Test func allErrorsAreReportedTogether() {
        var app = validApp()
        app.metadata.name = "Bad_Name"
        app.spec.sparkConf?["spark.master"] = "local[*]"
        app.spec.executor.instances = 0
        #expect(fields(validate(app)) == ["metadata.name", "spec.sparkConf", "spec.executor.instances"])
    }
}

@Suite struct ScheduledSparkApplicationValidationTests {
    private func scheduled(namespace: String = "spark-jobs") -> ScheduledSparkApplication {
        let app = validApp(namespace: namespace)
        var spec = ScheduledSparkApplicationSpec(schedule: "*/10 * * * *", template: app.spec)
        spec.timeZone = "Europe/Paris"
        spec.concurrencyPolicy = .forbid
        spec.successfulRunHistoryLimit = 3
        spec.failedRunHistoryLimit = 0
        return ScheduledSparkApplication(metadata: ObjectMeta(name: "nightly-pi", namespace: namespace), spec: spec)
    }

    @Test func validScheduledApplicationHasNoErrors() {
        #expect(validate(scheduled()) == [])
        var s = scheduled()
        s.spec.concurrencyPolicy = ""  // defaults to Allow
        #expect(validate(s) == [])
    }

    @Test func nameIsADNS1035Label() {
        var s = scheduled()
        s.metadata.name = "Nightly.Pi"
        #expect(fields(validate(s)) == ["metadata.name"])
    }

    @Test(arguments: ["", "   "])
    func defaultScheduleCheckRejectsEmpty(schedule: String) {
        var s = scheduled()
        s.spec.schedule = schedule
        let errors = validate(s)
        #expect(fields(errors) == ["spec.schedule"])
        #expect(errors.first?.message.contains("must not be empty") == true)
    }

    @Test func defaultScheduleCheckAcceptsAnyNonEmptySchedule() {
        var s = scheduled()
        s.spec.schedule = "not a cron expression"  // parsed by the cron layer, not here
        #expect(validate(s) == [])
    }

    @Test func customScheduleCheckSeesScheduleAndTimeZone() throws {
        let check: ScheduleValidation = { schedule, timeZone in
            timeZone == "Mars/Olympus" ? "unknown time zone \"\(timeZone ?? "")\" for \(schedule)" : nil
        }
        var s = scheduled()
        #expect(validate(s, validateSchedule: check) == [])
        s.spec.timeZone = "Mars/Olympus"
        let e = try #require(validate(s, validateSchedule: check).first)
        #expect(e.field == "spec.schedule")
        #expect(e.value == "*/10 * * * *")
        #expect(e.message == "unknown time zone \"Mars/Olympus\" for */10 * * * *")
    }

    @Test func concurrencyPolicyAndHistoryLimits() {
        var s = scheduled()
        s.spec.concurrencyPolicy = "Sometimes"
        s.spec.successfulRunHistoryLimit = -1
        s.spec.failedRunHistoryLimit = -2
        let errors = validate(s)
        #expect(fields(errors) == ["spec.concurrencyPolicy", "spec.successfulRunHistoryLimit", "spec.failedRunHistoryLimit"])
        #expect(errors[0].message == "must be one of Allow, Forbid, Replace")
    }

    @Test func templateIsValidatedUnderSpecTemplate() {
        var s = scheduled(namespace: "spark-jobs")
        s.spec.template.sparkConf?["spark.kubernetes.namespace"] = "other"
        s.spec.template.sparkConf?["spark.kubernetes.container.image"] = "spark:3.5.1"
        s.spec.template.executor.instances = 0
        s.spec.template.sparkVersion = "2.4.0"
        #expect(fields(validate(s)) == [
            "spec.template.sparkConf", "spec.template.sparkConf[spark.kubernetes.namespace]",
            "spec.template.sparkVersion", "spec.template.executor.instances",
        ])
    }
}
