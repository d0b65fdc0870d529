import Foundation
import Kube
@testable import KubeTesting
import SparkOperatorAPI
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The built `spark-operator` binary, run as a process against the real control plane: flags,
/// health and metrics endpoints, leader election between two replicas, graceful shutdown.
@Suite("spark-operator executable Integration", .serialized)
struct ExecutableIntegrationTests {
    /// One running `spark-operator` process with its own ports.
    struct Replica {
        let name: String
        let process: ServerProcess
        let metricsPort: Int
        let healthPort: Int

        func get(_ port: Int, _ path: String) async -> (status: Int, body: String)? {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.timeoutInterval = 5
            guard let (data, response) = try? await URLSession.shared.data(for: request),
                  let http = response as? HTTPURLResponse
            else { return nil }
            return (http.statusCode, String(decoding: data, as: UTF8.self))
        }

        func metrics() async -> String { await get(metricsPort, "/metrics")?.body ?? "" }

        /// The value of the first sample of `metric` (name and labels as written), or nil.
        func sample(_ metric: String) async -> Double? {
            Self.sample(metric, in: await metrics())
        }

        static func sample(_ metric: String, in text: String) -> Double? {
            for line in text.split(separator: "\n") where line.hasPrefix(metric + " ") || line.hasPrefix(metric + "{") {
                if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
            }
            return nil
        }

        var isLeader: Bool {
            get async { await sample("leader_election_master_status") == 1 }
        }
    }

    static func binary() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("spark-operator").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("spark-operator").path,
            OperatorHarness.repoRoot.appendingPathComponent(".build/debug/spark-operator").path,
        ]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ControlPlaneError("spark-operator is not built (looked at \(candidates)); run `swift build` first")
        }
        return path
    }

    static func launch(
        _ name: String, namespace: String, kubeconfig: String, stateDir: String, allocator: OperatorAllocator = .glibc
    ) throws -> Replica {
        let metricsPort = try FreePort.next()
        let healthPort = try FreePort.next()
        let process = try ServerProcess(
            name: name, executable: try binary(),
            arguments: [
                "--kubeconfig", kubeconfig, "--namespaces", namespace, "--controller-threads", "2",
                "--leader-election", "--leader-election-lock-namespace", namespace,
                // Generous: a renewal that misses the deadline ends the process (as it should),
                // and a loaded 2-core CI machine can stall the API server for seconds.
                "--leader-election-lease-duration", "15s", "--leader-election-renew-deadline", "10s",
                "--leader-election-retry-period", "1s",
                "--metrics-bind-address", "127.0.0.1:\(metricsPort)",
                "--health-probe-bind-address", "127.0.0.1:\(healthPort)",
                "--log-format", "json", "--log-level", "info",
            ],
            stateDir: stateDir, environment: allocator.environment)
        return Replica(name: name, process: process, metricsPort: metricsPort, healthPort: healthPort)
    }

    /// SIGTERM; returns the exit status and how long the process took to exit.
    static func terminate(_ replica: Replica) async throws -> (status: Int32, took: Duration) {
        let start = ContinuousClock.now
        kill(replica.process.pid, SIGTERM)
        try await waitUntil("\(replica.name) to exit after SIGTERM", timeout: .seconds(40), interval: .milliseconds(50)) {
            !replica.process.isRunning
        }
        return (replica.process.exitStatus, ContinuousClock.now - start)
    }

    @Test func twoReplicasOneLeaderMetricsHealthAndGracefulShutdown() async throws {
        try await OperatorHarness.run(prefix: "exec", startOperator: false) { h in
            let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("spark-operator-exec-\(UUID().uuidString.prefix(8))").path
            let a = try Self.launch("spark-operator-a", namespace: h.namespace, kubeconfig: h.cp.kubeconfigPath, stateDir: stateDir)
            // b runs as the image runs it: jemalloc preloaded (make test installs libjemalloc2).
            try #require(OperatorAllocator.jemalloc.isAvailable, "libjemalloc2 is not installed: run `make test` (it installs it)")
            let b = try Self.launch(
                "spark-operator-b", namespace: h.namespace, kubeconfig: h.cp.kubeconfigPath, stateDir: stateDir,
                allocator: .jemalloc)
            var replicas = [a, b]
            defer {
                for r in replicas where r.process.isRunning { kill(r.process.pid, SIGKILL) }
            }
            do {
                // Both alive and ready (the standby is ready too: it waits for the Lease).
                for r in replicas {
                    try await waitUntil("\(r.name) /healthz", timeout: .seconds(60), interval: .milliseconds(100)) {
                        await r.get(r.healthPort, "/healthz")?.status == 200
                    }
                    try await waitUntil("\(r.name) /readyz", timeout: .seconds(60), interval: .milliseconds(100)) {
                        await r.get(r.healthPort, "/readyz")?.status == 200
                    }
                }
                // Each says which malloc it runs with.
                for (r, allocator) in [(a, "glibc"), (b, "jemalloc")] {
                    let log = (try? String(contentsOfFile: r.process.logFile, encoding: .utf8)) ?? ""
                    #expect(log.contains(#""allocator":"\#(allocator)""#), "\(r.name): \(r.process.logTail())")
                }
                // Exactly one leads.
                let leader = try await eventually("one replica to lead", timeout: .seconds(60), interval: .milliseconds(100)) {
                    () async -> Replica? in
                    let leading = await [a.isLeader, b.isLeader]
                    return leading == [true, false] ? a : leading == [false, true] ? b : nil
                }
                let standby = leader.name == a.name ? b : a
                let initial = await leader.metrics()
                for name in ["spark_application_running_count", "spark_executor_running_count", "controller_runtime_reconcile",
                             "workqueue_depth", "leader_election_master_status"] {
                    #expect(initial.contains(name), "\(name) missing from /metrics")
                }

                // One application: the leader submits it, once.
                try await h.createExample("spark-pi.yaml")
                try await h.waitForState("spark-pi", .completed)
                // The leader counts a transition once its status write has answered, which can be
                // after the test saw the write: wait for the last one, COMPLETED.
                try await waitUntil("the leader to count the submission and the success", timeout: .seconds(30)) {
                    let submitted = await leader.sample("spark_application_submit_count")
                    let succeeded = await leader.sample("spark_application_success_count")
                    return submitted == 1 && succeeded == 1
                }
                let text = await leader.metrics()
                #expect(ExecutableIntegrationTests.Replica.sample("spark_application_count", in: text) == 1)
                #expect(ExecutableIntegrationTests.Replica.sample("spark_application_success_count", in: text) == 1)
                #expect(text.contains("# TYPE spark_application_success_execution_time_seconds summary"))
                #expect(text.contains("spark_application_start_latency_seconds_histogram_bucket"))
                #expect(await standby.sample("spark_application_submit_count") == nil)
                #expect(try await h.app("spark-pi").status?.submissionAttempts == 1)

                // SIGTERM: the leader exits 0 within 30 s, releasing the Lease; the standby takes over.
                let (status, took) = try await Self.terminate(leader)
                #expect(status == 0, "\(leader.process.logTail())")
                #expect(took < .seconds(30))
                replicas.removeAll { $0.name == leader.name }
                try await waitUntil("the standby to lead", timeout: .seconds(30), interval: .milliseconds(100)) {
                    await standby.isLeader
                }
                // The new leader does not submit the finished application again.
                try await Task.sleep(for: .seconds(1))
                #expect(await standby.sample("spark_application_submit_count") == nil)
                #expect(try await h.app("spark-pi").status?.submissionAttempts == 1)

                // Last replica gone: the Lease is released (no holder).
                let (lastStatus, lastTook) = try await Self.terminate(standby)
                #expect(lastStatus == 0, "\(standby.process.logTail())")
                #expect(lastTook < .seconds(30))
                replicas.removeAll()
                let lease = try await h.client.get(Lease.self, name: "spark-operator-lock", namespace: h.namespace)
                #expect((lease.spec?.holderIdentity ?? "") == "", "the last replica released the Lease: \(standby.process.logTail())")
                // JSON logs: every line of the operator's log is an object.
                let log = a.process.logTail(lines: 20).split(separator: "\n").filter { $0.hasPrefix("{") }
                #expect(!log.isEmpty)
                for line in log {
                    #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
                }
            } catch {
                for r in replicas { print("--- \(r.name)\n\(r.process.logTail())") }
                throw error
            }
            try? FileManager.default.removeItem(atPath: stateDir)
        }
    }
}
