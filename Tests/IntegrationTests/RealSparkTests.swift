import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

/// Real Spark 3.5.1 (pyspark's JVM and Python) through the operator binary: the driver starts
/// from the pod and `spark.properties` the operator built, talks to the API server with its
/// service-account token, creates executors from the operator's executor pod template; the
/// process kubelet runs them all as local processes. The short cases run in `make test`; all in
/// `make e2e`.
@Suite("RealSparkIntegration", .serialized)
struct RealSparkTests {
    /// (a) + (b): examples/pi.py computes π on two executors, and the executors see
    /// `spec.executor.env`, a ConfigMap volume from `spec.volumes` and a label from
    /// `spec.executor.labels` (through the downward API).
    @Test func pythonPiComputesPiOnTwoExecutorsThatSeeTheSpec() async throws {
        try await RealSparkBed.run("(a)+(b) Python SparkPi, 2 executors, executor env/volume/label") { bed in
            try await bed.apply(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: e2e-probe}
                data: {probe.txt: volume-from-spec}
                ---
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: py-pi}
                spec:
                  type: Python
                  pythonVersion: "3"
                  mode: cluster
                  image: ghcr.io/spark-operator-swift/spark-py-examples:3.5.1
                  mainApplicationFile: local:///opt/spark-operator/examples/pi.py
                  arguments: ["4", "--report-env", "E2E_ENV,E2E_LABEL", "--report-file", "/etc/e2e-probe/probe.txt"]
                  sparkVersion: 3.5.1
                  restartPolicy: {type: Never}
                  volumes:
                  - name: probe
                    configMap: {name: e2e-probe}
                  driver:
                    cores: 1
                    memory: 512m
                    serviceAccount: spark-operator-spark
                  executor:
                    instances: 2
                    cores: 1
                    memory: 512m
                    labels: {e2e-probe: label-from-spec}
                    env:
                    - {name: E2E_ENV, value: env-from-spec}
                    - name: E2E_LABEL
                      valueFrom: {fieldRef: {fieldPath: "metadata.labels['e2e-probe']"}}
                    volumeMounts:
                    - {name: probe, mountPath: /etc/e2e-probe}
                """)
            let app = try await bed.waitForState(.completed, of: "py-pi")
            let log = bed.kubelet.log(namespace: bed.namespace, name: "py-pi-driver")
            #expect(log.contains("Pi is roughly 3.1"), "driver log:\n\(log.suffix(4000))")
            let executorLines = log.split(separator: "\n").filter { $0.hasPrefix("executor pod ") }
            #expect(executorLines.count == 2, "both executors ran tasks:\n\(executorLines.joined(separator: "\n"))")
            for line in executorLines {
                #expect(line.contains("('E2E_ENV', 'env-from-spec')"), "\(line)")
                #expect(line.contains("('E2E_LABEL', 'label-from-spec')"), "\(line)")
                #expect(line.contains("('/etc/e2e-probe/probe.txt', 'volume-from-spec')"), "\(line)")
            }
            let executors = Set(app.status?.executorState?.keys.map { $0 } ?? [])
            #expect(executors.count == 2, "executorState: \(app.status?.executorState ?? [:])")
            for executor in executors {
                let ran = bed.kubelet.events(namespace: bed.namespace, name: executor)
                #expect(ran.contains { if case .processStarted = $0.kind { true } else { false } }, "\(executor): \(ran)")
            }
        }
    }

    /// (c): a driver whose script exits 1 fails with the exit code in `errorMessage`; with
    /// `OnFailure` and `onFailureRetries: 1` it runs twice before FAILED.
    @Test func failingScriptIsRetriedThenFailsWithItsExitCode() async throws {
        try await RealSparkBed.run("(c) script exits 1, OnFailure with 1 retry") { bed in
            try await bed.apply(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: failing-script}
                data:
                  fail.py: |
                    import sys
                    print("failing on purpose", flush=True)
                    sys.exit(1)
                ---
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: fails}
                spec:
                  type: Python
                  pythonVersion: "3"
                  mode: cluster
                  image: ghcr.io/spark-operator-swift/spark-py-examples:3.5.1
                  mainApplicationFile: local:///opt/scripts/fail.py
                  sparkVersion: 3.5.1
                  restartPolicy: {type: OnFailure, onFailureRetries: 1, onFailureRetryInterval: 1}
                  volumes:
                  - name: scripts
                    configMap: {name: failing-script}
                  driver:
                    cores: 1
                    memory: 512m
                    serviceAccount: spark-operator-spark
                    volumeMounts:
                    - {name: scripts, mountPath: /opt/scripts}
                  executor: {instances: 1, cores: 1, memory: 512m}
                """)
            let app = try await bed.waitForState(.failed, of: "fails")
            let message = app.status?.applicationState?.errorMessage ?? ""
            #expect(message.contains("ExitCode: 1"), "errorMessage: \(message)")
            let runs = bed.kubelet.events(namespace: bed.namespace, name: "fails-driver").filter {
                if case .processExited(let code) = $0.kind { return code == 1 }
                return false
            }
            #expect(runs.count == 2, "driver runs that exited 1: \(runs)")
            #expect(app.status?.executionAttempts == 2, "executionAttempts: \(String(describing: app.status?.executionAttempts))")
            #expect(bed.kubelet.log(namespace: bed.namespace, name: "fails-driver").contains("failing on purpose"))
        }
    }

    /// (d): an image the kubelet cannot pull keeps the driver Pending (ErrImagePull,
    /// ImagePullBackOff) until the operator's `--driver-pending-timeout` fails the attempt.
    @Test func unknownImageFailsThroughThePendingTimeout() async throws {
        try await RealSparkBed.run("(d) unknown image, --driver-pending-timeout 5", operatorFlags: ["--driver-pending-timeout", "5"]) { bed in
            try await bed.apply(
                """
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: no-image}
                spec:
                  type: Python
                  mode: cluster
                  image: registry.example.com/does-not-exist:1.0
                  mainApplicationFile: local:///opt/app/main.py
                  sparkVersion: 3.5.1
                  restartPolicy: {type: Never}
                  driver: {cores: 1, memory: 512m, serviceAccount: spark-operator-spark}
                  executor: {instances: 1, cores: 1, memory: 512m}
                """)
            let app = try await bed.waitForState(.failed, of: "no-image", timeout: .seconds(60))
            let message = app.status?.applicationState?.errorMessage ?? ""
            #expect(message.contains("pending"), "errorMessage: \(message)")
            #expect(message.contains("ImagePullBackOff") || message.contains("ErrImagePull"), "errorMessage: \(message)")
            let reasons = bed.kubelet.events(namespace: bed.namespace, name: "no-image-driver").compactMap { event -> String? in
                if case .statusWritten(_, let reason) = event.kind { return reason }
                return nil
            }
            #expect(reasons.contains("ErrImagePull"), "\(reasons)")
        }
    }

    /// (e): a ScheduledSparkApplication `@every 30s` completes two real runs and keeps only the
    /// last successful one (`successfulRunHistoryLimit: 1`). Full e2e only (over a minute).
    @Test(.enabled(if: RealSparkBed.full, "SPARK_E2E=full (make e2e)"))
    func scheduledEvery30sCompletesTwoRealRunsAndPrunesHistory() async throws {
        try await RealSparkBed.run("(e) ScheduledSparkApplication @every 30s, 2 runs, history 1") { bed in
            try await bed.apply(
                """
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: ScheduledSparkApplication
                metadata: {name: every30}
                spec:
                  schedule: "@every 30s"
                  concurrencyPolicy: Forbid
                  successfulRunHistoryLimit: 1
                  failedRunHistoryLimit: 1
                  template:
                    type: Python
                    pythonVersion: "3"
                    mode: cluster
                    image: ghcr.io/spark-operator-swift/spark-py-examples:3.5.1
                    mainApplicationFile: local:///opt/spark-operator/examples/pi.py
                    arguments: ["2"]
                    sparkVersion: 3.5.1
                    restartPolicy: {type: Never}
                    driver: {cores: 1, memory: 512m, serviceAccount: spark-operator-spark}
                    executor: {instances: 1, cores: 1, memory: 512m}
                """)
            var completedRuns: Set<String> = []
            try await waitUntil("two completed runs of every30", timeout: .seconds(150), interval: .seconds(1)) {
                let apps = try await bed.client.list(SparkApplication.self, namespace: bed.namespace).items
                for app in apps where app.status?.applicationState?.state == .completed {
                    completedRuns.insert(app.metadata.name ?? "")
                }
                return completedRuns.count >= 2
            }
            for run in completedRuns {
                #expect(bed.kubelet.log(namespace: bed.namespace, name: "\(run)-driver").contains("Pi is roughly 3.1"), "\(run)")
            }
            try await waitUntil("history pruned to 1 successful run", timeout: .seconds(40), interval: .milliseconds(500)) {
                let scheduled = try await bed.client.get(ScheduledSparkApplication.self, name: "every30", namespace: bed.namespace)
                let apps = try await bed.client.list(SparkApplication.self, namespace: bed.namespace).items
                let finished = apps.filter { $0.status?.applicationState?.state == .completed }
                return (scheduled.status?.pastSuccessfulRunNames?.count ?? 0) == 1 && finished.count == 1
            }
        }
    }
}
