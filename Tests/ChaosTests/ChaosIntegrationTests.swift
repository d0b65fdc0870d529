import Foundation
import Kube
import KubeTesting
import Logging
import SparkOperatorAPI
import Testing

/// `make chaos` (issue #8): the operator binary under failure. Each scenario runs the real
/// `spark-operator` executable (`OperatorProcess`) against a real control plane, with a simulated
/// kubelet and a driver-pod ledger in the test process, and asserts counts and states — never
/// speed. `SPARK_CHAOS=full` runs the issue's sizes (1000 apps × 20 kills, 200 hostile specs, …);
/// without it a short form runs inside `make test`. Results are printed and appended to
/// `$SPARK_CHAOS_REPORT`. docs/chaos.md describes each scenario and its measured results.
@Suite("Chaos Integration")
struct ChaosIntegrationTests {
    /// How long every application of a scenario may take to end: generous, as the machine is
    /// shared; it only costs time when something is wrong.
    static var patience: Duration { ChaosReport.isFull ? .seconds(1200) : .seconds(240) }

    /// The checks every burst ends with: each application COMPLETED after one submission and one
    /// execution, exactly one driver pod ever per application (its submission-id the status's),
    /// no driver deleted. Returns the report lines.
    static func verifyBurst(_ bed: ChaosBed, names: [String], apps: [String: AppView]) -> [String] {
        let byApp = bed.drivers.byApp()
        var lost: [String] = []
        var notCompleted: [String] = []
        var resubmitted: [String] = []
        var wrongDrivers: [String] = []
        for name in names {
            guard let app = apps[name] else {
                lost.append(name)
                continue
            }
            if app.state != "COMPLETED" { notCompleted.append("\(name)=\(app.state) \(app.errorMessage)") }
            if app.submissionAttempts != 1 || app.executionAttempts != 1 {
                resubmitted.append("\(name): \(app.submissionAttempts)/\(app.executionAttempts)")
            }
            let drivers = byApp[name] ?? []
            if drivers.count != 1 || drivers.first?.submissionID != app.submissionID {
                wrongDrivers.append("\(name): \(drivers.map { "\($0.uid.prefix(8)) \($0.submissionID.prefix(8))" })")
            }
        }
        let duplicates = bed.drivers.duplicates()
        let extra = byApp.keys.filter { !names.contains($0) }
        #expect(lost.isEmpty, "lost applications: \(lost.prefix(20))")
        #expect(notCompleted.isEmpty, "not COMPLETED: \(notCompleted.prefix(20))")
        #expect(resubmitted.isEmpty, "submission/execution attempts ≠ 1/1: \(resubmitted.prefix(20))")
        #expect(wrongDrivers.isEmpty, "not exactly one driver pod with the status's submission-id: \(wrongDrivers.prefix(20))")
        #expect(duplicates.isEmpty, "duplicate driver pods: \(duplicates.prefix(20))")
        #expect(bed.drivers.deletions == 0, "driver pods deleted: \(bed.drivers.deletions)")
        #expect(extra.isEmpty, "driver pods of unknown applications: \(extra)")
        let completed = names.filter { apps[$0]?.state == "COMPLETED" }.count
        return [
            "applications: \(names.count) created, \(completed) COMPLETED, \(lost.count) lost, \(notCompleted.count) in another state",
            "driver pods created: \(bed.drivers.all.count) for \(names.count) applications; duplicates (a 2nd pod for one app and submission): \(duplicates.count); driver pods deleted: \(bed.drivers.deletions)",
            "applications with submissionAttempts/executionAttempts ≠ 1/1: \(resubmitted.count)",
        ]
    }

    // MARK: - kill -9 during a burst

    @Test("kill -9 the operator at random instants during a burst, restarting it each time: no duplicate driver, no lost app")
    func killDuringBurst() async throws {
        let full = ChaosReport.isFull
        let appCount = full ? 1000 : 100
        let killCount = full ? 20 : 3
        let uptime = full ? 300...5000 : 300...2500
        let cp = try await ControlPlane.shared()
        try await ChaosBed.run(on: cp, prefix: "chaos-kill") { bed in
            var rng = ChaosRandom()
            let names = (0..<appCount).map { String(format: "burst-%04d", $0) }
            var op = try bed.startOperator("chaos-kill-0")
            var uptimes: [Duration] = []
            var diedOnItsOwn: [String] = []
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await bed.createApplications(names) }
                for k in 1...killCount {
                    let up = rng.duration(uptime)
                    try await Task.sleep(for: up)
                    uptimes.append(up)
                    if !op.isRunning { diedOnItsOwn.append("run \(k - 1): exit \(op.exitStatus)\n\(op.logTail())") }
                    await op.kill()
                    op = try bed.startOperator("chaos-kill-\(k)")
                }
                try await group.waitForAll()
            }
            let killsDone = ContinuousClock.now
            let apps = try await bed.waitForTerminal(Set(names), timeout: Self.patience)
            let end = ContinuousClock.now
            #expect(op.isRunning, "the last operator is running: \(op.logTail())")
            #expect(diedOnItsOwn.isEmpty, "the operator died without being killed: \(diedOnItsOwn)")
            await op.stop()
            let created = try await bed.applications()
            let states = Dictionary(created.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            var lines = Self.verifyBurst(bed, names: names, apps: states.merging(apps) { _, new in new })
            lines.insert(
                "\(killCount) SIGKILLs at random instants (uptimes \(uptimes.map(\.formatted).joined(separator: ", ")); seed \(rng.seed)), "
                    + "each followed by a restart; the operator never exited on its own (\(diedOnItsOwn.count) unexpected exits)",
                at: 0)
            lines.append(
                "kills spread over \((killsDone - start).formatted); all applications ended \((end - start).formatted) after the first create")
            ChaosReport.record("kill -9 during a \(appCount)-application burst", lines)
        }
    }

    // MARK: - leader election

    @Test("two replicas with leader election: kill -9 the leader, the other takes over after the lease; never two acting")
    func killTheLeader() async throws {
        let full = ChaosReport.isFull
        let appCount = full ? 300 : 40
        let rounds = full ? 6 : 2
        let leaseDuration = 4.0
        let retryPeriod = 0.5
        let cp = try await ControlPlane.shared()
        try await ChaosBed.run(on: cp, prefix: "chaos-leader") { bed in
            var rng = ChaosRandom()
            let election = [
                "--leader-election", "--leader-election-lock-namespace", bed.namespace,
                "--leader-election-lease-duration", "4s", "--leader-election-renew-deadline", "3s",
                "--leader-election-retry-period", "500ms",
            ]
            var started = 0
            func launch() async throws -> Replica {
                started += 1
                let process = try bed.startOperator("chaos-leader-\(started)", extra: election)
                return try await Replica(process: process)
            }
            var replicas = [try await launch(), try await launch()]
            // A replica that exits because it could not renew within the renew deadline (the
            // API server stalled for seconds on a loaded machine) did the right thing: it stopped
            // acting before its lease could expire. Its Deployment would restart it; so does the
            // test. Any other exit is a failure.
            var lostLeadership: [String] = []
            func restartLostLeaders() async throws {
                for (i, r) in replicas.enumerated() where !r.process.isRunning {
                    let log = (try? String(contentsOfFile: r.process.logFile, encoding: .utf8)) ?? ""
                    #expect(log.contains("Leadership lost"), "\(r.identity) exited without losing leadership: \(r.process.logTail())")
                    lostLeadership.append(r.identity)
                    replicas[i] = try await launch()
                }
            }
            let names = (0..<appCount).map { String(format: "le-%04d", $0) }
            var takeovers: [String] = []
            var leaders: [String] = []
            var quiet = Logger(label: "chaos-lease")
            quiet.logLevel = .warning
            let history = LeaseHistory(client: bed.admin, namespace: bed.namespace, logger: quiet)
            let watching = Task { try await history.run() }
            defer { watching.cancel() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await bed.createApplications(names, parallelism: 3) }
                for round in 1...rounds {
                    try await restartLostLeaders()
                    let lease = try await eventually("a replica to lead", timeout: .seconds(60)) {
                        let lease = try? await bed.lease()
                        return replicas.contains { $0.identity == lease?.spec?.holderIdentity } ? lease : nil
                    }
                    let transitions = lease.spec?.leaseTransitions ?? 0
                    let leader = replicas.first { $0.identity == lease.spec?.holderIdentity }!
                    leaders.append(leader.identity)
                    // Let it lead (and submit) a while, then kill it mid-work.
                    try await Task.sleep(for: rng.duration(1000...3000))
                    await leader.process.kill()
                    let killedAt = Date()
                    replicas.removeAll { $0.identity == leader.identity }
                    let standby = replicas[0]
                    let taken = try await eventually("the standby to take the Lease", timeout: .seconds(60)) {
                        let lease = try? await bed.lease()
                        return lease?.spec?.holderIdentity != leader.identity ? lease : nil
                    }
                    // The old leader's last renewal, from the watch: it may have stepped down on
                    // its own (a renewal missed the renew deadline) shortly before the kill.
                    let lastRenewal = try await history.lastRenewal(by: leader.identity, before: taken) ?? killedAt
                    #expect(taken.spec?.holderIdentity == standby.identity, "the standby took over: \(String(describing: taken.spec))")
                    #expect(taken.spec?.leaseTransitions == transitions + 1)
                    let acquired = taken.spec?.acquireTime?.date ?? .distantPast
                    let afterRenewal = acquired.timeIntervalSince(lastRenewal)
                    let afterKill = acquired.timeIntervalSince(killedAt)
                    // Never early: the standby waits a whole lease duration after the last renewal
                    // it saw (so the two never act at once); and it does take over, within a
                    // lease duration plus a few retry periods of the kill.
                    #expect(afterRenewal >= leaseDuration - 0.05, "took over \(afterRenewal) s after the last renewal")
                    #expect(afterKill <= leaseDuration + 4 * retryPeriod + 3, "took over \(afterKill) s after the kill")
                    takeovers.append(String(format: "round %d: %.2f s after the kill, %.2f s after the last renewal", round, afterKill, afterRenewal))
                    replicas.append(try await launch())
                }
                try await group.waitForAll()
            }
            let apps = try await bed.waitForTerminal(Set(names), timeout: Self.patience, eachPoll: restartLostLeaders)
            try await restartLostLeaders()
            for r in replicas { await r.process.stop() }
            var lines = [
                "\(rounds) rounds: the leader SIGKILLed 1–3 s into its term while \(appCount) applications were being created; lease 4 s, renew deadline 3 s, retry 0.5 s (seed \(rng.seed))",
                "takeovers: " + takeovers.joined(separator: "; "),
                "replicas that stopped on their own because a renewal missed the renew deadline (restarted, as their Deployment would): \(lostLeadership.count)",
            ]
            lines += Self.verifyBurst(bed, names: names, apps: apps)
            ChaosReport.record("leader election, leader killed", lines)
        }
    }

    /// One leader-elected replica and its identity (from its "starting" log line).
    struct Replica: Sendable {
        let process: OperatorProcess
        let identity: String

        init(process: OperatorProcess) async throws {
            self.process = process
            identity = try await eventually("\(process.logFile) to name its identity", timeout: .seconds(60)) {
                let log = (try? String(contentsOfFile: process.logFile, encoding: .utf8)) ?? ""
                guard let range = log.range(of: #"spark-operator-lock as [^ \]\n"]+"#, options: .regularExpression)
                else { return nil }
                return String(log[range].dropFirst("spark-operator-lock as ".count))
            }
        }
    }

    // MARK: - API server restart and 410 Gone

    @Test("kube-apiserver restarted mid-run, then etcd compacted and the API server restarted (410 Gone): no missed transitions")
    func apiServerRestartAndCompaction() async throws {
        let full = ChaosReport.isFull
        let appCount = full ? 400 : 45
        // A private control plane: its API server is restarted.
        let cp = try await ControlPlane.start()
        do {
            try await ChaosBed.run(on: cp, prefix: "chaos-apiserver") { bed in
                let names = (0..<appCount).map { String(format: "rs-%04d", $0) }
                let third = appCount / 3
                let op = try bed.startOperator("chaos-apiserver")
                let pid = op.pid
                func progressed(_ count: Int) async throws {
                    try await waitUntil("\(count) applications to be past NEW", timeout: Self.patience, interval: .milliseconds(200)) {
                        ((try? await bed.applications()) ?? []).filter { !$0.state.isEmpty }.count >= count
                    }
                }
                // 1. A third created and under way; the API server restarted while the second third is created.
                try await bed.createApplications(Array(names[0..<third]))
                try await progressed(third / 2)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await bed.createApplications(Array(names[third..<(2 * third)]), parallelism: 2) }
                    try await Task.sleep(for: .milliseconds(300))
                    try await cp.restartAPIServer()
                    try await group.waitForAll()
                }
                try await progressed(third + third / 2)
                // 2. etcd compacted to its current revision, a few writes the operator does not
                //    watch (so its resourceVersion is older than the new watch cache), and a
                //    restart: every watch that resumes gets 410 Gone and must relist.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await bed.createApplications(Array(names[(2 * third)...]), parallelism: 2) }
                    try await Self.compactEtcd(cp)
                    for i in 0..<5 {
                        _ = try await bed.admin.create(
                            ConfigMap(metadata: ObjectMeta(name: "bump-\(i)", namespace: bed.namespace), data: ["v": "\(i)"]))
                    }
                    try await cp.restartAPIServer()
                    try await group.waitForAll()
                }
                let apps = try await bed.waitForTerminal(Set(names), timeout: Self.patience)
                let log = (try? String(contentsOfFile: op.logFile, encoding: .utf8)) ?? ""
                let relists = log.components(separatedBy: "watch resourceVersion expired; relisting").count - 1
                #expect(op.isRunning && op.pid == pid, "the same operator process throughout: \(op.logTail())")
                #expect(relists >= 1, "the operator saw 410 Gone and relisted")
                await op.stop()
                var lines = [
                    "kube-apiserver restarted while a third of \(appCount) applications ran and the next third was created; then etcd compacted + 5 writes + a second restart while the last third was created",
                    "the operator (one process throughout) relisted after 410 Gone \(relists) times (watches of applications, pods, scheduled applications)",
                ]
                lines += Self.verifyBurst(bed, names: names, apps: apps)
                ChaosReport.record("API server restart and etcd compaction", lines)
            }
        } catch {
            await cp.stop()
            throw error
        }
        await cp.stop()
    }

    /// Compacts etcd's history up to its current revision (etcd's JSON gateway), as
    /// Tests/KubeRuntimeTests/WatcherIntegrationTests.swift does.
    static func compactEtcd(_ cp: ControlPlane) async throws {
        struct Header: Decodable {
            struct Inner: Decodable { var revision: String }
            var header: Inner
        }
        let range = try await Command.run(
            "/usr/bin/curl", ["-sf", "-X", "POST", "\(cp.etcdURL)/v3/kv/range", "-d", #"{"key":"AA=="}"#])
        let revision = try JSONDecoder().decode(Header.self, from: Data(range.stdout.utf8)).header.revision
        let compact = try await Command.run(
            "/usr/bin/curl",
            ["-sf", "-X", "POST", "\(cp.etcdURL)/v3/kv/compaction", "-d", #"{"revision":"\#(revision)","physical":true}"#])
        guard compact.succeeded else { throw ControlPlaneError("etcd compaction failed: \(compact)") }
    }
}

extension ChaosBed {
    func lease() async throws -> Lease {
        try await admin.get(Lease.self, name: "spark-operator-lock", namespace: namespace)
    }
}
