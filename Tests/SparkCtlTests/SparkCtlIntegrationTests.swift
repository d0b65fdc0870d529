import Foundation
import Kube
import KubeTesting
import Logging
import SparkCtl
import SparkOperatorAPI
import Testing

/// sparkctl's commands against the real control plane, through the library's entry point (the
/// arguments the binary would get), output captured.
@Suite("SparkCtlIntegration")
struct SparkCtlIntegrationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let crds = LockedValue<Task<Void, any Error>?>(nil)

    /// `crds/`, once per test process.
    static func installCRDs(_ plane: ControlPlane) async throws {
        let task = crds.withLock { task in
            if let task { return task }
            let started = Task { _ = try await plane.installCRDs(from: repoRoot.appendingPathComponent("crds").path) }
            task = started
            return started
        }
        try await task.value
    }

    struct Bed {
        var plane: ControlPlane
        var client: KubeClient
        var ns: String

        /// Runs `sparkctl --kubeconfig <admin> -n <ns> <arguments>`.
        func ctl(_ arguments: String..., input: String = "", environment: [String: String] = [:]) async -> (code: Int32, out: String, err: String) {
            let captured = CapturedIO(input: Data(input.utf8))
            let code = await SparkCtl.run(
                arguments: ["--kubeconfig", plane.kubeconfigPath, "-n", ns] + arguments, environment: environment,
                io: captured.io)
            return (code, captured.out, captured.err)
        }
    }

    func withBed(waitForServiceAccount: Bool = false, _ body: (Bed) async throws -> Void) async throws {
        let plane = try await ControlPlane.shared()
        try await Self.installCRDs(plane)
        let ns = try await plane.createNamespace(prefix: "ctl", waitForServiceAccount: waitForServiceAccount)
        let client = try KubeClient(kubeconfig: plane.kubeconfigPath)
        do {
            try await body(Bed(plane: plane, client: client, ns: ns))
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        try? await plane.deleteNamespace(ns)
    }

    static func appYAML(_ name: String, namespace: String? = nil) -> String {
        """
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata:
          name: \(name)\(namespace.map { "\n  namespace: \($0)" } ?? "")
        spec:
          type: Scala
          mode: cluster
          image: apache/spark:3.5.1
          mainClass: org.apache.spark.examples.SparkPi
          mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar
          sparkVersion: 3.5.1
          driver: {cores: 1, memory: 512m}
          executor: {instances: 1, cores: 1, memory: 512m}
        """
    }

    @Test func createListStatusEventsDelete() async throws {
        try await withBed(waitForServiceAccount: true) { bed in
            let ns = bed.ns
            // create -f FILE (two documents; the file's namespace is overridden by -n), and -f -
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sparkctl-\(ns).yaml")
            try (Self.appYAML("spark-pi", namespace: "elsewhere") + "\n---\n" + Self.appYAML("etl"))
                .write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let created = await bed.ctl("create", "-f", file.path)
            #expect(created.code == 0, "\(created.err)")
            #expect(
                created.out == """
                    sparkapplication.sparkoperator.k8s.io/spark-pi created
                    sparkapplication.sparkoperator.k8s.io/etl created

                    """)
            let fromStdin = await bed.ctl("create", "-f", "-", input: Self.appYAML("from-stdin"))
            #expect(fromStdin.out == "sparkapplication.sparkoperator.k8s.io/from-stdin created\n", "\(fromStdin.err)")
            let again = await bed.ctl("create", "-f", file.path)
            #expect(again.code == 1)
            #expect(
                again.err == """
                    sparkctl: sparkapplications.sparkoperator.k8s.io "spark-pi" already exists
                    sparkctl: sparkapplications.sparkoperator.k8s.io "etl" already exists

                    """)

            // status written through the status subresource, as the operator does
            var app = try await bed.client.get(SparkApplication.self, name: "spark-pi", namespace: ns)
            var status = SparkApplicationStatus()
            status.state = .running
            status.submissionAttempts = 1
            status.executionAttempts = 1
            status.sparkApplicationId = "spark-0123"
            status.submissionID = "sub-1"
            status.lastSubmissionAttemptTime = KubeTime(Date())
            status.driverInfo = DriverInfo()
            status.driverInfo?.podName = "spark-pi-driver"
            status.driverInfo?.webUIServiceName = "spark-pi-ui-svc"
            status.driverInfo?.webUIPort = 4040
            status.executorState = ["spark-pi-0a1b-exec-1": .running, "spark-pi-0a1b-exec-2": .pending]
            app.status = status
            app = try await bed.client.updateStatus(app)

            let list = await bed.ctl("list")
            #expect(list.code == 0, "\(list.err)")
            let lines = list.out.split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(list.out)")
            #expect(lines.first?.hasPrefix("NAME") == true && lines.first?.hasSuffix("AGE") == true)
            #expect(lines.first { $0.hasPrefix("etl ") } != nil)
            let pi = try #require(lines.first { $0.hasPrefix("spark-pi ") })
            #expect(pi.contains("   RUNNING   1   "), "\(pi)")
            #expect(pi.contains(status.lastSubmissionAttemptTime!.description))

            let shown = await bed.ctl("status", "spark-pi")
            #expect(shown.code == 0, "\(shown.err)")
            for expected in [
                "Name:                 spark-pi", "Namespace:            \(ns)", "State:                RUNNING",
                "Submission Attempts:  1", "Driver Pod:           spark-pi-driver", "Driver UI:            spark-pi-ui-svc:4040",
                "Termination Time:     <none>", "  1   spark-pi-0a1b-exec-1  RUNNING", "  2   spark-pi-0a1b-exec-2  PENDING",
            ] {
                #expect(shown.out.contains(expected), "\(expected) in\n\(shown.out)")
            }

            // events of the app and of its driver pod; not another app's
            func event(_ name: String, kind: String, object: String, uid: String?, reason: String, type: String = "Normal", message: String) async throws {
                _ = try await bed.client.create(
                    Event(
                        metadata: ObjectMeta(name: name, namespace: ns),
                        involvedObject: ObjectReference(
                            apiVersion: kind == "Pod" ? "v1" : "sparkoperator.k8s.io/v1beta2", kind: kind, namespace: ns,
                            name: object, uid: uid),
                        reason: reason, message: message, type: type, count: 1, firstTimestamp: KubeTime(Date()),
                        lastTimestamp: KubeTime(Date()), source: Event.EventSource(component: "spark-operator")))
            }
            try await event("e1", kind: "SparkApplication", object: "spark-pi", uid: app.metadata.uid, reason: "SparkApplicationSubmitted", message: "SparkApplication spark-pi was submitted successfully")
            try await event("e2", kind: "Pod", object: "spark-pi-driver", uid: nil, reason: "Started", message: "Started container spark-kubernetes-driver")
            try await event("e3", kind: "SparkApplication", object: "etl", uid: nil, reason: "SparkApplicationSubmitted", message: "not this one")
            let events = await bed.ctl("events", "spark-pi")
            #expect(events.code == 0, "\(events.err)")
            let eventLines = events.out.split(separator: "\n").map(String.init)
            #expect(eventLines.count == 3, "\(events.out)")
            #expect(eventLines.first?.hasPrefix("LAST SEEN   TYPE      REASON") == true, "\(events.out)")
            #expect(events.out.contains("Normal    SparkApplicationSubmitted   sparkapplication/spark-pi   SparkApplication spark-pi was submitted successfully"))
            #expect(events.out.contains("pod/spark-pi-driver"))
            #expect(!events.out.contains("not this one"))

            // log through the API server: no driver pod yet; then a pod on no node, whose log the
            // API server answers as empty (it has no kubelet to ask)
            let noPod = await bed.ctl("log", "spark-pi")
            #expect(noPod.code == 1)
            #expect(noPod.err == "sparkctl: pods \"spark-pi-driver\" not found\n")
            _ = try await bed.client.create(
                try YAML.decode(
                    Pod.self,
                    from: """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: spark-pi-driver, namespace: \(ns)}
                        spec: {containers: [{name: spark-kubernetes-driver, image: apache/spark:3.5.1}]}
                        """))
            let log = await bed.ctl("log", "spark-pi")
            #expect(log.code == 0 && log.out.isEmpty && log.err.isEmpty, "\(log)")
            let followed = await bed.ctl("log", "spark-pi", "--follow")
            #expect(followed.code == 0 && followed.out.isEmpty && followed.err.isEmpty, "\(followed)")
            let noDriver = await bed.ctl("log", "etl")
            #expect(noDriver.err == "sparkctl: sparkapplication \"etl\" has no driver pod yet (state: new)\n")
            let noExecutor = await bed.ctl("log", "spark-pi", "--executor", "7")
            #expect(noExecutor.err == "sparkctl: executor \"7\" of sparkapplication \"spark-pi\" not found (executors: 1, 2)\n")

            let deleted = await bed.ctl("delete", "spark-pi", "etl")
            #expect(deleted.code == 0, "\(deleted.err)")
            #expect(
                deleted.out == """
                    sparkapplication.sparkoperator.k8s.io "spark-pi" deleted
                    sparkapplication.sparkoperator.k8s.io "etl" deleted

                    """)
            let missing = await bed.ctl("status", "spark-pi")
            #expect(missing.code == 1)
            #expect(missing.out.isEmpty)
            #expect(missing.err == "sparkctl: sparkapplications.sparkoperator.k8s.io \"spark-pi\" not found\n")
            let deleteMissing = await bed.ctl("delete", "etl")
            #expect(deleteMissing.err == "sparkctl: sparkapplications.sparkoperator.k8s.io \"etl\" not found\n")
        }
    }

    @Test func createFromAScheduledSparkApplication() async throws {
        try await withBed { bed in
            let ns = bed.ns
            let yaml = """
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: ScheduledSparkApplication
                metadata: {name: nightly, namespace: \(ns), labels: {team: data}}
                spec:
                  schedule: "@every 1h"
                  concurrencyPolicy: Allow
                  template:
                    type: Python
                    mode: cluster
                    image: apache/spark:3.5.1
                    mainApplicationFile: local:///opt/spark/examples/src/main/python/pi.py
                    sparkVersion: 3.5.1
                    driver: {cores: 1, memory: 512m}
                    executor: {instances: 2, memory: 512m}
                """
            let schedule = try await bed.client.create(try YAML.decode(ScheduledSparkApplication.self, from: yaml))
            let created = await bed.ctl("create", "nightly-manual", "--from", "scheduledsparkapplication/nightly")
            #expect(created.code == 0, "\(created.err)")
            #expect(created.out == "sparkapplication.sparkoperator.k8s.io/nightly-manual created\n")
            let run = try await bed.client.get(SparkApplication.self, name: "nightly-manual", namespace: ns)
            #expect(run.spec == schedule.spec.template)
            #expect(run.metadata.labels == ["team": "data", "sparkoperator.k8s.io/scheduled-app-name": "nightly"])
            let owner = try #require(run.metadata.ownerReferences?.first)
            #expect(owner.kind == "ScheduledSparkApplication" && owner.name == "nightly" && owner.uid == schedule.metadata.uid)

            let bare = await bed.ctl("create", "nightly-2", "--from", "nightly")
            #expect(bare.out == "sparkapplication.sparkoperator.k8s.io/nightly-2 created\n", "\(bare.err)")
            let missing = await bed.ctl("create", "x", "--from", "scheduledsparkapplication/nope")
            #expect(missing.code == 1)
            #expect(missing.err == "sparkctl: scheduledsparkapplications.sparkoperator.k8s.io \"nope\" not found\n")
        }
    }

    /// A pod run by the process kubelet: `log` reads what it printed from the kubelet's pod-log
    /// directory; `log --follow` prints it as it comes and returns when the pod has ended.
    @Test func logReadsTheProcessKubeletsPodLog() async throws {
        try await withBed(waitForServiceAccount: true) { bed in
            let ns = bed.ns
            var logger = Logger(label: "process-kubelet")
            logger.logLevel = .warning
            let kubelet = try ProcessKubelet(
                client: bed.client, configuration: try ProcessKubelet.installedSpark(controlPlane: bed.plane), namespace: ns,
                logger: logger)
            let directory = kubelet.configuration.workDirectory
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await kubelet.run() }
                defer { group.cancelAll() }

                _ = try await bed.client.create(
                    try YAML.decode(SparkApplication.self, from: Self.appYAML("logged", namespace: ns)))
                var app = try await bed.client.get(SparkApplication.self, name: "logged", namespace: ns)
                var status = SparkApplicationStatus()
                status.state = .running
                status.driverInfo = DriverInfo()
                status.driverInfo?.podName = "logged-driver"
                app.status = status
                _ = try await bed.client.updateStatus(app)
                _ = try await bed.client.create(
                    try YAML.decode(
                        Pod.self,
                        from: """
                            apiVersion: v1
                            kind: Pod
                            metadata: {name: logged-driver, namespace: \(ns)}
                            spec:
                              terminationGracePeriodSeconds: 5
                              containers:
                              - name: spark-kubernetes-driver
                                image: apache/spark:3.5.1
                                command: ["/bin/sh", "-c", "echo hello; sleep 1; echo bye"]
                            """))

                // --follow from before the pod starts until it has ended
                let started = ContinuousClock.now
                let followed = await bed.ctl("log", "logged", "--follow", "--pod-log-dir", directory)
                #expect(followed.code == 0, "\(followed.err)")
                #expect(followed.out == "hello\nbye\n")
                #expect(started.duration(to: .now) < .seconds(60))
                let phase = try await bed.client.get(Pod.self, name: "logged-driver", namespace: ns).status?.phase
                #expect(phase == "Succeeded")

                // without --follow, from the environment variable
                let whole = await bed.ctl("log", "logged", environment: ["SPARKCTL_POD_LOG_DIR": directory])
                #expect(whole.code == 0, "\(whole.err)")
                #expect(whole.out.contains("hello"))
                #expect(whole.out == kubelet.log(namespace: ns, name: "logged-driver"))
            }
        }
    }
}
