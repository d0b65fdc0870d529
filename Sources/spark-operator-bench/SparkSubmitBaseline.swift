import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `apps --baseline spark-submit`: the same SparkPi application submitted the way kubeflow's
/// operator does it — one real `spark-submit --deploy-mode cluster` process per application
/// (pyspark 3.5.1 and Java 17 from `make spark`) — against the same API server, for a
/// side-by-side ratio with the operator's figures of the same run.
///
/// spark-submit 3.5 creates its Service and ConfigMap by server-side apply, which kube-apiserver
/// 1.20 rejects for a Service whose ports omit `protocol`: the submissions go through
/// `hack/ssa-protocol-proxy.py`, which adds it (and passes everything else through).
enum SparkSubmitBaseline {
    struct Result: Sendable {
        var count: Int
        var concurrency: Int
        var succeeded: Int
        var failures: [String]
        /// First process start → last process exit.
        var wall: Double
        /// Process start → exit (spark-submit returns once its objects exist: waitAppCompletion=false).
        var perSubmission: Percentiles
        /// Process start → the driver pod seen by the benchmark's watch.
        var toDriver: Percentiles
        /// User + system CPU-seconds of the spark-submit processes, per submission.
        var cpuPerSubmission: Double
        /// Peak RSS (`VmHWM`) of each spark-submit JVM, bytes.
        var peakRSS: Percentiles
        var appsPerSecond: Double { Double(succeeded) / wall }
    }

    static func run(cp: ControlPlane, count: Int, concurrency: Int, watchClient: KubeClient) async throws -> Result {
        let spark = try SparkInstallation.locate()
        let ns = "bench-spark-submit"
        let r = try await cp.kubectl("create", "namespace", ns)
        guard r.succeeded else { throw BenchError("kubectl create namespace \(ns): \(r)") }
        try await cp.prepareSparkNamespace(ns)

        let proxy = try await SSAProtocolProxy.start(cp, script: BenchControlPlane.repoRoot + "/hack/ssa-protocol-proxy.py")
        defer { proxy.stop() }
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-spark-submit.\(getpid())")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)

        let driverSeen = LockedValue([String: Date]())
        let synced = SharedCounter()
        let podWatcher = Watcher(
            client: watchClient, store: Store<WatchedPod>(), namespace: ns, labelSelector: "spark-role=driver",
            logger: Logger(label: "bench"))
        print("baseline: \(count) SparkPi submissions by real spark-submit (pyspark 3.5.1, Java 17), \(concurrency) at a time…")

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await podWatcher.run { event in
                    switch event {
                    case .synced: synced.add(1)
                    case .applied(let pod, nil):
                        if let app = pod.metadata.labels?["spark-app-name"] {
                            driverSeen.withLock { if $0[app] == nil { $0[app] = Date() } }
                        }
                    default: break
                    }
                }
            }
            while synced.load < 1 { try await Task.sleep(for: .milliseconds(10)) }

            let submissions = LockedValue([Submission]())
            let cpu0 = childrenCPUSeconds()
            let t0 = Date()
            try await forEachConcurrently(count, concurrency) { i in
                let s = try await submit(
                    name: "app-\(i)", namespace: ns, spark: spark, cp: cp, proxyPort: proxy.port,
                    log: logDirectory.appendingPathComponent("app-\(i).log").path)
                submissions.withLock { $0.append(s) }
            }
            let wall = Date().timeIntervalSince(t0)
            let cpu = childrenCPUSeconds() - cpu0
            let done = submissions.withLock { $0 }
            let succeeded = done.filter { $0.exitCode == 0 }
            // The watch may be a little behind the last exit.
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline,
                  driverSeen.withLock({ seen in succeeded.contains { seen[$0.name] == nil } })
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
            let seen = driverSeen.withLock { $0 }
            let failures = done.filter { $0.exitCode != 0 }.map { "\($0.name): exit \($0.exitCode): \($0.errorTail)" }
            if let first = failures.first { print("  spark-submit failed (\(failures.count) of \(count)); first: \(first)") }
            let result = Result(
                count: count, concurrency: concurrency, succeeded: succeeded.count, failures: failures, wall: wall,
                perSubmission: Percentiles(done.map(\.seconds)),
                toDriver: Percentiles(succeeded.compactMap { s in seen[s.name].map { $0.timeIntervalSince(s.start) } }),
                cpuPerSubmission: cpu / Double(max(done.count, 1)),
                peakRSS: Percentiles(done.map { Double($0.peakRSS) }))
            print(String(format: "  spark-submit: %d/%d submitted, %.2f apps/s; per submission p50 %@ p99 %@; start→driver pod p50 %@; %.2f CPU-s and %@ peak RSS per submission",
                         result.succeeded, count, result.appsPerSecond, secs(result.perSubmission(0.5)),
                         secs(result.perSubmission(0.99)), secs(result.toDriver(0.5)), result.cpuPerSubmission,
                         mib(Int64(result.peakRSS(0.5)))))
            try? FileManager.default.removeItem(at: logDirectory)
            return result
        }
    }

    struct Submission: Sendable {
        var name: String
        var start: Date
        var seconds: Double
        var exitCode: Int32
        var peakRSS: Int64
        var errorTail: String
    }

    /// One `spark-submit --deploy-mode cluster`, as kubeflow's operator runs it for an application
    /// (the spark-pi example: SparkPi, 2 executors, the driver's service account).
    static func submit(
        name: String, namespace: String, spark: SparkInstallation, cp: ControlPlane, proxyPort: Int, log: String
    ) async throws -> Submission {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(spark.sparkHome)/bin/spark-submit")
        process.arguments = [
            "--master", "k8s://https://127.0.0.1:\(proxyPort)", "--deploy-mode", "cluster", "--name", name,
            "--class", "org.apache.spark.examples.SparkPi",
            "--conf", "spark.kubernetes.container.image=docker.io/apache/spark:3.5.1",
            "--conf", "spark.kubernetes.submission.waitAppCompletion=false",
            "--conf", "spark.kubernetes.authenticate.submission.oauthToken=\(cp.adminToken)",
            "--conf", "spark.kubernetes.authenticate.submission.caCertFile=\(cp.caFile)",
            "--conf", "spark.kubernetes.authenticate.driver.serviceAccountName=spark-operator-spark",
            "--conf", "spark.kubernetes.namespace=\(namespace)",
            "--conf", "spark.executor.instances=2", "--conf", "spark.driver.memory=512m",
            "--conf", "spark.executor.memory=512m",
            "local:///opt/spark/examples/jars/spark-examples.jar", "1000",
        ]
        var env = ProcessInfo.processInfo.environment
        env["JAVA_HOME"] = spark.javaHome
        env["SPARK_HOME"] = spark.sparkHome
        env["PATH"] = "\(spark.venvBin):\(env["PATH"] ?? "/usr/bin:/bin")"
        env.removeValue(forKey: "KUBECONFIG")
        process.environment = env
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let pid = process.processIdentifier
        var peak: Int64 = 0
        // spark-submit execs the JVM in place: its peak RSS is the process's high-water mark, read
        // until it exits.
        while process.isRunning {
            let hwm = ProcessStats.peakRSSBytes(pid: pid)
            if hwm > 0 { peak = hwm }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        var tail = ""
        if process.terminationStatus != 0 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            tail = text.split(separator: "\n").suffix(3).joined(separator: " | ")
        }
        return Submission(
            name: name, start: start, seconds: seconds, exitCode: process.terminationStatus, peakRSS: peak, errorTail: tail)
    }

    /// CPU-seconds (user + system) of this process's children that have ended.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
