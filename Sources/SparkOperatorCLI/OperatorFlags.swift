import ArgumentParser
import Foundation
import KubeRuntime
import Logging
import SparkOperator
import SparkOperatorAPI

/// The operator's flags: kubeflow's controller flags of the same names where they apply
/// (`cmd/operator/controller/start.go`), with kubeflow's defaults. Each can also come from the
/// environment variable `SPARK_OPERATOR_<FLAG_IN_UPPER_SNAKE_CASE>` (see `CommandLineArguments`).
public struct OperatorFlags: ParsableArguments {
    public init() {}

    // MARK: Kubernetes

    @Option(help: "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster).")
    public var kubeconfig: String?

    @Option(help: "kubeconfig context (default: the current context).")
    public var context: String?

    @Option(help: "Comma-separated namespaces to watch; empty = all namespaces.")
    public var namespaces: String = ""

    @Option(name: .customLong("label-selector-filter"),
            help: "Label selector (e.g. 'team=data,tier!=test'): only SparkApplications matching it are managed.")
    public var labelSelectorFilter: String = ""

    @Option(name: .customLong("controller-threads"), help: "Concurrent reconciles per controller.")
    public var controllerThreads: Int = 10

    // MARK: Leader election

    @Flag(name: .customLong("leader-election"), inversion: .prefixedNo,
          help: "Run the controllers only while holding a Lease, so that one of several replicas acts.")
    public var leaderElection = false

    @Option(name: .customLong("leader-election-lock-name"), help: "Name of the Lease.")
    public var leaderElectionLockName: String = "spark-operator-lock"

    @Option(name: .customLong("leader-election-lock-namespace"), help: "Namespace of the Lease.")
    public var leaderElectionLockNamespace: String = "spark-operator"

    @Option(name: .customLong("leader-election-lease-duration"),
            help: "How long other replicas wait after the leader's last renewal before taking over (Go duration, or seconds).")
    public var leaderElectionLeaseDuration: String = "15s"

    @Option(name: .customLong("leader-election-renew-deadline"),
            help: "How long the leader tries to renew before it gives up leading (and exits).")
    public var leaderElectionRenewDeadline: String = "10s"

    @Option(name: .customLong("leader-election-retry-period"), help: "Time between two attempts to acquire or renew the Lease.")
    public var leaderElectionRetryPeriod: String = "2s"

    // MARK: Metrics and health

    @Option(name: .customLong("metrics-bind-address"),
            help: "host:port of the Prometheus metrics server (':8080' = all interfaces); '0' turns it off.")
    public var metricsBindAddress: String = ":8080"

    @Option(name: .customLong("metrics-endpoint"), help: "Path of the metrics.")
    public var metricsEndpoint: String = "/metrics"

    @Option(name: .customLong("metrics-prefix"), help: "Prefix of the spark_application_* and spark_executor_* metric names.")
    public var metricsPrefix: String = ""

    @Option(name: .customLong("metrics-labels"),
            help: "Comma-separated labels of the application metrics, each filled from the application's label of that name ('namespace': its namespace).")
    public var metricsLabels: String = ""

    @Option(name: .customLong("metrics-job-submit-latency-buckets"),
            help: "Comma-separated buckets (seconds) of spark_application_submit_latency_seconds_histogram.")
    public var metricsJobSubmitLatencyBuckets: String = "0.5,1,2,4,8,16,32,64,128,256"

    @Option(name: .customLong("metrics-job-start-latency-buckets"),
            help: "Comma-separated buckets (seconds) of spark_application_start_latency_seconds_histogram.")
    public var metricsJobStartLatencyBuckets: String = "30,60,90,120,150,180,210,240,270,300"

    @Option(name: .customLong("health-probe-bind-address"),
            help: "host:port of /healthz and /readyz (may equal the metrics address); '0' turns it off.")
    public var healthProbeBindAddress: String = ":8081"

    // MARK: Submission

    @Flag(name: .customLong("enable-ui-service"), inversion: .prefixedNo,
          help: "Create the Spark UI Service <app>-ui-svc for each application.")
    public var enableUIService = true

    @Option(name: .customLong("ingress-url-format"),
            help: "Create a UI Ingress per application at this URL ({{$appName}}, {{$appNamespace}} are replaced); empty = none.")
    public var ingressURLFormat: String = ""

    @Option(name: .customLong("ingress-class-name"), help: "ingressClassName of UI Ingresses.")
    public var ingressClassName: String = ""

    @Option(name: .customLong("ingress-tls"),
            help: "JSON array of IngressTLS for UI Ingresses of applications that set none, e.g. '[{\"hosts\":[\"x\"],\"secretName\":\"s\"}]'.")
    public var ingressTLS: String = ""

    @Option(name: .customLong("ingress-annotations"), help: "JSON object of annotations of UI Ingresses.")
    public var ingressAnnotations: String = ""

    @Flag(name: .customLong("enable-batch-scheduler"), inversion: .prefixedNo,
          help: "Honour spec.batchScheduler (volcano, yunikorn, kube-scheduler names).")
    public var enableBatchScheduler = false

    @Option(name: .customLong("kube-scheduler-names"), help: "Comma-separated scheduler-plugins scheduler names.")
    public var kubeSchedulerNames: String = ""

    @Option(name: .customLong("default-batch-scheduler"), help: "Batch scheduler of applications that name none.")
    public var defaultBatchScheduler: String = ""

    @Option(name: .customLong("spark-master"), help: "spark.master written into spark.properties: the API server as seen from driver pods.")
    public var sparkMaster: String = "k8s://https://kubernetes.default.svc:443"

    // MARK: Application lifecycle

    @Option(name: .customLong("driver-pod-creation-grace-period"),
            help: "How long a missing driver pod is tolerated after submission (Go duration, or seconds).")
    public var driverPodCreationGracePeriod: String = "10s"

    @Option(name: .customLong("driver-pending-timeout"),
            help: "How long a driver may stay Pending (image pull errors, unschedulable) before the attempt fails; 0 = never.")
    public var driverPendingTimeout: String = "0"

    @Option(name: .customLong("default-time-to-live-seconds"),
            help: "Delete terminated applications that set no spec.timeToLiveSeconds this many seconds after they ended; 0 = keep them.")
    public var defaultTimeToLiveSeconds: Int64 = 0

    @Option(name: .customLong("max-tracked-executor-per-app"),
            help: "Executors with a higher id are not listed in status.executorState.")
    public var maxTrackedExecutorPerApp: Int = 1000

    // MARK: Logging

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    public var logLevel: String = "info"

    @Option(name: .customLong("log-format"), help: "text, or json (one object per line).")
    public var logFormat: String = "text"

    public func validate() throws {
        do {
            _ = try resolve()
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// A flag with a value that cannot work; `description` is `--flag: why`.
public struct FlagError: Error, CustomStringConvertible, Equatable {
    public var flag: String
    public var message: String
    public init(_ flag: String, _ message: String) {
        self.flag = flag
        self.message = message
    }
    public var description: String { "--\(flag): \(message)" }
}

/// How log lines are written.
public enum LogFormat: String, Sendable {
    case text, json
}

/// The flags, checked and turned into the settings of each part.
public struct OperatorSettings: Sendable {
    public var kubeconfig: String?
    public var context: String?
    public var options: OperatorOptions
    /// Nil without `--leader-election`.
    public var leaderElection: LeaderElectionConfiguration?
    public var metricsAddress: BindAddress?
    public var metricsEndpoint: String
    public var metrics: SparkApplicationMetrics.Configuration
    public var healthAddress: BindAddress?
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
}

extension OperatorFlags {
    /// Checks every flag; the first bad one throws, naming it.
    public func resolve() throws(FlagError) -> OperatorSettings {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw FlagError("log-level", "'\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        guard let format = LogFormat(rawValue: logFormat) else {
            throw FlagError("log-format", "'\(logFormat)' is not text or json")
        }
        guard controllerThreads >= 1 else { throw FlagError("controller-threads", "must be at least 1, got \(controllerThreads)") }
        guard maxTrackedExecutorPerApp >= 0 else {
            throw FlagError("max-tracked-executor-per-app", "must not be negative, got \(maxTrackedExecutorPerApp)")
        }
        guard defaultTimeToLiveSeconds >= 0 else {
            throw FlagError("default-time-to-live-seconds", "must not be negative, got \(defaultTimeToLiveSeconds)")
        }
        let grace = try Self.duration(driverPodCreationGracePeriod, flag: "driver-pod-creation-grace-period")
        let pending = try Self.duration(driverPendingTimeout, flag: "driver-pending-timeout")

        var submission = SubmissionOptions(master: sparkMaster)
        submission.enableUIService = enableUIService
        submission.ingressURLFormat = ingressURLFormat.isEmpty ? nil : ingressURLFormat
        submission.ingressClassName = ingressClassName.isEmpty ? nil : ingressClassName
        if !ingressTLS.isEmpty {
            do {
                submission.ingressTLS = try JSONDecoder().decode([JSONValue].self, from: Data(ingressTLS.utf8))
            } catch {
                throw FlagError("ingress-tls", "not a JSON array of IngressTLS objects: \(ingressTLS)")
            }
        }
        if !ingressAnnotations.isEmpty {
            do {
                submission.ingressAnnotations = try JSONDecoder().decode([String: String].self, from: Data(ingressAnnotations.utf8))
            } catch {
                throw FlagError("ingress-annotations", "not a JSON object of string values: \(ingressAnnotations)")
            }
        }
        submission.enableBatchScheduler = enableBatchScheduler
        submission.kubeSchedulerNames = Self.list(kubeSchedulerNames)
        submission.defaultBatchScheduler = defaultBatchScheduler.isEmpty ? nil : defaultBatchScheduler

        var stateMachine = ApplicationStateMachine.Configuration()
        stateMachine.driverPodCreationGracePeriod = grace
        stateMachine.driverPendingTimeout = pending > .zero ? pending : nil
        stateMachine.maxTrackedExecutorPerApp = maxTrackedExecutorPerApp
        stateMachine.defaultTimeToLiveSeconds = defaultTimeToLiveSeconds > 0 ? defaultTimeToLiveSeconds : nil

        let options = OperatorOptions(
            namespaces: Self.list(namespaces), labelSelector: labelSelectorFilter.isEmpty ? nil : labelSelectorFilter,
            workers: controllerThreads, reconciler: .init(stateMachine: stateMachine, submission: submission))

        var election: LeaderElectionConfiguration?
        if leaderElection {
            guard !leaderElectionLockName.isEmpty else { throw FlagError("leader-election-lock-name", "must not be empty") }
            guard !leaderElectionLockNamespace.isEmpty else {
                throw FlagError("leader-election-lock-namespace", "must not be empty")
            }
            let lease = try Self.duration(leaderElectionLeaseDuration, flag: "leader-election-lease-duration")
            let renew = try Self.duration(leaderElectionRenewDeadline, flag: "leader-election-renew-deadline")
            let retry = try Self.duration(leaderElectionRetryPeriod, flag: "leader-election-retry-period")
            guard retry > .zero else { throw FlagError("leader-election-retry-period", "must be positive") }
            guard renew > retry else {
                throw FlagError("leader-election-renew-deadline", "must be longer than --leader-election-retry-period")
            }
            guard lease > renew else {
                throw FlagError("leader-election-lease-duration", "must be longer than --leader-election-renew-deadline")
            }
            guard lease >= .seconds(1) else { throw FlagError("leader-election-lease-duration", "must be at least 1s") }
            election = LeaderElectionConfiguration(
                leaseNamespace: leaderElectionLockNamespace, leaseName: leaderElectionLockName,
                leaseDuration: lease, renewDeadline: renew, retryPeriod: retry)
        }

        guard metricsEndpoint.hasPrefix("/") else { throw FlagError("metrics-endpoint", "must start with '/': \(metricsEndpoint)") }
        let metricsLabelList = Self.list(metricsLabels)
        if let bad = metricsLabelList.first(where: { SparkApplicationMetrics.sanitize($0).hasPrefix("__") }) {
            throw FlagError("metrics-labels", "'\(bad)': label names starting with __ are reserved")
        }
        let metrics = SparkApplicationMetrics.Configuration(
            prefix: metricsPrefix, labels: metricsLabelList,
            submitLatencyBuckets: try Self.buckets(metricsJobSubmitLatencyBuckets, flag: "metrics-job-submit-latency-buckets"),
            startLatencyBuckets: try Self.buckets(metricsJobStartLatencyBuckets, flag: "metrics-job-start-latency-buckets"))

        return OperatorSettings(
            kubeconfig: kubeconfig, context: context, options: options, leaderElection: election,
            metricsAddress: try BindAddress.parse(metricsBindAddress, flag: "metrics-bind-address"),
            metricsEndpoint: metricsEndpoint, metrics: metrics,
            healthAddress: try BindAddress.parse(healthProbeBindAddress, flag: "health-probe-bind-address"),
            logLevel: level, logFormat: format)
    }

    /// A Go duration (`10s`, `1m30s`, `500ms`) or a plain number of seconds; never negative.
    static func duration(_ text: String, flag: String) throws(FlagError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) {
            guard seconds >= 0, seconds.isFinite else { throw FlagError(flag, "must not be negative, got \(text)") }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        let nanos: Int64
        do {
            nanos = try GoDuration.parse(trimmed)
        } catch {
            throw FlagError(flag, "\(error.message) (e.g. 10s, 1m30s, or a number of seconds)")
        }
        guard nanos >= 0 else { throw FlagError(flag, "must not be negative, got \(text)") }
        return .nanoseconds(nanos)
    }

    /// Comma-separated, trimmed, empty entries dropped.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func buckets(_ text: String, flag: String) throws(FlagError) -> [Double] {
        var values: [Double] = []
        for item in list(text) {
            guard let value = Double(item), value.isFinite else { throw FlagError(flag, "'\(item)' is not a number") }
            values.append(value)
        }
        guard !values.isEmpty else { throw FlagError(flag, "needs at least one bucket") }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw FlagError(flag, "buckets must be increasing: \(text)")
        }
        return values
    }
}
