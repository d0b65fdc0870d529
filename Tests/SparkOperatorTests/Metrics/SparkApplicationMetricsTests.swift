import Foundation
import Kube
import Metrics
import MetricsTestKit
import SparkOperator
import SparkOperatorAPI
import Testing

@Suite("Application metrics: kubeflow's names, once per transition")
struct SparkApplicationMetricsTests {
    typealias N = SparkApplicationMetrics.Name
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func app(_ state: ApplicationStateType, labels: [String: String]? = nil, created: Double = 0,
             submitted: Double? = nil, terminated: Double? = nil, submissionAttempts: Int32? = nil,
             executionAttempts: Int32? = nil, executors: [String: ExecutorState]? = nil) -> SparkApplication {
        var meta = ObjectMeta(name: "pi", namespace: "ns")
        meta.labels = labels
        meta.creationTimestamp = KubeTime(t0.addingTimeInterval(created))
        var status = SparkApplicationStatus()
        status.state = state
        status.lastSubmissionAttemptTime = submitted.map { KubeTime(t0.addingTimeInterval($0)) }
        status.terminationTime = terminated.map { KubeTime(t0.addingTimeInterval($0)) }
        status.submissionAttempts = submissionAttempts
        status.executionAttempts = executionAttempts
        status.executorState = executors
        let spec = SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///x.jar")
        return SparkApplication(metadata: meta, spec: spec, status: state == .new && submitted == nil ? nil : status)
    }

    func total(_ m: TestMetrics, _ name: String) -> Int64 { m.counterTotal(label: name) }

    @Test func newToSubmittedCountsTheAppAndTheSubmissionAndTheSubmitLatency() throws {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(factory: test)
        let new = app(.new)
        let submitted = app(.submitted, submitted: 3, submissionAttempts: 1, executionAttempts: 1)
        metrics.recordTransition(from: new, to: submitted.status!, now: t0.addingTimeInterval(3))
        #expect(total(test, N.count) == 1)
        #expect(total(test, N.submitCount) == 1)
        #expect(try test.expectRecorder(N.submitLatency).values == [3])
        #expect(try test.expectRecorder(N.submitLatencyHistogram).values == [3])
        #expect(total(test, N.successCount) == 0)
    }

    @Test func sameStateRecordsNothing() {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(factory: test)
        let running = app(.running, submitted: 1, executionAttempts: 1)
        metrics.recordTransition(from: running, to: running.status!, now: t0)
        metrics.recordTransition(from: running, to: running.status!, now: t0)
        #expect(test.counters.isEmpty)
        #expect(test.recorders.isEmpty)
    }

    @Test func runningObservesStartLatencyOnlyOnTheFirstExecution() throws {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(factory: test)
        let first = app(.running, submitted: 1, executionAttempts: 1)
        metrics.recordTransition(from: app(.submitted, submitted: 1), to: first.status!, now: t0.addingTimeInterval(42))
        let rerun = app(.running, submitted: 100, executionAttempts: 2)
        metrics.recordTransition(from: app(.submitted, submitted: 100), to: rerun.status!, now: t0.addingTimeInterval(200))
        #expect(try test.expectRecorder(N.startLatency).values == [42])
        #expect(try test.expectRecorder(N.startLatencyHistogram).values == [42])
        #expect(total(test, N.count) == 0)
    }

    @Test func completedAndFailedCountAndObserveExecutionTime() throws {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(factory: test)
        let done = app(.completed, submitted: 10, terminated: 70)
        metrics.recordTransition(from: app(.running, submitted: 10), to: done.status!, now: t0)
        let failed = app(.failed, submitted: 10, terminated: 15)
        metrics.recordTransition(from: app(.failing, submitted: 10), to: failed.status!, now: t0)
        #expect(total(test, N.successCount) == 1)
        #expect(total(test, N.failureCount) == 1)
        #expect(try test.expectRecorder(N.successExecutionTime).values == [60])
        #expect(try test.expectRecorder(N.failureExecutionTime).values == [5])
    }

    @Test func invalidAppFailingAtOnceCountsTheAppAndTheFailure() {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(factory: test)
        let failed = app(.failed, terminated: 1)
        metrics.recordTransition(from: app(.new), to: failed.status!, now: t0)
        #expect(total(test, N.count) == 1)
        #expect(total(test, N.failureCount) == 1)
        #expect(test.recorders(label: N.failureExecutionTime).isEmpty)  // never submitted
    }

    @Test func submissionFailureIsCounted() {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(factory: test)
        metrics.recordTransition(from: app(.new), to: app(.submissionFailed, submitted: 1, submissionAttempts: 1).status!)
        #expect(total(test, N.failedSubmissionCount) == 1)
        #expect(total(test, N.submitCount) == 0)
    }

    @Test func executorsAreCountedWhenTheyReachATerminalState() {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(factory: test)
        let before = app(.running, submitted: 1, executors: ["1": .running, "2": .running, "3": .completed])
        let after = app(.running, submitted: 1, executors: ["1": .completed, "2": .failed, "3": .completed, "4": .running])
        metrics.recordTransition(from: before, to: after.status!)
        metrics.recordTransition(from: after, to: after.status!)
        #expect(total(test, N.executorSuccessCount) == 1)
        #expect(total(test, N.executorFailureCount) == 1)
    }

    @Test func labelsComeFromTheAppsLabelsWithNamespaceAndUnknown() throws {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(
            configuration: .init(prefix: "my-", labels: ["team", "namespace", "app.kubernetes.io/name", "missing"]),
            factory: test)
        #expect(metrics.labelNames == ["team", "namespace", "app_kubernetes_io_name", "missing"])
        let labels = ["team": "data", "app.kubernetes.io/name": "pi"]
        metrics.recordTransition(from: app(.new, labels: labels), to: app(.submitted, submitted: 0, submissionAttempts: 1).status!)
        let counter = try test.expectCounter(
            "my_spark_application_submit_count",
            [("team", "data"), ("namespace", "ns"), ("app_kubernetes_io_name", "pi"), ("missing", "Unknown")])
        #expect(counter.totalValue == 1)
        #expect(metrics.summaryNames.contains("my_spark_application_start_latency_seconds"))
        #expect(metrics.histogramBuckets["my_spark_application_start_latency_seconds_histogram"]?.first == 30)
    }

    @Test func runningGaugesAreRecountedFromTheCaches() throws {
        let test = TestMetrics()
        let metrics = SparkApplicationMetrics(configuration: .init(labels: ["namespace"]), factory: test)
        func executor(_ phase: String, ns: String = "ns") -> Pod {
            var pod = Pod(metadata: ObjectMeta(name: "e-\(phase)", namespace: ns))
            pod.metadata.labels = [SparkLabels.sparkRole: "executor"]
            pod.status = PodStatus()
            pod.status?.phase = phase
            return pod
        }
        metrics.updateGauges(
            applications: [app(.running, submitted: 1), app(.running, submitted: 1), app(.completed, submitted: 1)],
            pods: [executor("Running"), executor("Pending"), executor("Running", ns: "other")])
        #expect(try test.expectGauge(N.runningCount, [("namespace", "ns")]).lastValue == 2)
        #expect(try test.expectGauge(N.executorRunningCount, [("namespace", "ns")]).lastValue == 1)
        #expect(try test.expectGauge(N.executorRunningCount, [("namespace", "other")]).lastValue == 1)
        metrics.updateGauges(applications: [], pods: [])
        #expect(try test.expectGauge(N.runningCount, [("namespace", "ns")]).lastValue == 0)
        #expect(try test.expectGauge(N.executorRunningCount, [("namespace", "other")]).lastValue == 0)
    }
}
