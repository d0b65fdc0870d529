import Foundation
import Kube
import KubeTesting
import SparkOperator
import SparkOperatorAPI
import Testing

@Suite("ScheduledSparkApplication controller on the real API server (simulated kubelet)")
struct ScheduledIntegrationTests {
    @Test("@every 2s: runs are created on their ticks, complete, and the history keeps one")
    func everyTwoSeconds() async throws {
        try await OperatorHarness.run(prefix: "sched-every") { h in
            let example = try String(
                contentsOf: OperatorHarness.repoRoot.appendingPathComponent("examples/spark-pi.yaml"), encoding: .utf8)
            var spec = ScheduledSparkApplicationSpec(
                schedule: "@every 2s", template: try YAML.decode(SparkApplication.self, from: example).spec)
            spec.concurrencyPolicy = .allow
            let created = try await h.client.create(ScheduledSparkApplication(
                metadata: ObjectMeta(name: "pi-every", namespace: h.namespace, labels: ["team": "a"]), spec: spec))

            // Follow lastRunName until three different runs were started.
            var started: [String] = []
            var status = ScheduledSparkApplicationStatus()
            try await waitUntil("three runs started", timeout: .seconds(120), interval: .milliseconds(200)) {
                let s = try await h.client.get(ScheduledSparkApplication.self, name: "pi-every", namespace: h.namespace)
                status = s.status ?? status
                if let name = s.status?.lastRunName, !started.contains(name) { started.append(name) }
                return started.count >= 3
            }
            #expect(status.scheduleState == .scheduled)
            #expect(status.nextRun != nil)
            let ticks = started.compactMap { $0.split(separator: "-").last.flatMap { Int($0) } }
            #expect(ticks.count == 3, "run names are <name>-<unix seconds of the tick>: \(started)")
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 > $0 }, "one run per tick, in order: \(ticks)")

            for run in try await h.client.list(SparkApplication.self, namespace: h.namespace).items {
                #expect(run.metadata.labels?["sparkoperator.k8s.io/scheduled-app-name"] == "pi-every")
                #expect(run.metadata.labels?["team"] == "a")
                #expect(run.metadata.ownerReferences?.first?.uid == created.metadata.uid)
            }
            // Completed runs beyond successfulRunHistoryLimit (default 1) are pruned when they finish.
            try await waitUntil("history of one completed run", timeout: .seconds(60), interval: .milliseconds(200)) {
                let s = try await h.client.get(ScheduledSparkApplication.self, name: "pi-every", namespace: h.namespace)
                let completed = try await h.client.list(SparkApplication.self, namespace: h.namespace).items
                    .filter { $0.status?.state == .completed && $0.metadata.deletionTimestamp == nil }
                return s.status?.pastSuccessfulRunNames?.count == 1 && completed.count == 1
            }
        }
    }
}
