import ArgumentParser
import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperator
import SparkOperatorAPI
import Synchronization

/// Issue 6's figures: N ScheduledSparkApplications at `@every <interval>` for a while; missed and
/// doubled runs (must be 0) and how late each run is created after its tick.
struct ScheduleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules",
        abstract: "Run N schedules @every <interval> for <duration>: missed and doubled runs, and lateness.")

    @Option(help: "Number of ScheduledSparkApplications.") var count = 1000
    @Option(help: "Seconds between ticks (@every).") var interval = 10
    @Option(help: "Seconds to run.") var duration = 120
    @Option(help: "Concurrent reconciles of the scheduled controller.") var workers = 10
    @Option(help: "Write the figures as JSON to this file (for `report`).") var json: String?

    func run() async throws {
        try await BenchControlPlane.run(logLevel: .error) { try await measure($0) }
    }

    final class Observations: Sendable {
        /// run name → seconds late (receipt of its ADDED event − its tick).
        let lateness = Mutex<[String: Double]>([:])
    }

    func measure(_ cp: ControlPlane) async throws {
        _ = try await cp.installCRDs(from: BenchControlPlane.repoRoot + "/crds")
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let logger = Logger(label: "bench")
        var options = OperatorOptions(namespaces: ["default"])
        options.workers = workers * 2  // the scheduled controller uses half
        let scheduled = ScheduledSparkApplicationController(client: client, options: options, logger: logger)

        // Runs as the benchmark sees them arrive.
        let seen = Observations()
        let runStore = Store<SparkApplication>()
        let runWatcher = Watcher(client: client, store: runStore, namespace: "default", logger: logger)

        let template = SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///x.jar")
        let window = try await withThrowingTaskGroup(of: Void.self) { group -> (start: Date, end: Date) in
            group.addTask { try await scheduled.controller.run() }
            group.addTask {
                try await runWatcher.run { event in
                    guard case .applied(let run, nil) = event,
                          let tick = run.name.split(separator: "-").last.flatMap({ Double($0) })
                    else { return }
                    let late = Date().timeIntervalSince1970 - tick
                    seen.lateness.withLock { $0[run.name] = late }
                }
            }
            print("creating \(count) ScheduledSparkApplications @every \(interval)s…")
            let createStart = Date()
            try await withThrowingTaskGroup(of: Void.self) { creates in
                var next = 0
                func add() {
                    let i = next
                    next += 1
                    creates.addTask {
                        var spec = ScheduledSparkApplicationSpec(schedule: "@every \(interval)s", template: template)
                        spec.concurrencyPolicy = .allow
                        spec.successfulRunHistoryLimit = 1000
                        spec.failedRunHistoryLimit = 1000
                        _ = try await client.create(ScheduledSparkApplication(
                            metadata: ObjectMeta(name: "s\(i)", namespace: "default"), spec: spec))
                    }
                }
                for _ in 0..<min(32, count) { add() }
                while try await creates.next() != nil { if next < count { add() } }
            }
            print(String(format: "created in %.1f s; running for %d s…", Date().timeIntervalSince(createStart), duration))
            let start = Date()
            try await Task.sleep(for: .seconds(duration))
            let end = Date()
            // Let the last ticks' runs arrive: a run later than one interval counts as missed.
            try await Task.sleep(for: .seconds(interval))
            group.cancelAll()
            return (createStart, end)
        }

        // Expected ticks per schedule: from its first run (the first tick after its creation) every
        // `interval` seconds until the end of the window.
        let schedules = try await client.listAll(ScheduledSparkApplication.self, namespace: "default").items
        let runs = try await client.listAll(SparkApplication.self, namespace: "default").items
        var runsBySchedule: [String: [Int]] = [:]
        for run in runs {
            guard let owner = run.metadata.labels?["sparkoperator.k8s.io/scheduled-app-name"],
                  let tick = run.name.split(separator: "-").last.flatMap({ Int($0) })
            else { continue }
            runsBySchedule[owner, default: []].append(tick)
        }
        var missed = 0
        var doubled = 0
        var expectedTotal = 0
        var inWindow = 0
        let endTick = Int(window.end.timeIntervalSince1970)
        for s in schedules {
            let ticks = (runsBySchedule[s.name] ?? []).sorted()
            doubled += ticks.count - Set(ticks).count
            guard let first = ticks.first else {
                missed += max(0, (endTick - Int(s.metadata.creationTimestamp?.date.timeIntervalSince1970 ?? 0)) / interval)
                continue
            }
            let expected = Array(stride(from: first, through: endTick - 1, by: interval)).count
            expectedTotal += expected
            let seenTicks = Set(ticks.filter { $0 < endTick })
            inWindow += seenTicks.count
            missed += max(0, expected - seenTicks.count)
        }
        let late = seen.lateness.withLock { Array($0.values) }.sorted()
        func pct(_ p: Double) -> Double { late.isEmpty ? .nan : late[min(late.count - 1, Int(Double(late.count) * p))] }
        var r = BenchResult(
            benchmark: "schedules", title: "\(count) ScheduledSparkApplications",
            setup: "\(count) ScheduledSparkApplications @every \(interval)s for \(duration) s, reconciled by the ScheduledSparkApplication controller in the benchmark process (release build, \(workers) workers); concurrency Allow; a run's lateness is when the benchmark's watch saw it minus its tick")
        r.row("runs for ticks in the window (expected)", "\(inWindow) (\(expectedTotal))")
        r.row("missed runs", "\(missed)")
        r.row("doubled runs", "\(doubled)")
        r.row("lateness p50 / p99 / max (run seen − tick)", "\(secs(pct(0.5))) / \(secs(pct(0.99))) / \(secs(late.last ?? .nan))")
        r.numbers["runs"] = Double(inWindow)
        r.numbers["expected"] = Double(expectedTotal)
        r.numbers["missed"] = Double(missed)
        r.numbers["doubled"] = Double(doubled)
        r.numbers["lateness.p50"] = pct(0.5)
        r.numbers["lateness.p99"] = pct(0.99)
        r.numbers["lateness.max"] = late.last ?? .nan
        r.printTable()
        if let json { try r.write(to: json) }
        try await client.shutdown()
    }
}
