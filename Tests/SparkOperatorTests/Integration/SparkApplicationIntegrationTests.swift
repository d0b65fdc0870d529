import Foundation
import Kube
import KubeTesting
import SparkOperator
import SparkOperatorAPI
import Testing

@Suite("SparkApplication controller on the real API server (simulated kubelet)")
struct SparkApplicationIntegrationTests {
    @Test("spark-pi.yaml: SUBMITTED → RUNNING → COMPLETED with the driver's objects, executors and events")
    func sparkPiCompletes() async throws {
        try await OperatorHarness.run(prefix: "sparkpi") { h in
            let created = try await h.createExample("spark-pi.yaml")
            let done = try await h.waitForState("spark-pi", .completed)
            let status = try #require(done.status)
            #expect(status.submissionAttempts == 1)
            #expect(status.executionAttempts == 1)
            #expect(status.driverInfo?.podName == "spark-pi-driver")
            #expect(status.terminationTime != nil)
            #expect(status.sparkApplicationId?.hasPrefix("spark-") == true)
            #expect(status.executorState?.values.allSatisfy { $0 == .completed } == true)
            #expect(status.executorState?.count == 1)

            let driver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)
            #expect(driver.metadata.ownerReferences?.first?.uid == created.metadata.uid)
            #expect(driver.metadata.labels?["spark-role"] == "driver")
            #expect(driver.metadata.labels?["sparkoperator.k8s.io/app-name"] == "spark-pi")
            #expect(driver.metadata.labels?["sparkoperator.k8s.io/submission-id"] == status.submissionID)
            #expect(driver.status?.phase == "Succeeded", "the driver pod is kept after completion (Airflow reads it)")
            let ui = try await h.client.get(KubeService.self, name: "spark-pi-ui-svc", namespace: h.namespace)
            #expect(ui.metadata.ownerReferences?.first?.uid == created.metadata.uid)

            let reasons = Set(try await h.events(for: "spark-pi").compactMap(\.reason))
            #expect(reasons.isSuperset(of: ["SparkApplicationSubmitted", "SparkDriverRunning", "SparkApplicationCompleted"]),
                    "\(reasons)")
        }
    }
}
