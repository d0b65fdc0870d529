import Foundation
import Kube
import KubeTesting
import SparkOperator
import SparkOperatorAPI
import Testing

@Suite("ScheduledSparkApplication controller on the real API server (simulated kubelet)")
struct ScheduledIntegrationTests {
    @Test("@every 2s: runs are created on their ticks, complete, and the history keeps one")
    func everyTwoSeconds() async throws {
        try await OperatorHarness.run(prefix: "sched-every") { h in
            let example = try String(
                contentsOf: OperatorHarness.repoRoot.appendingPathComponent("examples/spark-pi.yaml"), encoding: .utf8)
            var spec = ScheduledSparkApplicationSpec(
                schedule: "@every 2s", template: try YAML.decode(SparkApplication.self, from: example).spec)
            spec.concurrencyPolicy = .allow
            let created = try await h.client.create(ScheduledSparkApplication(
                metadata: ObjectMeta(name: "pi-every", namespace: h.namespace, labels: ["team": "a"]), spec: spec))

            // Follow lastRunName until three different runs were started.
            var started: [String] = []
            var status = ScheduledSparkApplicationStatus()
            try await waitUntil("three runs started", timeout: .seconds(120), interval: .milliseconds(200)) {
                let s = try await h.client.get(ScheduledSparkApplication.self, name: "pi-every", namespace: h.namespace)
                status = s.status ?? status
                if let name = s.status?.lastRunName, !started.contains(name) { started.append(name) }
                return started.count >= 3
            }
            #expect(status.scheduleState == .scheduled)
            #expect(status.nextRun != nil)
            let ticks = started.compactMap { $0.split(separator: "-").last.flatMap { Int($0) } }
            #expect(ticks.count == 3, "run names are <name>-<unix seconds of the tick>: \(started)")
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 > $0 }, "one run per tick, in order: \(ticks)")

            for run in try await h.client.list(SparkApplication.self, namespace: h.namespace).items {
                #expect(run.metadata.labels?["sparkoperator.k8s.io/scheduled-app-name"] == "pi-every")
                #expect(run.metadata.labels?["team"] == "a")
                #expect(run.metadata.ownerReferences?.first?.uid == created.metadata.uid)
            }
            // Completed runs beyond successfulRunHistoryLimit (default 1) are pruned when they finish.
            try await waitUntil("history of one completed run", timeout: .seconds(60), interval: .milliseconds(200)) {
                let s = try await h.client.get(ScheduledSparkApplication.self, name: "pi-every", namespace: h.namespace)
                let completed = try await h.client.list(SparkApplication.self, namespace: h.namespace).items
                    .filter { $0.status?.state == .completed && $0.metadata.deletionTimestamp == nil }
                return s.status?.pastSuccessfulRunNames?.count == 1 && completed.count == 1
            }
        }
    }

    @Test("Forbid, @every 2s, a driver that runs forever: one run for several ticks; once it ends, the next tick starts a run")
    func forbidWaitsForTheLongRun() async throws {
        try await OperatorHarness.run(prefix: "sched-forbid", behaviour: Self.driversRunForever) { h in
            try await Self.create(h, "pi-forbid", try Self.spec("@every 2s", .forbid))
            var first = ""
            try await waitUntil("the first run to run", timeout: OperatorHarness.patience, interval: .milliseconds(200)) {
                let runs = try await Self.runs(h, of: "pi-forbid")
                first = runs.first?.name ?? ""
                return runs.first?.status?.state == .running
            }
            // Several ticks pass: still that one run.
            try await h.holds(for: .seconds(5), "only \(first) exists") {
                try await Self.runs(h, of: "pi-forbid").map(\.name) == [first]
            }
            let s = try await Self.scheduled(h, "pi-forbid")
            #expect(s.status?.lastRunName == first)
            #expect(s.status?.scheduleState == .scheduled)

            // End it: its driver pod is deleted, the run FAILS, and the next tick starts a new run.
            try await h.client.delete(Pod.self, name: "\(first)-driver", namespace: h.namespace)
            try await h.waitForState(first, .failed)
            var second = ""
            try await waitUntil("a second run", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                let runs = try await Self.runs(h, of: "pi-forbid")
                second = runs.first { $0.name != first }?.name ?? ""
                return !second.isEmpty
            }
            #expect((Self.tick(second) ?? 0) > (Self.tick(first) ?? 0))
            #expect(try await Self.runs(h, of: "pi-forbid").count == 2, "the failed run is kept as history, one new run")
            try await h.waitFor(second, "running") { $0.status?.state == .running }
            try await h.holds(for: .seconds(3), "Forbid again: no third run while \(second) runs") {
                try await Self.runs(h, of: "pi-forbid").count == 2
            }
        }
    }

    @Test("Replace, @every 2s, drivers that run forever: each tick deletes the active run and starts the next; at most one unfinished run")
    func replaceDeletesTheActiveRun() async throws {
        try await OperatorHarness.run(prefix: "sched-replace", behaviour: Self.driversRunForever) { h in
            try await Self.create(h, "pi-replace", try Self.spec("@every 2s", .replace))
            var seen: [String] = []
            var maxUnfinished = 0
            try await waitUntil("four runs started", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                let runs = try await Self.runs(h, of: "pi-replace")
                for r in runs where !seen.contains(r.name) { seen.append(r.name) }
                maxUnfinished = max(maxUnfinished, runs.filter(Self.unfinished).count)
                return seen.count >= 4
            }
            #expect(maxUnfinished <= 1, "at most one unfinished run at a time")
            // Every run but the newest was replaced (deleted, not finished).
            try await waitUntil("replaced runs gone", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                let runs = try await Self.runs(h, of: "pi-replace")
                let newest = runs.compactMap { Self.tick($0.name) }.max()
                return runs.filter { Self.tick($0.name) != newest }.allSatisfy { !seen.prefix(3).contains($0.name) }
            }
            let ticks = seen.compactMap(Self.tick).sorted()
            #expect(Set(ticks).count == seen.count, "one run per tick: \(seen)")
            let finished = try await Self.runs(h, of: "pi-replace").filter { ($0.status?.state ?? .new).isTerminal }
            #expect(finished.isEmpty, "replaced runs are deleted, not kept as history: \(finished.map(\.name))")
        }
    }

    @Test("suspend: no runs for several ticks (@every 2s); resuming runs again without a burst")
    func suspendAndResume() async throws {
        try await OperatorHarness.run(prefix: "sched-suspend") { h in
            try await Self.create(h, "pi-suspend", try Self.spec("@every 2s", .allow))
            try await waitUntil("a first run", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                try await Self.scheduled(h, "pi-suspend").status?.lastRunName != nil
            }
            try await Self.patchSpec(h, "pi-suspend", ["suspend": true])
            var lastBefore = ""
            try await waitUntil("suspended (nextRun cleared)", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                let s = try await Self.scheduled(h, "pi-suspend")
                lastBefore = s.status?.lastRunName ?? ""
                return s.status?.nextRun == nil
            }
            let before = Set(try await Self.runs(h, of: "pi-suspend").map(\.name)).union([lastBefore])
            try await h.holds(for: .seconds(6), "no new run while suspended") {
                let s = try await Self.scheduled(h, "pi-suspend")
                let names = try await Self.runs(h, of: "pi-suspend").map(\.name)
                return s.status?.lastRunName == lastBefore && names.allSatisfy(before.contains)
            }

            let resumedAt = Int(Date().timeIntervalSince1970)
            try await Self.patchSpec(h, "pi-suspend", ["suspend": false])
            var new: [String] = []
            func collect() async throws {
                let s = try await Self.scheduled(h, "pi-suspend")
                let names = try await Self.runs(h, of: "pi-suspend").map(\.name) + [s.status?.lastRunName].compactMap { $0 }
                for n in names where !before.contains(n) && !new.contains(n) { new.append(n) }
            }
            try await waitUntil("a run after resuming", timeout: OperatorHarness.patience, interval: .milliseconds(50)) {
                try await collect()
                return !new.isEmpty
            }
            // Right after resuming: one run, for a tick after resuming (missed ticks never fire).
            let end = ContinuousClock.now + .seconds(1)
            while ContinuousClock.now < end {
                try await collect()
                try await Task.sleep(for: .milliseconds(50))
            }
            // No burst: every new run is for a tick after resuming (missed ticks never fire), and
            // new runs are an interval apart (on a loaded machine two may be seen within a second,
            // but never two for ticks closer than the schedule allows).
            let newTicks = new.compactMap(Self.tick).sorted()
            #expect(newTicks.count == new.count)
            #expect(newTicks.allSatisfy { $0 >= resumedAt }, "\(new) vs resumed at \(resumedAt)")
            #expect(zip(newTicks, newTicks.dropFirst()).allSatisfy { $1 - $0 >= 2 }, "no burst after resuming: \(new)")
            try await waitUntil("runs go on", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                try await collect()
                return new.count >= 2
            }
        }
    }

    @Test("two ScheduledSparkApplication controllers at once (a restart at a tick), @every 2s: exactly one run per tick")
    func twoControllersOneRunPerTick() async throws {
        try await OperatorHarness.run(prefix: "sched-two") { h in
            try await h.withScheduledController(OperatorOptions(namespaces: [h.namespace])) { _ in
                var spec = try Self.spec("@every 2s", .allow)
                spec.successfulRunHistoryLimit = 10
                try await Self.create(h, "pi-two", spec)
                var seen: [String] = []
                var lastRunNames: [String] = []
                try await waitUntil("five runs", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                    // The status first, then the runs: a run is created before the status names it, so
                    // every name read here is in the list read after it (read the other way round, a
                    // run created between the two reads is named but not yet listed).
                    if let n = try await Self.scheduled(h, "pi-two").status?.lastRunName, lastRunNames.last != n {
                        lastRunNames.append(n)
                    }
                    for r in try await Self.runs(h, of: "pi-two") where !seen.contains(r.name) { seen.append(r.name) }
                    return seen.count >= 5
                }
                let ticks = seen.compactMap(Self.tick).sorted()
                #expect(ticks.count == seen.count && Set(ticks).count == ticks.count, "\(seen)")
                // One run per period: two controllers never start runs for two different "ticks" of one period.
                let gaps = zip(ticks, ticks.dropFirst()).map { $1 - $0 }
                #expect(gaps.allSatisfy { $0 >= 2 }, "ticks \(ticks), gaps \(gaps)")
                // Every run the status names exists (nothing was created twice, nothing lost).
                #expect(Set(lastRunNames).isSubset(of: Set(seen)), "\(lastRunNames) vs \(seen)")
                let s = try await Self.scheduled(h, "pi-two")
                #expect(s.status?.scheduleState == .scheduled)
                #expect(s.status?.reason == nil)
            }
        }
    }

    @Test("kubeflow's spark-pi-scheduled.yaml (schedule edited to @every 2s): a run reaches COMPLETED")
    func kubeflowScheduledExample() async throws {
        try await OperatorHarness.run(prefix: "sched-example") { h in
            let doc = try OperatorHarness.exampleDocuments("spark-pi-scheduled.yaml")
                .first { $0["kind"]?.stringValue == "ScheduledSparkApplication" }
            var app = try #require(doc).decode(as: ScheduledSparkApplication.self)
            #expect(app.spec.schedule == "@every 3m")
            app.metadata.namespace = h.namespace
            app.spec.schedule = "@every 2s"
            try await h.client.create(app)
            var completed = ""
            try await waitUntil("a run COMPLETED", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                completed = try await Self.runs(h, of: "spark-pi-scheduled")
                    .first { $0.status?.state == .completed }?.name ?? ""
                return !completed.isEmpty
            }
            #expect(completed.hasPrefix("spark-pi-scheduled-"))
            try await waitUntil("the status lists it", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                try await Self.scheduled(h, "spark-pi-scheduled").status?.pastSuccessfulRunNames?.isEmpty == false
            }
        }
    }

    @Test("an invalid schedule '* * *' → FailedValidation naming the schedule; fixing it → Scheduled (kubeflow #3174)")
    func invalidScheduleRecovers() async throws {
        try await OperatorHarness.run(prefix: "sched-invalid") { h in
            try await Self.create(h, "pi-invalid", try Self.spec("* * *", .allow))
            var status = ScheduledSparkApplicationStatus()
            try await waitUntil("FailedValidation", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                status = try await Self.scheduled(h, "pi-invalid").status ?? status
                return status.scheduleState == .failedValidation
            }
            #expect(status.reason?.contains("schedule") == true, "\(status.reason ?? "")")
            #expect(status.nextRun == nil)
            try await h.holds(for: .seconds(2), "no run of an invalid schedule") {
                try await Self.runs(h, of: "pi-invalid").isEmpty
            }
            try await Self.patchSpec(h, "pi-invalid", ["schedule": "@every 2s"])
            try await waitUntil("Scheduled", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                status = try await Self.scheduled(h, "pi-invalid").status ?? status
                return status.scheduleState == .scheduled
            }
            #expect(status.reason == nil)
            #expect(status.nextRun != nil)
            try await waitUntil("a run", timeout: OperatorHarness.patience, interval: .milliseconds(100)) {
                try await !Self.runs(h, of: "pi-invalid").isEmpty
            }
        }
    }

    // MARK: - helpers

    static let runLabel = "sparkoperator.k8s.io/scheduled-app-name"

    static func spec(_ schedule: String, _ policy: ConcurrencyPolicy) throws -> ScheduledSparkApplicationSpec {
        let example = try String(
            contentsOf: OperatorHarness.repoRoot.appendingPathComponent("examples/spark-pi.yaml"), encoding: .utf8)
        var spec = ScheduledSparkApplicationSpec(
            schedule: schedule, template: try YAML.decode(SparkApplication.self, from: example).spec)
        spec.concurrencyPolicy = policy
        return spec
    }

    @discardableResult
    static func create(_ h: OperatorHarness, _ name: String, _ spec: ScheduledSparkApplicationSpec) async throws
        -> ScheduledSparkApplication
    {
        try await h.client.create(ScheduledSparkApplication(
            metadata: ObjectMeta(name: name, namespace: h.namespace), spec: spec))
    }

    static func scheduled(_ h: OperatorHarness, _ name: String) async throws -> ScheduledSparkApplication {
        try await h.client.get(ScheduledSparkApplication.self, name: name, namespace: h.namespace)
    }

    static func runs(_ h: OperatorHarness, of name: String) async throws -> [SparkApplication] {
        try await h.list(SparkApplication.self, labelled: "\(runLabel)=\(name)")
    }

    static func patchSpec(_ h: OperatorHarness, _ name: String, _ spec: [String: JSONValue]) async throws {
        _ = try await h.client.patch(
            ScheduledSparkApplication.self, name: name, namespace: h.namespace, patch: .merge(["spec": .object(spec)]))
    }

    /// The tick (Unix seconds) a run's name carries.
    static func tick(_ runName: String) -> Int? {
        runName.split(separator: "-").last.flatMap { Int($0) }
    }

    static func unfinished(_ run: SparkApplication) -> Bool {
        run.metadata.deletionTimestamp == nil && !(run.status?.state ?? .new).isTerminal
    }

    static let driversRunForever: SimulatedKubelet.Behaviour = { pod in
        pod.metadata.labels?["spark-role"] == "driver" ? .runsForever : .default(for: pod)
    }
}
