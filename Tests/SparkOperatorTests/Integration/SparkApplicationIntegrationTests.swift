import Foundation
import Kube
import KubeTesting
import SparkOperator
import SparkOperatorAPI
import Testing

/// The operator end to end: its controller, a simulated kubelet and the real API server and
/// garbage collector. Each test has its own namespace; the tests run in parallel.
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

            let counts = try await h.eventCounts(
                for: "spark-pi", awaiting: ["SparkApplicationSubmitted": 1, "SparkDriverRunning": 1, "SparkApplicationCompleted": 1])
            #expect(counts["SparkApplicationCompleted"] == 1, "\(counts)")
            #expect(counts["SparkApplicationSubmitted"] == 1, "\(counts)")
        }
    }

    // MARK: - every kubeflow example

    /// The example files holding a SparkApplication, except the two meant to fail.
    static let completingExamples: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: OperatorHarness.examplesDirectory.path)) ?? []
        return files.filter { file in
            guard file.hasSuffix(".yaml"), !file.hasPrefix("bad-"),
                  let docs = try? OperatorHarness.exampleDocuments(file)
            else { return false }
            return docs.contains { $0["kind"]?.stringValue == "SparkApplication" }
        }.sorted()
    }()

    @Test("the examples' list holds every kubeflow example with a SparkApplication")
    func examplesAreFound() {
        #expect(Self.completingExamples.count == 13, "\(Self.completingExamples)")
        #expect(Self.completingExamples.contains("spark-pi-pod-template.yaml"))
        #expect(!Self.completingExamples.contains("spark-pi-scheduled.yaml"))
    }

    /// kubeflow ignores `spec.batchScheduler` unless it runs with `--enable-batch-scheduler`
    /// (off by default): the volcano, yunikorn and kube-scheduler examples run as plain
    /// applications, with no PodGroup. (With the flag on, see `batchSchedulerWithoutItsCRDs`.)
    @Test("every kubeflow example reaches COMPLETED", arguments: completingExamples)
    func exampleCompletes(file: String) async throws {
        let example = try OperatorHarness.example(file)
        let name = example.name
        try await OperatorHarness.run(prefix: "example") { h in
            try await h.createSupportingObjects(of: file)
            if file == "spark-pi-configmap.yaml" {
                // Mounted by the example, created by its user beforehand (not in the file).
                _ = try await h.client.create(ConfigMap(
                    metadata: ObjectMeta(name: "test-configmap", namespace: h.namespace), data: ["KEY1": "VALUE1"]))
            }
            try await h.createExample(file)
            let done = try await h.waitForState(name, .completed)
            let status = try #require(done.status)
            #expect(status.submissionAttempts == 1)
            #expect(status.executionAttempts == 1)
            let driverName = try #require(status.driverInfo?.podName)
            #expect(driverName == "\(name)-driver")
            let driver = try await h.client.get(Pod.self, name: driverName, namespace: h.namespace)
            #expect(driver.status?.phase == "Succeeded")
            #expect(status.executorState?.count == Self.initialExecutors(example.spec), "\(status.executorState ?? [:])")
            #expect(status.executorState?.values.allSatisfy { $0 == .completed } == true, "\(status.executorState ?? [:])")
            #expect(h.drivers.seen(app: name).count == 1)

            if example.spec.monitoring != nil {
                let conf = try await h.client.get(ConfigMap.self, name: "\(name)-prom-conf", namespace: h.namespace)
                #expect(conf.data?["prometheus.yaml"] != nil)
                #expect((driver.spec?["volumes"]?.arrayValue ?? []).contains { $0["configMap"]?["name"]?.stringValue == "\(name)-prom-conf" })
            }
            if example.spec.batchScheduler != nil {
                #expect(driver.metadata.annotations?["scheduling.k8s.io/group-name"] == nil)
                #expect(driver.metadata.annotations?["yunikorn.apache.org/task-groups"] == nil)
                #expect(driver.metadata.labels?["scheduling.x-k8s.io/pod-group"] == nil)
            }
        }
    }

    /// Executors a Spark driver asks for at start (as the simulated driver does).
    static func initialExecutors(_ spec: SparkApplicationSpec) -> Int {
        let instances = Int(spec.executor.instances ?? 2)
        guard spec.dynamicAllocation?.enabled == true else { return instances }
        let da = spec.dynamicAllocation
        return max(1, Int(da?.minExecutors ?? 0), Int(da?.initialExecutors ?? da?.minExecutors ?? 0), Int(spec.executor.instances ?? 0))
    }

    /// With `--enable-batch-scheduler`, an application naming a scheduler the cluster cannot
    /// serve fails its submission with a message that says why, as kubeflow does.
    @Test("batch scheduling on: volcano without its PodGroup CRD, or an unknown scheduler → FAILED, saying why")
    func batchSchedulerWithoutItsCRDs() async throws {
        let options: (String) -> OperatorOptions = { ns in
            var o = OperatorOptions(namespaces: [ns])
            o.reconciler.submission.enableBatchScheduler = true
            return o
        }
        try await OperatorHarness.run(prefix: "batch", options: options) { h in
            try await h.createExample("spark-pi-volcano.yaml")
            try await h.createExample("spark-pi-kube-scheduler.yaml")
            let volcano = try await h.waitForState("spark-pi-volcano", .failed)
            let volcanoError = volcano.status?.applicationState?.errorMessage ?? ""
            #expect(volcanoError.contains("scheduling.volcano.sh/v1beta1"), "\(volcanoError)")
            #expect(volcanoError.contains("PodGroup"), "\(volcanoError)")
            let kubeScheduler = try await h.waitForState("spark-pi-kube-scheduler", .failed)
            let ksError = kubeScheduler.status?.applicationState?.errorMessage ?? ""
            #expect(ksError.contains("kube-scheduler"), "\(ksError)")
            #expect(ksError.contains("unknown batch scheduler"), "\(ksError)")
            #expect(try await h.pods(labelled: "spark-role=driver").isEmpty)
            let counts = try await h.eventCounts(for: "spark-pi-volcano", awaiting: ["SparkApplicationFailed": 1])
            #expect(counts["SparkApplicationSubmissionFailed"] == 1, "\(counts)")
        }
    }
}
