import Foundation
import Kube
import KubeTesting
import SparkOperator
import SparkOperatorAPI
import Testing

extension SparkApplicationIntegrationTests {
    @Test("bad-fail-submission.yaml: the API server rejects the driver pod → retried onSubmissionFailureRetries times → FAILED")
    func failedSubmissionIsRetriedThenFails() async throws {
        try await OperatorHarness.run(prefix: "failsubmit") { h in
            let app = try await h.createExample("bad-fail-submission.yaml")
            let retries = try #require(app.spec.restartPolicy?.onSubmissionFailureRetries)
            #expect(retries == 3)
            let failed = try await h.waitForState("fail-submission", .failed)
            let status = try #require(failed.status)
            #expect(status.submissionAttempts == retries + 1)
            #expect((status.executionAttempts ?? 0) == 0)
            let message = status.applicationState?.errorMessage ?? ""
            // The API server's own words (ServiceAccount admission).
            #expect(message.contains("serviceaccount \"non-existent\" not found"), "\(message)")
            #expect(status.terminationTime != nil)

            let counts = try await h.eventCounts(for: "fail-submission", awaiting: ["SparkApplicationFailed": 1])
            #expect(counts["SparkApplicationSubmissionFailed"] == Int(retries) + 1, "\(counts)")
            #expect(counts["SparkApplicationFailed"] == 1, "\(counts)")
            #expect(counts["SparkApplicationSubmitted"] == nil, "\(counts)")
            #expect(try await h.pods(labelled: "spark-role=driver").isEmpty)
            // A failed attempt leaves nothing behind: no ConfigMap or Service per attempt.
            let leftovers = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=fail-submission").map(\.name)
                + h.list(KubeService.self, labelled: "sparkoperator.k8s.io/app-name=fail-submission").map(\.name)
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test("bad-fail-application.yaml: the driver exits 101 → OnFailure retried onFailureRetries times → FAILED")
    func failedApplicationIsRetriedThenFails() async throws {
        try await OperatorHarness.run(prefix: "failapp") { h in
            let app = try await h.createExample("bad-fail-application.yaml")
            let retries = try #require(app.spec.restartPolicy?.onFailureRetries)
            #expect(retries == 3)
            let failed = try await h.waitForState("fail-submission", .failed)
            let status = try #require(failed.status)
            #expect(status.executionAttempts == retries + 1)
            #expect(status.submissionAttempts == retries + 1)
            let message = status.applicationState?.errorMessage ?? ""
            #expect(message.contains("ExitCode: 101"), "\(message)")
            #expect(message.contains("ClassNotFoundException"), "\(message)")

            // One driver per attempt, one after the other; the last one is kept.
            let drivers = h.drivers.seen(app: "fail-submission")
            #expect(drivers.count == Int(retries) + 1, "\(drivers)")
            #expect(Set(drivers.compactMap(\.submissionID)).count == drivers.count)
            #expect(h.drivers.maxAtOnce(app: "fail-submission") == 1)
            let driver = try await h.client.get(Pod.self, name: "fail-submission-driver", namespace: h.namespace)
            #expect(driver.metadata.labels?[SparkLabels.submissionID] == status.submissionID)
            #expect(driver.status?.phase == "Failed")

            let counts = try await h.eventCounts(for: "fail-submission", awaiting: ["SparkApplicationFailed": 1])
            #expect(counts["SparkApplicationPendingRerun"] == Int(retries), "\(counts)")
            #expect(counts["SparkDriverFailed"] == Int(retries) + 1, "\(counts)")
            #expect(counts["SparkApplicationFailed"] == 1, "\(counts)")
            // Only the last attempt's ConfigMap is left (older ones went with their drivers).
            let configMaps = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=fail-submission")
            #expect(configMaps.count == 1, "\(configMaps.map(\.name))")
            #expect(configMaps.first?.metadata.labels?[SparkLabels.submissionID] == status.submissionID)
        }
    }

    @Test("restartPolicy Always: a completed run is resubmitted with a new submission ID, one driver at a time")
    func alwaysRestartsACompletedRun() async throws {
        try await OperatorHarness.run(prefix: "always") { h in
            try await h.createExample("spark-pi.yaml") { app in
                app.spec.restartPolicy = RestartPolicy(type: .always)
            }
            var submissionIDs: [String] = []
            _ = try await h.waitFor("spark-pi", "submitted three times") { app in
                if let id = app.status?.submissionID, submissionIDs.last != id { submissionIDs.append(id) }
                return (app.status?.submissionAttempts ?? 0) >= 3
            }
            let counts = try await h.eventCounts(for: "spark-pi", awaiting: ["SparkApplicationPendingRerun": 2])
            #expect((counts["SparkApplicationPendingRerun"] ?? 0) >= 2, "\(counts)")
            #expect((counts["SparkDriverCompleted"] ?? 0) >= 2, "\(counts)")
            #expect(counts["SparkApplicationCompleted"] == nil, "Always never completes: \(counts)")
            let drivers = h.drivers.seen(app: "spark-pi")
            #expect(drivers.count >= 3)
            #expect(Set(drivers.compactMap(\.submissionID)).count == drivers.count, "a new submission ID per run: \(drivers)")
            #expect(Set(submissionIDs).isSubset(of: Set(drivers.compactMap(\.submissionID))))
            #expect(h.drivers.maxAtOnce(app: "spark-pi") == 1)
            // Old attempts' ConfigMaps do not pile up.
            let configMaps = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=spark-pi")
            #expect(configMaps.count <= 1, "\(configMaps.map(\.name))")
        }
    }
}
