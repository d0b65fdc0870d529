import Foundation
import Logging
import Metrics
import SparkOperator
import SparkOperatorAPI
import SparkOperatorCLI
import Synchronization
import Testing

@Suite("spark-operator: Prometheus exposition and JSON logs")
struct ExporterAndLogTests {
    @Test func applicationMetricsRenderWithKubeflowsNamesAndTypes() throws {
        let probe = SparkApplicationMetrics(configuration: .init(labels: ["namespace"]))
        let exporter = PrometheusExporter(summaryNames: probe.summaryNames, histogramBuckets: probe.histogramBuckets)
        let metrics = SparkApplicationMetrics(configuration: .init(labels: ["namespace"]), factory: exporter)
        var meta = ObjectMeta(name: "pi", namespace: "ns")
        meta.creationTimestamp = KubeTime(Date(timeIntervalSince1970: 0))
        let app = SparkApplication(
            metadata: meta, spec: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///x.jar"))
        var running = SparkApplicationStatus()
        running.state = .running
        running.executionAttempts = 1
        metrics.recordTransition(from: app, to: running, now: Date(timeIntervalSince1970: 45))
        var done = running
        done.state = .completed
        done.lastSubmissionAttemptTime = KubeTime(Date(timeIntervalSince1970: 10))
        done.terminationTime = KubeTime(Date(timeIntervalSince1970: 70))
        var runningApp = app
        runningApp.status = running
        metrics.recordTransition(from: runningApp, to: done)
        metrics.updateGauges(applications: [], pods: [])
        let text = exporter.render()
        #expect(text.contains("spark_application_count{namespace=\"ns\"} 1"))
        #expect(text.contains("spark_application_success_count{namespace=\"ns\"} 1"))
        #expect(text.contains("# TYPE spark_application_start_latency_seconds summary"))
        #expect(text.contains("spark_application_start_latency_seconds_sum{namespace=\"ns\"} 45"))
        #expect(text.contains("spark_application_start_latency_seconds_count{namespace=\"ns\"} 1"))
        #expect(text.contains("spark_application_success_execution_time_seconds_sum{namespace=\"ns\"} 60"))
        #expect(text.contains("# TYPE spark_application_start_latency_seconds_histogram histogram"))
        #expect(text.contains("spark_application_start_latency_seconds_histogram_bucket{namespace=\"ns\",le=\"60.0\"} 1"))
        #expect(text.contains("spark_application_start_latency_seconds_histogram_bucket{namespace=\"ns\",le=\"30.0\"} 0"))
    }

    @Test func jsonLogsAreOneObjectPerLine() throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "spark-operator") { line in lines.withLock { $0.append(line) } }
        handler.logLevel = .debug
        handler[metadataKey: "controller"] = "apps"
        let logger = Logger(label: "spark-operator") { _ in handler }
        logger.info("reconciled \"pi\"\nok", metadata: ["object": "ns/pi", "n": "\(3)", "list": ["a", "b"]])
        logger.trace("hidden")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("}\n") && line.dropLast().allSatisfy { $0 != "\n" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "spark-operator")
        #expect(object["msg"] as? String == "reconciled \"pi\"\nok")
        #expect((object["ts"] as? String)?.hasSuffix("Z") == true)
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["controller"] as? String == "apps")
        #expect(metadata["object"] as? String == "ns/pi")
        #expect(metadata["list"] as? [String] == ["a", "b"])
    }
}
