import Foundation
import Kube
import KubeTesting
import SparkOperator
import SparkOperatorAPI
import Testing

/// Drivers run until deleted; executors as usual.
let driversRunForever: SimulatedKubelet.Behaviour = { pod in
    pod.metadata.labels?["spark-role"] == "driver" ? .runsForever : .default(for: pod)
}

extension SparkApplicationIntegrationTests {
    @Test("suspend while RUNNING → SUSPENDING → SUSPENDED without a driver; resume → RESUMING → a new submission")
    func suspendAndResume() async throws {
        try await OperatorHarness.run(prefix: "suspend", behaviour: driversRunForever) { h in
            // Bound to a node: deleting the driver is graceful, SUSPENDING waits for it.
            try await h.createExample("spark-pi.yaml") { $0.spec.driver.template = ["spec": ["nodeName": "node-1"]] }
            let running = try await h.waitForState("spark-pi", .running)
            let firstID = try #require(running.status?.submissionID)
            try await waitUntil("the executor to run", timeout: OperatorHarness.patience) {
                try await h.pods(labelled: "spark-role=executor").contains { $0.status?.phase == "Running" }
            }

            try await h.patchSpec("spark-pi", ["suspend": true])
            let suspended = try await h.waitForState("spark-pi", .suspended)
            #expect(suspended.status?.submissionID == nil)
            #expect(suspended.status?.driverInfo?.podName == nil)
            #expect(suspended.status?.submissionAttempts == 1, "suspending is not a new attempt")
            try await h.waitUntilGone(Pod.self, "spark-pi-driver")
            // The kubelet records its delete when the answer arrives, which may be after the
            // test saw the pod gone.
            _ = try await h.kubelet.journal.waitFor(namespace: h.namespace, name: "spark-pi-driver", "deleted gracefully") {
                $0.kind == .deletedWithGracePeriodZero
            }
            try await waitUntil("the executors to be gone", timeout: OperatorHarness.patience) { try await h.pods(labelled: "spark-role=executor").isEmpty }
            // Stays suspended.
            try await h.holds(for: .seconds(1), "spark-pi stays SUSPENDED without a driver") {
                let state = try await h.app("spark-pi").status?.state
                let pods = try await h.pods(labelled: "sparkoperator.k8s.io/app-name=spark-pi")
                return state == .suspended && pods.isEmpty
            }

            try await h.patchSpec("spark-pi", ["suspend": false])
            let resumed = try await h.waitFor("spark-pi", "running a new submission") { app in
                app.status?.state == .running && app.status?.submissionID != nil && app.status?.submissionID != firstID
            }
            #expect(resumed.status?.submissionAttempts == 2)
            let driver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)
            #expect(driver.metadata.labels?[SparkLabels.submissionID] == resumed.status?.submissionID)

            let counts = try await h.eventCounts(
                for: "spark-pi", awaiting: ["SparkApplicationSubmitted": 2, "SparkApplicationResuming": 1])
            for reason in ["SparkApplicationSuspending", "SparkApplicationSuspended", "SparkApplicationResuming"] {
                #expect(counts[reason] == 1, "\(reason): \(counts)")
            }
            #expect(counts["SparkApplicationSubmitted"] == 2, "\(counts)")
            // Changing only `suspend` is not a spec change that invalidates the application.
            #expect(counts["SparkApplicationPendingRerun"] == nil, "\(counts)")
            #expect(h.drivers.maxAtOnce(app: "spark-pi") == 1)
        }
    }

    @Test("a spec edit while RUNNING → INVALIDATING → the old driver deleted → resubmitted with attempts reset; TTL edits do not")
    func specEditResubmits() async throws {
        try await OperatorHarness.run(prefix: "invalidate", behaviour: driversRunForever) { h in
            // Bound to a node: the old driver terminates gracefully, and the new submission must
            // wait until it is gone (kubeflow #2283: "driver pod already exist").
            try await h.createExample("spark-pi.yaml") { $0.spec.driver.template = ["spec": ["nodeName": "node-1"]] }
            let running = try await h.waitForState("spark-pi", .running)
            let firstID = try #require(running.status?.submissionID)
            let firstDriver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)

            // timeToLiveSeconds only: nothing happens to the running driver.
            try await h.patchSpec("spark-pi", ["timeToLiveSeconds": 3600])
            try await h.holds(for: .seconds(2), "the first driver keeps running") {
                let app = try await h.app("spark-pi")
                let driver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)
                return app.status?.state == .running && app.status?.submissionID == firstID && driver.metadata.uid == firstDriver.metadata.uid
            }

            try await h.patchSpec("spark-pi", ["arguments": ["10"]])
            let resubmitted = try await h.waitFor("spark-pi", "running a new submission") { app in
                app.status?.state == .running && app.status?.submissionID != nil && app.status?.submissionID != firstID
            }
            #expect(resubmitted.status?.submissionAttempts == 1, "attempts are reset")
            #expect(resubmitted.status?.executionAttempts == 1)
            let driver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)
            #expect(driver.metadata.uid != firstDriver.metadata.uid)
            #expect(driver.metadata.labels?[SparkLabels.submissionID] == resubmitted.status?.submissionID)
            #expect(driver.spec?["containers"]?.arrayValue?.first?["args"]?.arrayValue?.last?.stringValue == "10", "built from the new spec")
            let drivers = h.drivers.seen(app: "spark-pi")
            #expect(drivers.count == 2, "\(drivers)")
            _ = try await h.kubelet.journal.waitFor(namespace: h.namespace, name: "spark-pi-driver", "the old driver deleted gracefully") {
                $0.uid == firstDriver.metadata.uid && $0.kind == .deletedWithGracePeriodZero
            }
            #expect(h.drivers.maxAtOnce(app: "spark-pi") == 1)
            let counts = try await h.eventCounts(for: "spark-pi", awaiting: ["SparkApplicationSubmitted": 2])
            #expect(counts["SparkApplicationPendingRerun"] == 1, "\(counts)")
            #expect(counts["SparkApplicationSubmitted"] == 2, "\(counts)")
            // The first submission's ConfigMap went with it.
            let configMaps = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=spark-pi")
            #expect(configMaps.map { $0.metadata.labels?[SparkLabels.submissionID] } == [resubmitted.status?.submissionID])
        }
    }

    @Test("spark-pi-ttl.yaml with timeToLiveSeconds 2: deleted ~2 s after termination; the GC removes its objects")
    func timeToLiveDeletesTheApplication() async throws {
        try await OperatorHarness.run(prefix: "ttl") { h in
            let app = try await h.createExample("spark-pi-ttl.yaml") { $0.spec.timeToLiveSeconds = 2 }
            let done = try await h.waitForState("spark-pi-ttl", .completed)
            let terminated = try #require(done.status?.terminationTime?.date)
            let submissionID = try #require(done.status?.submissionID)
            let owned = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=spark-pi-ttl").map(\.name)
            #expect(!owned.isEmpty)

            try await h.waitUntilGone(SparkApplication.self, "spark-pi-ttl")
            let goneAfter = Date().timeIntervalSince(terminated)
            #expect(goneAfter >= 1.9, "deleted \(goneAfter) s after termination")
            #expect(goneAfter < 15, "deleted \(goneAfter) s after termination")

            // The garbage collector deletes what the application owned.
            try await h.waitUntilGone(Pod.self, "spark-pi-ttl-driver")
            try await h.waitUntilGone(KubeService.self, "spark-pi-ttl-ui-svc")
            for name in owned { try await h.waitUntilGone(ConfigMap.self, name) }
            try await waitUntil("every object of the submission to be gone", timeout: OperatorHarness.patience) {
                let services = try await h.list(KubeService.self, labelled: "sparkoperator.k8s.io/submission-id=\(submissionID)")
                let pods = try await h.pods(labelled: "sparkoperator.k8s.io/app-name=spark-pi-ttl")
                return services.isEmpty && pods.isEmpty
            }
            #expect(app.metadata.uid != nil)
            let counts = try await h.eventCounts(for: "spark-pi-ttl", awaiting: ["SparkApplicationCompleted": 1])
            #expect(counts["SparkApplicationCompleted"] == 1, "\(counts)")
        }
    }

    @Test("deleting a RUNNING application: its driver, executors, Services and ConfigMap are collected, nothing recreated")
    func deletingARunningApplication() async throws {
        try await OperatorHarness.run(prefix: "delete", behaviour: driversRunForever) { h in
            try await h.createExample("spark-pi.yaml")
            try await h.waitForState("spark-pi", .running)
            try await waitUntil("the executor to run", timeout: OperatorHarness.patience) {
                try await h.pods(labelled: "spark-role=executor").contains { $0.status?.phase == "Running" }
            }
            let configMaps = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=spark-pi")
            let services = try await h.list(KubeService.self, labelled: "sparkoperator.k8s.io/app-name=spark-pi")
            #expect(!configMaps.isEmpty)
            #expect(services.count >= 2, "the driver's and the UI's: \(services.map(\.name))")

            try await h.client.delete(SparkApplication.self, name: "spark-pi", namespace: h.namespace)
            try await h.waitUntilGone(SparkApplication.self, "spark-pi")
            try await waitUntil("the pods, Services and ConfigMaps of spark-pi to be gone", timeout: OperatorHarness.patience) {
                let pods = try await h.pods(labelled: "sparkoperator.k8s.io/app-name=spark-pi")
                let services = try await h.list(KubeService.self, labelled: "sparkoperator.k8s.io/app-name=spark-pi")
                let configMaps = try await h.list(ConfigMap.self, labelled: "sparkoperator.k8s.io/app-name=spark-pi")
                return pods.isEmpty && services.isEmpty && configMaps.isEmpty
            }
            try await h.holds(for: .seconds(1), "nothing of spark-pi is recreated") {
                try await h.pods(labelled: "sparkoperator.k8s.io/app-name=spark-pi").isEmpty
            }
            #expect(h.drivers.seen(app: "spark-pi").count == 1)
        }
    }

    /// Graceful: the driver is bound to a node, the kubelet terminates it (exit 143) and then
    /// deletes it; immediate: unbound, it is gone at once and only the watch's DELETED event
    /// tells how it was when it went.
    @Test("the driver pod deleted while RUNNING → FAILED saying the driver was deleted; executors cleaned up",
          arguments: [true, false])
    func driverDeletedWhileRunning(graceful: Bool) async throws {
        try await OperatorHarness.run(prefix: "driverdel", behaviour: driversRunForever) { h in
            try await h.createExample("spark-pi.yaml") { app in
                if graceful { app.spec.driver.template = ["spec": ["nodeName": "node-1"]] }
            }
            try await h.waitForState("spark-pi", .running)
            try await waitUntil("the executor to run", timeout: OperatorHarness.patience) {
                try await h.pods(labelled: "spark-role=executor").contains { $0.status?.phase == "Running" }
            }
            let result = try await h.cp.kubectl("delete", "pod", "spark-pi-driver", "-n", h.namespace, "--wait=false")
            #expect(result.succeeded, "\(result)")
            let failed = try await h.waitForState("spark-pi", .failed)
            let message = failed.status?.applicationState?.errorMessage ?? ""
            #expect(message.contains("deleted"), "\(message)")
            #expect(message.contains("spark-pi-driver"), "\(message)")
            #expect(failed.status?.terminationTime != nil)
            try await waitUntil("the executors to be gone", timeout: OperatorHarness.patience) { try await h.pods(labelled: "spark-role=executor").isEmpty }
            let final = try await h.waitFor("spark-pi", "without live executors in its status") { app in
                app.status?.executorState?.values.allSatisfy { $0 == .failed } ?? true
            }
            #expect(final.status?.executorState?.isEmpty == false)
            #expect(h.drivers.seen(app: "spark-pi").count == 1, "not resubmitted (restartPolicy Never)")
            try await h.waitUntilGone(Pod.self, "spark-pi-driver")
            if graceful {
                // Recorded when the kubelet's DELETE answers, which may be after the test saw the pod gone.
                _ = try await h.kubelet.journal.waitFor(namespace: h.namespace, name: "spark-pi-driver", "deleted with grace period 0") {
                    $0.kind == .deletedWithGracePeriodZero
                }
            } else {
                #expect(!h.kubelet.journal.all.contains { $0.name == "spark-pi-driver" && $0.kind == .deletedWithGracePeriodZero },
                        "an unbound pod is deleted by the API server at once; the kubelet has nothing to finish")
            }
            let counts = try await h.eventCounts(for: "spark-pi", awaiting: ["SparkApplicationFailed": 1])
            #expect(counts["SparkApplicationFailed"] == 1, "\(counts)")
        }
    }

    @Test("driverPendingTimeout 3 s and an image that does not exist → FAILED with the image pull error")
    func pendingTimeoutFailsAStuckDriver() async throws {
        let options: (String) -> OperatorOptions = { ns in
            var o = OperatorOptions(namespaces: [ns])
            o.reconciler.stateMachine.driverPendingTimeout = .seconds(3)
            return o
        }
        try await OperatorHarness.run(prefix: "pendingto", options: options) { h in
            try await h.createExample("spark-pi.yaml") { $0.spec.image = "docker.io/apache/spark-nonexistent:4.0.4" }
            let started = Date()
            let failed = try await h.waitForState("spark-pi", .failed)
            let message = failed.status?.applicationState?.errorMessage ?? ""
            #expect(message.contains("ErrImagePull") || message.contains("ImagePullBackOff"), "\(message)")
            #expect(message.contains("spark-nonexistent"), "\(message)")
            #expect(Date().timeIntervalSince(started) >= 2, "not before the timeout")
            let driver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)
            #expect(driver.status?.phase == "Pending", "kept for inspection")
        }
    }

    @Test("without driverPendingTimeout a driver that cannot pull its image stays SUBMITTED (kubeflow)")
    func withoutPendingTimeoutAStuckDriverStaysSubmitted() async throws {
        try await OperatorHarness.run(prefix: "pendingno") { h in
            try await h.createExample("spark-pi.yaml") { $0.spec.image = "docker.io/apache/spark-nonexistent:4.0.4" }
            try await h.waitForState("spark-pi", .submitted)
            try await waitUntil("the driver to be in ImagePullBackOff", timeout: OperatorHarness.patience) {
                let driver = try await h.client.get(Pod.self, name: "spark-pi-driver", namespace: h.namespace)
                return driver.status?.containerStatuses?.first?.state?.waiting?.reason == "ImagePullBackOff"
            }
            try await h.holds(for: .seconds(4), "spark-pi stays SUBMITTED") {
                try await h.app("spark-pi").status?.state == .submitted
            }
        }
    }
}
