/// One reason an object is invalid: the JSON path of the field, the offending value, and why.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSON path, e.g. `spec.driver.cores` or `spec.sparkConf[spark.kubernetes.namespace]`.
    public var field: String
    /// The rejected value as written (empty when the field is missing).
    public var value: String
    /// What is wrong and, where it helps, what to write instead.
    public var message: String

    public init(field: String, value: String, message: String) {
        self.field = field
        self.value = value
        self.message = message
    }

    /// `spec.driver.cores: invalid value "0": must be at least 1`.
    public var description: String { "\(field): invalid value \"\(value)\": \(message)" }
}

/// Checks a ScheduledSparkApplication's `schedule` in its `timeZone` (nil: the operator's local
/// zone) and returns why they are invalid, or nil. Failures are reported on `spec.schedule`.
public typealias ScheduleValidation = @Sendable (_ schedule: String, _ timeZone: String?) -> String?

/// The default `ScheduleValidation`: the schedule must not be empty (or blank).
public let scheduleIsNonEmpty: ScheduleValidation = { schedule, _ in
    schedule.allSatisfy(\.isWhitespace) ? "must not be empty; write a cron schedule such as \"0 * * * *\" or \"@hourly\"" : nil
}

/// Everything wrong with a SparkApplication, as kubeflow's validating webhook checks it
/// (`sparkapplication_validator.go`, `sparkconf_validator.go`) plus what the API schema and
/// spark-submit would reject, since no spark-submit runs here:
///
/// - `metadata.name` is a DNS-1035 label of at most 63 characters;
/// - `spec.type`, `spec.mode`, `spec.restartPolicy.type` are known values;
///   `spec.mainApplicationFile` is not empty;
/// - sparkConf holds none of the keys the operator owns (service accounts, OAuth tokens, master,
///   images) and `spark.kubernetes.namespace`, if present, is the app's namespace;
/// - no node selector at both the spec level and the driver/executor level;
/// - each `driverIngressOptions` entry has a `servicePort` and an `ingressURLFormat`, both unique;
/// - a driver or executor pod `template` needs `sparkVersion` ≥ 3.0.0;
/// - memory sizes parse as Spark sizes (`memory`, `memoryOverhead`, and their sparkConf keys),
///   `memoryLimit` converts to a non-negative quantity, overhead factors are numbers;
/// - `coreLimit` and `coreRequest` are non-negative quantities;
/// - `cores` and `instances` ≥ 1, retries ≥ 0, retry intervals ≥ 1 (`timeToLiveSeconds` any).
///
/// The result is empty for a valid application; errors come in a stable order.
public func validate(_ app: SparkApplication) -> [ValidationError] {
    var v = Validator()
    v.checkName(app.metadata.name)
    v.checkSpec(app.spec, at: "spec", namespace: app.metadata.namespace ?? "")
    return v.errors
}

/// Everything wrong with a ScheduledSparkApplication: its name (as for a SparkApplication), its
/// schedule and time zone (through `validateSchedule`), `concurrencyPolicy` (Allow, Forbid or
/// Replace when set), the run history limits (≥ 0), and its `template` with every
/// SparkApplication spec rule (at `spec.template…`). kubeflow checks only the template's
/// sparkConf here; checking all of it fails a bad template once, not on every run.
public func validate(
    _ app: ScheduledSparkApplication, validateSchedule: ScheduleValidation = scheduleIsNonEmpty
) -> [ValidationError] {
    var v = Validator()
    v.checkName(app.metadata.name)
    let spec = app.spec
    if let problem = validateSchedule(spec.schedule, spec.timeZone) {
        v.fail("spec.schedule", spec.schedule, problem)
    }
    if let policy = spec.concurrencyPolicy, !policy.rawValue.isEmpty, !policy.isKnown {
        v.fail("spec.concurrencyPolicy", policy.rawValue, "must be one of \(Validator.list(ConcurrencyPolicy.allowedValues))")
    }
    v.atLeast(0, spec.successfulRunHistoryLimit, "spec.successfulRunHistoryLimit")
    v.atLeast(0, spec.failedRunHistoryLimit, "spec.failedRunHistoryLimit")
    v.checkSpec(spec.template, at: "spec.template", namespace: app.metadata.namespace ?? "")
    return v.errors
}

/// Collects `ValidationError`s.
private struct Validator {
    var errors: [ValidationError] = []

    mutating func fail(_ field: String, _ value: String, _ message: String) {
        errors.append(ValidationError(field: field, value: value, message: message))
    }

    // MARK: metadata

    /// DNS-1035 label (`validation.IsDNS1035Label`).
    mutating func checkName(_ name: String?) {
        let name = name ?? ""
        var problems: [String] = []
        if name.isEmpty {
            problems.append("must not be empty")
        } else if !Self.isDNS1035Label(name) {
            problems.append(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
                    + "character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123')")
        }
        if name.utf8.count > 63 { problems.append("must be no more than 63 characters (it is \(name.utf8.count))") }
        if !problems.isEmpty { fail("metadata.name", name, problems.joined(separator: "; ")) }
    }

    static func isDNS1035Label(_ s: String) -> Bool {
        let b = Array(s.utf8)
        let lower = UInt8(ascii: "a")...UInt8(ascii: "z")
        let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard let first = b.first, let last = b.last, lower.contains(first), lower.contains(last) || digit.contains(last) else {
            return false
        }
        return b.allSatisfy { lower.contains($0) || digit.contains($0) || $0 == UInt8(ascii: "-") }
    }

    // MARK: spec

    mutating func checkSpec(_ spec: SparkApplicationSpec, at path: String, namespace: String) {
        known(spec.type, "\(path).type")
        if let mode = spec.mode { known(mode, "\(path).mode") }
        if let type = spec.restartPolicy?.type { known(type, "\(path).restartPolicy.type") }
        if (spec.mainApplicationFile ?? "").allSatisfy(\.isWhitespace) {
            fail("\(path).mainApplicationFile", spec.mainApplicationFile ?? "",
                 "must not be empty; give the application's jar, .py or .R file, e.g. local:///opt/spark/examples/jars/app.jar")
        }
        checkSparkConf(spec.sparkConf ?? [:], at: path, namespace: namespace)
        checkNodeSelectors(spec, at: path)
        checkDriverIngressOptions(spec.driverIngressOptions ?? [], at: path)
        checkPodTemplates(spec, at: path)
        checkSizes(spec, at: path)
        checkCounts(spec, at: path)
    }

    private mutating func known<E: StringEnum>(_ value: E, _ field: String) {
        if !value.isKnown { fail(field, value.rawValue, "must be one of \(Self.list(E.allowedValues))") }
    }

    static func list<E: StringEnum>(_ values: [E]) -> String { values.map(\.rawValue).joined(separator: ", ") }

    /// Keys the operator sets itself (kubeflow `deniedSparkConfKeys`), with what to do instead.
    private static let deniedKeys: [String: String] = [
        "spark.kubernetes.authenticate.driver.serviceAccountName": "set spec.driver.serviceAccount instead",
        "spark.kubernetes.authenticate.executor.serviceAccountName": "set spec.executor.serviceAccount instead",
        "spark.master": "the operator sets the master",
        "spark.kubernetes.driver.master": "set spec.driver.kubernetesMaster instead",
        "spark.kubernetes.container.image": "set spec.image instead",
        "spark.kubernetes.driver.container.image": "set spec.driver.image instead",
        "spark.kubernetes.executor.container.image": "set spec.executor.image instead",
    ]

    private mutating func checkSparkConf(_ conf: [String: String], at path: String, namespace: String) {
        for key in conf.keys.sorted() {
            let value = conf[key] ?? ""
            if let advice = Self.deniedKeys[key] {
                fail("\(path).sparkConf", key, "this key is not allowed: \(advice)")
            } else if key.hasPrefix("spark.kubernetes.authenticate.") && (key.hasSuffix("oauthToken") || key.hasSuffix("oauthTokenFile")) {
                fail("\(path).sparkConf", key, "this key is not allowed: the operator manages authentication credentials")
            } else if key == "spark.kubernetes.namespace" && value != namespace {
                fail("\(path).sparkConf[\(key)]", value,
                     "must equal the application's namespace \"\(namespace)\" (or be left out)")
            }
        }
    }

    private mutating func checkNodeSelectors(_ spec: SparkApplicationSpec, at path: String) {
        guard let selector = spec.nodeSelector else { return }
        let levels = [("driver", spec.driver.nodeSelector), ("executor", spec.executor.nodeSelector)]
            .filter { $0.1 != nil }.map { "\(path).\($0.0).nodeSelector" }
        if !levels.isEmpty {
            let rendered = selector.keys.sorted().map { "\($0)=\(selector[$0] ?? "")" }.joined(separator: ",")
            fail("\(path).nodeSelector", rendered,
                 "cannot be set together with \(levels.joined(separator: " and ")); set node selectors at one level only")
        }
    }

    private mutating func checkDriverIngressOptions(_ options: [DriverIngressConfiguration], at path: String) {
        var ports: [Int32: Int] = [:]
        var formats: [String: Int] = [:]
        for (i, option) in options.enumerated() {
            let item = "\(path).driverIngressOptions[\(i)]"
            if let port = option.servicePort {
                if let first = ports[port] {
                    fail("\(item).servicePort", "\(port)", "duplicate of \(path).driverIngressOptions[\(first)].servicePort; ports must be unique")
                } else {
                    ports[port] = i
                }
            } else {
                fail("\(item).servicePort", "", "required: the driver port to expose")
            }
            let format = option.ingressURLFormat ?? ""
            if format.isEmpty {
                fail("\(item).ingressURLFormat", format, "required: a URL template such as \"{{$appName}}.example.com\"")
            } else if let first = formats[format] {
                fail("\(item).ingressURLFormat", format,
                     "duplicate of \(path).driverIngressOptions[\(first)].ingressURLFormat; URL formats must be unique")
            } else {
                formats[format] = i
            }
        }
    }

    private mutating func checkPodTemplates(_ spec: SparkApplicationSpec, at path: String) {
        let templates = [("driver", spec.driver.template), ("executor", spec.executor.template)]
            .filter { $0.1 != nil && $0.1 != .null }.map { "\(path).\($0.0).template" }
        guard !templates.isEmpty else { return }
        let uses = templates.joined(separator: " and ")
        guard let order = SparkVersionOrder.compare(spec.sparkVersion, "3.0.0") else {
            fail("\(path).sparkVersion", spec.sparkVersion, "not a version such as 3.5.1; \(uses) needs Spark 3.0.0 or later")
            return
        }
        if order < 0 {
            fail("\(path).sparkVersion", spec.sparkVersion, "\(uses) needs Spark 3.0.0 or later (pod templates)")
        }
    }

    private mutating func checkSizes(_ spec: SparkApplicationSpec, at path: String) {
        for (role, pod) in [("driver", spec.driver.pod), ("executor", spec.executor.pod)] {
            sparkSize(pod.memory, "\(path).\(role).memory")
            sparkSize(pod.memoryOverhead, "\(path).\(role).memoryOverhead")
            if let limit = pod.memoryLimit {
                do {
                    let q = try SparkMemory.kubernetesQuantity(fromJavaMemory: limit)
                    if q.signum < 0 { fail("\(path).\(role).memoryLimit", limit, "must not be negative") }
                } catch {
                    fail("\(path).\(role).memoryLimit", limit,
                         "not a memory size: write a JVM size such as 2g or 1536m, or a Kubernetes quantity such as 2Gi (\(error.explanation))")
                }
            }
        }
        if let factor = spec.memoryOverheadFactor, (try? SparkMemory.overheadFactor(factor)) == nil {
            fail("\(path).memoryOverheadFactor", factor, "must be a number ≥ 0, e.g. 0.1 or 0.4")
        }
        // sparkConf values the pod memory is computed from.
        let conf = spec.sparkConf ?? [:]
        for key in ["spark.driver.memory", "spark.driver.memoryOverhead", "spark.executor.memory",
                    "spark.executor.memoryOverhead", "spark.executor.pyspark.memory"] {
            sparkSize(conf[key], "\(path).sparkConf[\(key)]")
        }
        for (key, positive) in [("spark.kubernetes.memoryOverheadFactor", false), ("spark.driver.memoryOverheadFactor", true),
                                ("spark.executor.memoryOverheadFactor", true)] {
            guard let value = conf[key] else { continue }
            let factor = try? SparkMemory.overheadFactor(value)
            if factor == nil || (positive && factor == 0) {
                fail("\(path).sparkConf[\(key)]", value, positive ? "must be a number > 0, e.g. 0.1" : "must be a number ≥ 0, e.g. 0.1")
            }
        }
        for (role, request) in [("driver", spec.driver.coreRequest), ("executor", spec.executor.coreRequest)] {
            cpu(request, "\(path).\(role).coreRequest")
        }
        cpu(spec.driver.coreLimit, "\(path).driver.coreLimit")
        cpu(spec.executor.coreLimit, "\(path).executor.coreLimit")
    }

    private mutating func sparkSize(_ value: String?, _ field: String) {
        guard let value else { return }
        do {
            _ = try SparkMemory.mebibytes(value)
        } catch {
            fail(field, value, "not a Spark size: \(error.explanation)")
        }
    }

    private mutating func cpu(_ value: String?, _ field: String) {
        guard let value else { return }
        do {
            if try Quantity(parsing: value).signum < 0 { fail(field, value, "must not be negative") }
        } catch {
            fail(field, value, "not a CPU quantity such as 1, 500m or 1.5: \(error.explanation)")
        }
    }

    private mutating func checkCounts(_ spec: SparkApplicationSpec, at path: String) {
        atLeast(1, spec.driver.cores, "\(path).driver.cores")
        atLeast(1, spec.executor.cores, "\(path).executor.cores")
        atLeast(1, spec.executor.instances, "\(path).executor.instances")
        if let policy = spec.restartPolicy {
            atLeast(0, policy.onSubmissionFailureRetries, "\(path).restartPolicy.onSubmissionFailureRetries")
            atLeast(0, policy.onFailureRetries, "\(path).restartPolicy.onFailureRetries")
            atLeast(1, policy.onSubmissionFailureRetryInterval, "\(path).restartPolicy.onSubmissionFailureRetryInterval")
            atLeast(1, policy.onFailureRetryInterval, "\(path).restartPolicy.onFailureRetryInterval")
        }
    }

    mutating func atLeast<N: BinaryInteger>(_ minimum: N, _ value: N?, _ field: String) {
        if let value, value < minimum { fail(field, "\(value)", "must be at least \(minimum)") }
    }
}

/// Numeric comparison of version strings such as `3.5.1`, `v3.0`, `3.10.0`, `3.0.0-preview2`:
/// components compare as integers (a missing one is 0) and a pre-release sorts before its release,
/// as semantic versioning (kubeflow's `CompareSemanticVersion`) orders them.
enum SparkVersionOrder {
    /// -1, 0 or 1; nil when either is not a version.
    static func compare(_ a: String, _ b: String) -> Int? {
        guard let x = parse(a), let y = parse(b) else { return nil }
        for i in 0..<max(x.numbers.count, y.numbers.count) {
            let (p, q) = (i < x.numbers.count ? x.numbers[i] : 0, i < y.numbers.count ? y.numbers[i] : 0)
            if p != q { return p < q ? -1 : 1 }
        }
        if x.preRelease == y.preRelease { return 0 }
        return x.preRelease ? -1 : 1
    }

    private static func parse(_ s: String) -> (numbers: [Int], preRelease: Bool)? {
        var core = Substring(s.hasPrefix("v") ? String(s.dropFirst()) : s)
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        var preRelease = false
        if let dash = core.firstIndex(of: "-") {
            preRelease = true
            core = core[..<dash]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        return numbers.isEmpty ? nil : (numbers, preRelease)
    }
}
