import Foundation
import Kube
import Metrics
import SparkOperatorAPI
import Synchronization

/// kubeflow's application and executor metrics (`internal/metrics/sparkapplication_metrics.go`,
/// `sparkpod_metrics.go`): the same names, label sets and meanings, through swift-metrics.
///
/// Counters and latencies are recorded by the reconciler when it has written a status that
/// changes the state (`recordTransition`): a status write is a compare-and-swap on the
/// resourceVersion, so each transition is counted exactly once, however often the application is
/// reconciled, and a conflicting write counts nothing. The two "running" gauges are not kept
/// by increments (which drift when the operator restarts or misses a deletion) but recounted from
/// the caches (`updateGauges`), e.g. whenever metrics are scraped.
///
/// Summaries (`…_execution_time_seconds`, `…_latency_seconds`) are swift-metrics aggregating
/// `Recorder`s named in `summaryNames`; the Prometheus side of the executable exposes those as
/// summaries (`_sum`, `_count`), the `…_histogram` ones as histograms with `histogramBuckets`.
public final class SparkApplicationMetrics: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// `--metrics-prefix`: put before every metric name of this type.
        public var prefix: String
        /// `--metrics-labels`: label names; each value is the application's (for executor metrics
        /// the pod's) label of that name, `namespace` its namespace, else "Unknown".
        public var labels: [String]
        /// `--metrics-job-submit-latency-buckets`.
        public var submitLatencyBuckets: [Double]
        /// `--metrics-job-start-latency-buckets`.
        public var startLatencyBuckets: [Double]

        public init(
            prefix: String = "", labels: [String] = [],
            submitLatencyBuckets: [Double] = [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256],
            startLatencyBuckets: [Double] = [30, 60, 90, 120, 150, 180, 210, 240, 270, 300]
        ) {
            self.prefix = prefix
            self.labels = labels
            self.submitLatencyBuckets = submitLatencyBuckets
            self.startLatencyBuckets = startLatencyBuckets
        }
    }

    /// kubeflow's metric names (`pkg/common/metrics.go`), before the prefix.
    public enum Name {
        public static let count = "spark_application_count"
        public static let submitCount = "spark_application_submit_count"
        public static let failedSubmissionCount = "spark_application_failed_submission_count"
        public static let runningCount = "spark_application_running_count"
        public static let successCount = "spark_application_success_count"
        public static let failureCount = "spark_application_failure_count"
        public static let successExecutionTime = "spark_application_success_execution_time_seconds"
        public static let failureExecutionTime = "spark_application_failure_execution_time_seconds"
        public static let submitLatency = "spark_application_submit_latency_seconds"
        public static let submitLatencyHistogram = "spark_application_submit_latency_seconds_histogram"
        public static let startLatency = "spark_application_start_latency_seconds"
        public static let startLatencyHistogram = "spark_application_start_latency_seconds_histogram"
        public static let executorRunningCount = "spark_executor_running_count"
        public static let executorSuccessCount = "spark_executor_success_count"
        public static let executorFailureCount = "spark_executor_failure_count"

        public static let all = [
            count, submitCount, failedSubmissionCount, runningCount, successCount, failureCount,
            successExecutionTime, failureExecutionTime, submitLatency, submitLatencyHistogram, startLatency,
            startLatencyHistogram, executorRunningCount, executorSuccessCount, executorFailureCount,
        ]
    }

    public let configuration: Configuration
    /// The label names, sanitized as Prometheus needs them.
    public let labelNames: [String]
    private let factory: any MetricsFactory
    private let gaugeLabelSets = Mutex<[String: Set<[String]>]>([:])

    public init(configuration: Configuration = .init(), factory: any MetricsFactory = MetricsSystem.factory) {
        self.configuration = configuration
        self.labelNames = configuration.labels.map { Self.sanitize($0) }
        self.factory = factory
    }

    /// The full (prefixed) name of a metric.
    public func name(_ base: String) -> String { Self.sanitize(configuration.prefix + base) }

    /// Full names of the metrics that are Prometheus summaries.
    public var summaryNames: Set<String> {
        Set([Name.successExecutionTime, Name.failureExecutionTime, Name.submitLatency, Name.startLatency].map(name))
    }

    /// Buckets of the metrics that are Prometheus histograms, by full name.
    public var histogramBuckets: [String: [Double]] {
        [
            name(Name.submitLatencyHistogram): configuration.submitLatencyBuckets,
            name(Name.startLatencyHistogram): configuration.startLatencyBuckets,
        ]
    }

    // MARK: - transitions

    /// Records what changed between the application as it was (`old`) and the status just
    /// written for it (`new`). Call once per successful status write.
    public func recordTransition(from old: SparkApplication, to new: SparkApplicationStatus, now: Date = Date()) {
        let oldStatus = old.status ?? SparkApplicationStatus()
        let oldState = oldStatus.state
        let newState = new.state
        let dims = dimensions(labels: old.metadata.labels, namespace: old.namespace)
        let created = old.metadata.creationTimestamp?.date

        if oldState != newState {
            if oldState == .new {
                counter(Name.count, dims)
            }
            switch newState {
            case .submitted:
                counter(Name.submitCount, dims)
                // First submission only: creation → the submission written (as start latency).
                if new.submissionAttempts == 1, let created {
                    let latency = max(0, now.timeIntervalSince(created))
                    summary(Name.submitLatency, dims, latency)
                    summary(Name.submitLatencyHistogram, dims, latency)
                }
            case .submissionFailed:
                counter(Name.failedSubmissionCount, dims)
            case .running:
                // kubeflow: only for the first execution attempt.
                if new.executionAttempts == 1, let created {
                    let latency = max(0, now.timeIntervalSince(created))
                    summary(Name.startLatency, dims, latency)
                    summary(Name.startLatencyHistogram, dims, latency)
                }
            case .completed:
                counter(Name.successCount, dims)
                if let time = executionTime(new) { summary(Name.successExecutionTime, dims, time) }
            case .failed:
                counter(Name.failureCount, dims)
                if let time = executionTime(new) { summary(Name.failureExecutionTime, dims, time) }
            default:
                break
            }
        }

        // Executors: each one that reached COMPLETED or FAILED in this write.
        let oldExecutors = oldStatus.executorState ?? [:]
        for (id, state) in new.executorState ?? [:] where state != oldExecutors[id] {
            if state == .completed {
                counter(Name.executorSuccessCount, dims)
            } else if state == .failed {
                counter(Name.executorFailureCount, dims)
            }
        }
    }

    /// kubeflow: terminationTime − lastSubmissionAttemptTime, when both are set.
    private func executionTime(_ status: SparkApplicationStatus) -> Double? {
        guard let start = status.lastSubmissionAttemptTime?.date, let end = status.terminationTime?.date else { return nil }
        return max(0, end.timeIntervalSince(start))
    }

    // MARK: - gauges

    /// Sets `spark_application_running_count` (applications in RUNNING) and
    /// `spark_executor_running_count` (executor pods in phase Running) from the caches. Label sets
    /// that had a value before and have none now go to 0.
    public func updateGauges(applications: [SparkApplication], pods: [Pod]) {
        var apps: [[String]: Int] = [:]
        for app in applications where app.status?.state == .running {
            apps[dimensionValues(labels: app.metadata.labels, namespace: app.namespace), default: 0] += 1
        }
        var executors: [[String]: Int] = [:]
        for pod in pods where pod.metadata.labels?[SparkLabels.sparkRole] == "executor" && pod.status?.phase == "Running" {
            executors[dimensionValues(labels: pod.metadata.labels, namespace: pod.namespace), default: 0] += 1
        }
        setGauge(Name.runningCount, apps)
        setGauge(Name.executorRunningCount, executors)
    }

    private func setGauge(_ base: String, _ counts: [[String]: Int]) {
        let previous = gaugeLabelSets.withLock { sets in
            let previous = sets[base] ?? []
            sets[base] = previous.union(counts.keys)
            return previous
        }
        for values in previous.union(counts.keys) {
            Gauge(label: name(base), dimensions: Array(zip(labelNames, values)), factory: factory)
                .record(counts[values] ?? 0)
        }
        // Always expose the metric, even before the first application.
        if labelNames.isEmpty && counts.isEmpty && previous.isEmpty {
            Gauge(label: name(base), dimensions: [], factory: factory).record(0)
            gaugeLabelSets.withLock { $0[base, default: []].insert([]) }
        }
    }

    // MARK: - helpers

    private func counter(_ base: String, _ dims: [(String, String)]) {
        Counter(label: name(base), dimensions: dims, factory: factory).increment()
    }

    private func summary(_ base: String, _ dims: [(String, String)], _ value: Double) {
        Recorder(label: name(base), dimensions: dims, aggregate: true, factory: factory).record(value)
    }

    func dimensions(labels: [String: String]?, namespace: String) -> [(String, String)] {
        Array(zip(labelNames, dimensionValues(labels: labels, namespace: namespace)))
    }

    /// kubeflow's `getMetricLabels`: the object's label of that (sanitized) name, else its
    /// namespace for `namespace`, else "Unknown".
    func dimensionValues(labels: [String: String]?, namespace: String) -> [String] {
        guard !labelNames.isEmpty else { return [] }
        var sanitized: [String: String] = [:]
        for (key, value) in labels ?? [:] { sanitized[Self.sanitize(key)] = value }
        return labelNames.map { label in
            if let value = sanitized[label] { return value }
            return label == "namespace" ? namespace : "Unknown"
        }
    }

    /// A valid Prometheus metric or label name: characters other than `[a-zA-Z0-9_]` become `_`,
    /// and a leading digit gets a `_` before it.
    public static func sanitize(_ name: String) -> String {
        var out = String(name.unicodeScalars.map { c -> Character in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_") ? Character(c) : "_"
        })
        if let first = out.unicodeScalars.first, ("0"..."9").contains(first) { out = "_" + out }
        return out
    }
}
