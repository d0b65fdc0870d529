import Foundation
import Kube
import KubeTesting
import SparkOperator
import SparkOperatorAPI
import Synchronization
import Testing

/// Counts how often a fault point was passed.
final class FaultCounter: Sendable {
    private let count = Mutex(0)
    func hit() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

struct InjectedCrash: Error, CustomStringConvertible {
    var description: String { "injected crash: the operator died here" }
}

extension SparkApplicationIntegrationTests {
    /// kubeflow #2788: an operator that dies after creating the driver but before writing the
    /// status must not, once restarted, create a second driver (or fail on "already exists").
    @Test("the operator dies between driver create and status write → a fresh operator adopts the driver")
    func restartAfterDriverCreateAdoptsTheDriver() async throws {
        try await OperatorHarness.run(prefix: "restart", startOperator: false) { h in
            let crashes = FaultCounter()
            var dying = OperatorOptions(namespaces: [h.namespace])
            // Every reconcile of this instance dies right after the driver exists: it never
            // writes a status, as if the process had been killed there.
            dying.reconciler.faultInjection = { point in
                if case .driverCreated = point {
                    crashes.hit()
                    throw InjectedCrash()
                }
            }
            try await h.createExample("spark-pi.yaml")
            let driverUID = try await h.withController(dying) { _ in
                try await waitUntil("the first operator to die after creating the driver", timeout: OperatorHarness.patience) { crashes.value >= 1 }
                return try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace).metadata.uid
            }
            let afterCrash = try await h.app("spark-pi")
            #expect(afterCrash.status?.submissionAttempts == nil, "the first operator wrote no status")

            let fresh = OperatorOptions(namespaces: [h.namespace])
            try await h.withController(fresh) { _ in
                let submitted = try await h.waitFor("spark-pi", "submitted") { ($0.status?.submissionAttempts ?? 0) >= 1 }
                #expect(submitted.status?.submissionAttempts == 1)
                #expect([.submitted, .running, .completed].contains(submitted.status?.state))
                let driver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)
                #expect(driver.metadata.uid == driverUID, "the driver was adopted, not replaced")
                #expect(driver.metadata.labels?[SparkLabels.submissionID] == submitted.status?.submissionID)
                let done = try await h.waitForState("spark-pi", .completed)
                #expect(done.status?.submissionAttempts == 1)
                #expect(done.status?.executionAttempts == 1)
                // While the operator runs: the reconcile that wrote COMPLETED records its Event
                // after the write answers, and stopping the controller (by cancellation) right
                // after the test saw the write could cut that off (failed twice under load).
                let counts = try await h.eventCounts(for: "spark-pi", awaiting: ["SparkApplicationCompleted": 1])
                #expect(counts["SparkApplicationSubmitted"] == 1, "\(counts)")
                #expect(counts["SparkApplicationSubmissionFailed"] == nil, "\(counts)")
            }
            #expect(h.drivers.seen(app: "spark-pi").count == 1, "\(h.drivers.seen(app: "spark-pi"))")
        }
    }

    /// The pod watch behind (a loaded API server): "driver pod not found" is decided on the
    /// cache, but an attempt is never failed for a pod the API server has.
    @Test("the driver pod missing from a lagging cache past the grace period → read from the API server, not FAILED")
    func driverMissingFromTheCacheIsLookedUpBeforeFailing() async throws {
        let pending = SimulatedKubelet.Timing(startDelay: .seconds(600), runDuration: .seconds(1))
        try await OperatorHarness.run(prefix: "lagging", startOperator: false, timing: pending) { h in
            var options = OperatorOptions(namespaces: [h.namespace])
            options.reconciler.stateMachine.driverPodCreationGracePeriod = .seconds(1)
            try await h.createExample("spark-pi.yaml")
            try await h.withController(options) { controller in
                _ = try await h.waitForState("spark-pi", .submitted)
                let key = "\(h.namespace)/spark-pi-driver"
                try await waitUntil("the pod watch to see the driver", timeout: OperatorHarness.patience) {
                    controller.pods.get(key) != nil
                }
                // As if the watch had not delivered it: the pending pod changes no more, so only
                // the reconciler's look-up can bring it back.
                controller.pods.delete(controller.pods.get(key)!)
                controller.tombstones.forget(key: key)  // never seen at all, not deleted
                try await Task.sleep(for: .seconds(2))  // past the grace period
                // Something makes the application reconcile (here: a label added).
                _ = try await h.client.patch(
                    SparkApplication.self, name: "spark-pi", namespace: h.namespace,
                    patch: .merge(["metadata": ["labels": ["touched": "yes"]]]))
                try await waitUntil("the reconciler to find the driver on the API server", timeout: .seconds(30)) {
                    controller.pods.get(key) != nil
                }
                let app = try await h.app("spark-pi")
                #expect(app.status?.state == .submitted, "not failed: \(String(describing: app.status?.applicationState))")
                #expect(app.status?.applicationState?.errorMessage == nil)
            }
        }
    }

    @Test("two operators at once on one namespace (no leader election): one driver per application")
    func twoOperatorsCreateOneDriverPerApplication() async throws {
        try await OperatorHarness.run(prefix: "twoops") { h in
            try await h.withController(OperatorOptions(namespaces: [h.namespace])) { second in
                try await waitUntil("the second operator's caches to sync", timeout: OperatorHarness.patience) { second.controller.hasSynced }
                let names = (1...6).map { "spark-pi-\($0)" }
                for name in names { try await h.createExample("spark-pi.yaml", name: name) }
                for name in names {
                    let done = try await h.waitForState(name, .completed)
                    #expect(done.status?.submissionAttempts == 1, "\(name)")
                    #expect(done.status?.executionAttempts == 1, "\(name)")
                    let drivers = h.drivers.seen(app: name)
                    #expect(drivers.count == 1, "\(name): \(drivers)")
                    #expect(drivers.first?.submissionID == done.status?.submissionID, "\(name)")
                    let counts = try await h.eventCounts(for: name, awaiting: ["SparkApplicationCompleted": 1])
                    #expect(counts["SparkApplicationSubmissionFailed"] == nil, "\(name): \(counts)")
                    #expect(counts["SparkApplicationFailed"] == nil, "\(name): \(counts)")
                    let configMaps = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=\(name)")
                    #expect(configMaps.count == 1, "\(name): \(configMaps.map(\.name))")
                }
            }
        }
    }

    // MARK: - Airflow

    /// What Airflow's SparkKubernetesOperator and SparkKubernetesSensor rely on
    /// (reference/kubeflow-v1beta2.md §8).
    @Test("Airflow: <name>-driver, container spark-kubernetes-driver, spark-role=driver, task labels, state strings, errorMessage")
    func airflowCompatibility() async throws {
        try await OperatorHarness.run(prefix: "airflow") { h in
            let taskLabels = [
                "dag_id": "spark_pi", "task_id": "spark_pi_submit", "run_id": "manual__2024-01-01T0000000000-abc",
                "spark_kubernetes_operator": "True", "try_number": "1",
            ]
            let name = "spark-pi-task-7h3kd9x2"
            var airflowBody = try OperatorHarness.example("spark-pi.yaml")
            airflowBody.metadata.name = name
            // Airflow puts its labels on the driver and executors.
            airflowBody.spec.driver.labels = (airflowBody.spec.driver.labels ?? [:]).merging(taskLabels) { _, n in n }
            airflowBody.spec.executor.labels = (airflowBody.spec.executor.labels ?? [:]).merging(taskLabels) { _, n in n }
            let spec = airflowBody.spec
            try await h.createExample("spark-pi.yaml", name: name) { $0.spec = spec }
            try await h.createExample("bad-fail-application.yaml", name: "broken") { $0.spec.restartPolicy = RestartPolicy(type: .never) }

            // The sensor's view: raw status strings, never an empty state.
            var states: [String] = []
            try await waitUntil("\(name) to be COMPLETED (raw)", timeout: OperatorHarness.patience) {
                let raw = try await h.rawApp(name)
                guard let state = raw["status"]?["applicationState"]?["state"]?.stringValue else { return false }
                if states.last != state { states.append(state) }
                return state == "COMPLETED"
            }
            #expect(!states.contains(""), "a status with state \"\" ends Airflow's SUBMITTED wait early: \(states)")
            #expect(Set(states).isSubset(of: ["SUBMITTED", "RUNNING", "SUCCEEDING", "COMPLETED"]), "\(states)")
            let raw = try await h.rawApp(name)
            #expect(raw["status"]?["driverInfo"]?["podName"]?.stringValue == "\(name)-driver")
            #expect(raw["status"]?["sparkApplicationId"]?.stringValue?.hasPrefix("spark-") == true)
            #expect(raw["status"]?["submissionID"]?.stringValue != nil)
            #expect(raw["status"]?["terminationTime"]?.stringValue != nil)
            #expect(raw["status"]?["lastSubmissionAttemptTime"]?.stringValue != nil)
            #expect(raw["status"]?["executionAttempts"]?.intValue == 1)
            #expect(raw["status"]?["submissionAttempts"]?.intValue == 1)

            // The operator's view: the driver pod by its hard-coded name, logs from its container.
            let driver = try await h.client.get(Pod.self, name: "\(name)-driver", namespace: h.namespace)
            #expect(driver.spec?["containers"]?.arrayValue?.first?["name"]?.stringValue == "spark-kubernetes-driver")
            #expect(driver.metadata.labels?["spark-role"] == "driver")
            for (key, value) in taskLabels { #expect(driver.metadata.labels?[key] == value, "\(key)") }
            #expect(driver.status?.phase == "Succeeded", "success = the driver pod's phase")
            // Reattach: the task's labels plus spark-role=driver find exactly this pod.
            let selector = taskLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            let found = try await h.pods(labelled: selector + ",spark-role=driver")
            #expect(found.map(\.name) == ["\(name)-driver"])
            let executors = try await h.client.list(Pod.self, namespace: h.namespace, options: ListOptions(labelSelector: selector + ",spark-role=executor"))
            #expect(executors.items.allSatisfy { $0.metadata.labels?["dag_id"] == "spark_pi" })

            // The driver pod is not deleted on completion.
            try await h.holds(for: .seconds(1), "the completed driver pod stays") {
                try await h.client.get(Pod.self, name: "\(name)-driver", namespace: h.namespace).status?.phase == "Succeeded"
            }

            // A failure: FAILED with an errorMessage Airflow raises with.
            try await waitUntil("broken to be FAILED (raw)", timeout: OperatorHarness.patience) {
                try await h.rawApp("broken")["status"]?["applicationState"]?["state"]?.stringValue == "FAILED"
            }
            let error = try await h.rawApp("broken")["status"]?["applicationState"]?["errorMessage"]?.stringValue ?? ""
            #expect(error.contains("driver container failed with ExitCode: 101"), "\(error)")
        }
    }
}
