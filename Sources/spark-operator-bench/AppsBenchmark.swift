import ArgumentParser
import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperator
import SparkOperatorAPI
import Synchronization

/// Issue 8's main figures: N SparkApplications created by a concurrent client against the
/// release operator binary — in a burst and at a steady rate, with the simulated kubelet off and
/// on — and the API server's bare ceiling (N ConfigMap creates by the same client), in one run.
struct AppsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps",
        abstract: "Create N SparkApplications (burst and steady rate, kubelet off and on) against the release operator.")

    @Option(help: "SparkApplications per run.") var count = 1000
    @Option(help: "Concurrent creates of the client in burst mode (and for the bare ceiling).") var concurrency = 32
    @Option(help: "Creates per second in steady mode.") var rate = 100.0
    @Option(help: "SparkApplications per run with the simulated kubelet on (each costs ~3× the API writes: 3 pods, their status).")
    var kubeletCount = 300
    @Option(help: "Creates per second in steady mode with the simulated kubelet on.")
    var kubeletRate = 10.0
    @Option(help: "The operator's --controller-threads.") var controllerThreads = 10
    @Option(help: "Repetitions of the bare ConfigMap ceiling (median reported).") var ceilingRepeats = 3
    @Option(help: "Seconds a run may take before it is reported incomplete.") var timeout = 300
    @Option(help: "The operator binary (default .build/release/spark-operator).") var operatorBinary: String?
    @Option(help: "The allocator the operator runs with: jemalloc (preloaded, as the image runs it) or glibc.")
    var allocator: OperatorAllocator = .jemalloc
    @Option(help: "Runs, comma-separated, of: burst, steady, burst-kubelet, steady-kubelet.")
    var runs = "burst,steady,burst-kubelet,steady-kubelet"
    @Option(help: "Write the figures as JSON to this file (for `report`).") var json: String?
    @Option(help: "Also submit the same application with real spark-submit per app, as kubeflow does (needs `make spark`: pyspark 3.5.1 and Java 17), for a side-by-side ratio.")
    var baseline: Baseline?
    @Option(help: "Submissions of the spark-submit baseline (each is a JVM: ~2–4 s and ~200–400 MB).") var baselineCount = 20
    @Option(help: "spark-submit processes at a time (the machine's cores; kubeflow runs one per controller thread).")
    var baselineConcurrency = 2

    enum Baseline: String, ExpressibleByArgument, Sendable { case sparkSubmit = "spark-submit" }

    func run() async throws {
        try await BenchControlPlane.run(logLevel: .error) { try await measure($0) }
    }

    enum Mode: String, Sendable { case burst, steady }

    struct Run: Sendable {
        var name: String
        var mode: Mode
        var kubelet: Bool
        var count: Int
        var rate: Double
        var namespace: String { "bench-\(name)" }
    }

    struct RunResult: Sendable {
        var run: Run
        var complete: Bool
        var failed: Int
        var operatorReady: Double
        var wall: Double  // first create → last SUBMITTED
        var steadyRate: Double  // (n − 1) / (first SUBMITTED → last SUBMITTED)
        var writes: [String: Double]  // API-server writes (all clients) per resource
        var conflicts: [String: Double]  // of those, refused with 409, per resource
        var appsPerSecond: Double
        var offered: Double  // creates/s the client achieved
        var toDriver: Percentiles
        var toSubmitted: Percentiles
        var statusLag: Percentiles?
        var toCompletedAll: Double?
        var operatorCPU: Double
        var operatorPeakRSS: Int64
        var apiServerCPU: Double
        var etcdCPU: Double
        var benchCPU: Double
    }

    func measure(_ cp: ControlPlane) async throws {
        _ = try await cp.installCRDs(from: BenchControlPlane.repoRoot + "/crds")
        let clientOptions = KubeClient.Options(maxIdleConnectionsPerHost: max(32, concurrency))
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath, options: clientOptions)
        let watchClient = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let kubeletClient = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let template = try YAML.decode(SparkApplication.self, from: StoreListBenchmark.appYAML)
        _ = try BenchOperator.binaryPath(operatorBinary)

        var plan: [Run] = []
        for name in runs.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) {
            switch name {
            case "burst": plan.append(Run(name: name, mode: .burst, kubelet: false, count: count, rate: rate))
            case "steady": plan.append(Run(name: name, mode: .steady, kubelet: false, count: count, rate: rate))
            case "burst-kubelet":
                plan.append(Run(name: name, mode: .burst, kubelet: true, count: kubeletCount, rate: kubeletRate))
            case "steady-kubelet":
                plan.append(Run(name: name, mode: .steady, kubelet: true, count: kubeletCount, rate: kubeletRate))
            default: throw ValidationError("unknown run \(name)")
            }
        }
        for ns in plan.map(\.namespace) {
            let r = try await cp.kubectl("create", "namespace", ns)
            guard r.succeeded else { throw BenchError("kubectl create namespace \(ns): \(r)") }
            try await cp.prepareSparkNamespace(ns)
            try await cp.prepareSparkNamespace(ns, serviceAccount: "default")
        }

        // The API server's bare ceiling, measured between the runs so that it sees the same
        // machine load over the whole benchmark (median of the repetitions).
        var ceilings: [Double] = []
        func ceiling() async throws {
            let ns = "bench-bare-\(ceilings.count)"
            _ = try await cp.kubectl("create", "namespace", ns)
            let start = ContinuousClock.now
            try await forEachConcurrently(count, concurrency) { i in
                _ = try await client.create(ConfigMap(
                    metadata: ObjectMeta(name: "cm-\(i)", namespace: ns), data: ["spark.app.name": "app-\(i)"]))
            }
            let perSecond = Double(count) / (ContinuousClock.now - start).seconds
            ceilings.append(perSecond)
            print(String(format: "bare ceiling: %d ConfigMap creates, %d concurrent: %.0f creates/s", count, concurrency, perSecond))
        }

        // The ceiling of this workload: the writes the operator makes per application, made by
        // the benchmark client itself with no operator and no watch on the objects — what an
        // operator with no cost of its own could reach on this API server.
        var workloadCeilings: [Double] = []
        func workloadCeiling() async throws {
            let ns = "bench-bare-apps-\(workloadCeilings.count)"
            _ = try await cp.kubectl("create", "namespace", ns)
            try await cp.prepareSparkNamespace(ns)
            let start = ContinuousClock.now
            try await forEachConcurrently(count, concurrency) { i in
                try await Self.submitDirectly(template, name: "app-\(i)", namespace: ns, client: client)
            }
            let perSecond = Double(count) / (ContinuousClock.now - start).seconds
            workloadCeilings.append(perSecond)
            print(String(format: "workload ceiling: %d applications' writes by the client, %d concurrent: %.0f apps/s", count, concurrency, perSecond))
        }

        var results: [RunResult] = []
        try await ceiling()
        try await workloadCeiling()
        for (i, run) in plan.enumerated() {
            let result = try await measure(
                run, cp: cp, client: client, watchClient: watchClient, kubeletClient: kubeletClient, template: template)
            results.append(result)
            if i == plan.count / 2 - 1 || i == plan.count - 1, ceilings.count < ceilingRepeats {
                try await ceiling()
                try await workloadCeiling()
            }
        }
        while ceilings.count < ceilingRepeats { try await ceiling() }
        while workloadCeilings.count < ceilingRepeats { try await workloadCeiling() }
        var baselineResult: SparkSubmitBaseline.Result?
        if baseline == .sparkSubmit {
            baselineResult = try await SparkSubmitBaseline.run(
                cp: cp, count: baselineCount, concurrency: baselineConcurrency, watchClient: watchClient)
        }

        let bench = report(results, ceilings: ceilings, workloadCeilings: workloadCeilings, baseline: baselineResult)
        bench.printTable()
        if let json { try bench.write(to: json) }
        try await client.shutdown()
        try await watchClient.shutdown()
        try await kubeletClient.shutdown()
    }

    /// One application's writes as the operator makes them, by the client: the SparkApplication,
    /// then its ConfigMap and Services at once, the driver pod, the status SUBMITTED and an Event.
    static func submitDirectly(_ template: SparkApplication, name: String, namespace ns: String, client: KubeClient) async throws {
        var app = template
        app.metadata = ObjectMeta(name: name, namespace: ns)
        var created = try await client.create(app)
        var withDefaults = created
        withDefaults.spec = created.spec.withDefaults()
        let plan = try SubmissionBuilder.plan(for: withDefaults, attempt: 1, options: SubmissionOptions())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await client.create(plan.configMap) }
            group.addTask { _ = try await client.create(plan.driverService) }
            if let ui = plan.uiService { group.addTask { _ = try await client.create(ui) } }
            try await group.waitForAll()
        }
        _ = try await client.create(plan.driverPod)
        var status = SparkApplicationStatus()
        status.applicationState = ApplicationState(state: .submitted)
        status.submissionID = plan.submissionID
        status.submissionAttempts = 1
        status.driverInfo = plan.driverInfo
        created.status = status
        created = try await client.updateStatus(created)
        let now = KubeTime(Date())
        _ = try await client.create(Event(
            metadata: ObjectMeta(name: "\(name).\(UInt64.random(in: 1...UInt64.max))", namespace: ns),
            involvedObject: ObjectReference(
                apiVersion: SparkApplication.resourceType.apiVersion, kind: SparkApplication.resourceType.kind,
                namespace: ns, name: name, uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion),
            reason: "SparkApplicationSubmitted", message: "SparkApplication \(name) was submitted successfully",
            type: "Normal", count: 1, firstTimestamp: now, lastTimestamp: now,
            source: Event.EventSource(component: "spark-operator")))
    }

    // MARK: - One run

    func measure(
        _ run: Run, cp: ControlPlane, client: KubeClient, watchClient: KubeClient, kubeletClient: KubeClient,
        template: SparkApplication
    ) async throws -> RunResult {
        let ns = run.namespace
        let what = run.mode == .burst ? "burst, \(concurrency) concurrent" : String(format: "steady %.0f/s", run.rate)
        print("run \(run.name): \(run.count) SparkApplications (\(what)), simulated kubelet \(run.kubelet ? "on" : "off")…")
        let op = try await BenchOperator(
            controlPlane: cp, name: "operator-\(run.name)", binary: operatorBinary, namespace: ns,
            controllerThreads: controllerThreads, allocator: allocator)
        let ready = try await op.waitReady().seconds

        let timeline = AppTimeline()
        let synced = SharedCounter()
        let logger = Logger(label: "bench")
        let podWatcher = Watcher(
            client: watchClient, store: Store<WatchedPod>(), namespace: ns, labelSelector: "spark-role=driver",
            logger: logger)
        let appWatcher = Watcher(client: watchClient, store: Store<WatchedApp>(), namespace: ns, logger: logger)
        let kubelet = run.kubelet
            ? SimulatedKubelet(client: kubeletClient, namespace: ns, logger: logger) : nil
        let pids = await cp.pids

        let result: RunResult
        do {
            result = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await podWatcher.run { event in
                        switch event {
                        case .synced: synced.add(1)
                        case .applied(let pod, nil):
                            if let app = pod.metadata.labels?["sparkoperator.k8s.io/app-name"] {
                                timeline.driverSeen(app: app, at: Date())
                            }
                        default: break
                        }
                    }
                }
                group.addTask {
                    try await appWatcher.run { event in
                        switch event {
                        case .synced: synced.add(1)
                        case .applied(let app, _): timeline.appSeen(app.name, state: app.state, at: Date())
                        default: break
                        }
                    }
                }
                if let kubelet { group.addTask { try await kubelet.run() } }
                while synced.load < 2 { try await Task.sleep(for: .milliseconds(10)) }

                let cpu0 = op.cpuSeconds
                let api0 = ProcessStats.cpuSeconds(pid: pids.apiServer)
                let etcd0 = ProcessStats.cpuSeconds(pid: pids.etcd)
                let self0 = ProcessStats.cpuSeconds()
                let requests0 = try await APIServerRequests.scrape(cp)
                let t0 = Date()
                let create: @Sendable (Int) async throws -> Void = { i in
                    var app = template
                    let name = "app-\(i)"
                    app.metadata = ObjectMeta(name: name, namespace: ns)
                    timeline.creating(name, at: Date())
                    do {
                        _ = try await client.create(app)
                        timeline.created(name, at: Date())
                    } catch {
                        timeline.createFailed(name, error)
                    }
                }
                switch run.mode {
                case .burst: try await forEachConcurrently(run.count, concurrency, create)
                case .steady: try await forEachAtRate(run.count, run.rate, create)
                }
                let offered = Double(run.count) / Date().timeIntervalSince(t0)

                // Until every app is submitted (kubelet off) or completed (kubelet on), or failed.
                let deadline = ContinuousClock.now + .seconds(timeout)
                var complete = false
                while ContinuousClock.now < deadline {
                    let c = timeline.counts
                    let done = run.kubelet ? c.completed : c.submitted
                    if done + c.failed >= run.count {
                        complete = true
                        break
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let cpu = op.cpuSeconds - cpu0
                let api = ProcessStats.cpuSeconds(pid: pids.apiServer) - api0
                let etcd = ProcessStats.cpuSeconds(pid: pids.etcd) - etcd0
                let benchCPU = ProcessStats.cpuSeconds() - self0
                let peak = op.peakRSSBytes
                let requests1 = try await APIServerRequests.scrape(cp)
                let writes = requests1.writes(since: requests0)
                let conflicts = requests1.conflicts(since: requests0)
                if ProcessInfo.processInfo.environment["BENCH_VERBOSE"] != nil {
                    for (k, v) in requests1.requests(since: requests0).sorted(by: { $0.value > $1.value }) {
                        print(String(format: "  requests: %@ %.0f", k, v))
                    }
                }
                group.cancelAll()

                let entries = timeline.entries
                let counts = timeline.counts
                var toDriver: [Double] = []
                var toSubmitted: [Double] = []
                var lastSubmitted = t0
                var firstSubmitted = Date.distantFuture
                var lastCompleted = t0
                for e in entries.values {
                    guard let start = e.createStart else { continue }
                    if let d = e.driverSeen { toDriver.append(d.timeIntervalSince(start)) }
                    if let s = e.submittedSeen {
                        toSubmitted.append(s.timeIntervalSince(start))
                        lastSubmitted = max(lastSubmitted, s)
                        firstSubmitted = min(firstSubmitted, s)
                    }
                    if let c = e.completedSeen { lastCompleted = max(lastCompleted, c) }
                }
                var lag: Percentiles?
                if let kubelet {
                    // Pod phase written by the kubelet (its journal) → app status seen by our watch.
                    var lags: [Double] = []
                    var firstPhase: [String: [String: Date]] = [:]
                    for event in kubelet.journal.all {
                        guard let phase = event.phase, phase == "Running" || phase == "Succeeded",
                              event.name.hasSuffix("-driver")
                        else { continue }
                        let app = String(event.name.dropLast("-driver".count))
                        if firstPhase[app]?[phase] == nil { firstPhase[app, default: [:]][phase] = event.time }
                    }
                    for (app, phases) in firstPhase {
                        guard let e = entries[app] else { continue }
                        if let t = phases["Running"], let seen = e.runningSeen { lags.append(seen.timeIntervalSince(t)) }
                        if let t = phases["Succeeded"], let seen = e.completedSeen { lags.append(seen.timeIntervalSince(t)) }
                    }
                    lag = Percentiles(lags)
                }
                let wall = lastSubmitted.timeIntervalSince(t0)
                return RunResult(
                    run: run, complete: complete, failed: counts.failed, operatorReady: ready, wall: wall,
                    steadyRate: Double(counts.submitted - 1) / lastSubmitted.timeIntervalSince(firstSubmitted),
                    writes: writes, conflicts: conflicts,
                    appsPerSecond: Double(counts.submitted) / wall, offered: offered,
                    toDriver: Percentiles(toDriver), toSubmitted: Percentiles(toSubmitted), statusLag: lag,
                    toCompletedAll: run.kubelet ? lastCompleted.timeIntervalSince(t0) : nil, operatorCPU: cpu,
                    operatorPeakRSS: peak, apiServerCPU: api, etcdCPU: etcd, benchCPU: benchCPU)
            }
        } catch {
            print("operator log:\n\(op.process.logTail())")
            await op.stop()
            throw error
        }
        await op.stop()
        print(String(format: "  %@: %.0f apps/s; create→driver pod p50 %@ p99 %@; create→SUBMITTED p50 %@ p99 %@; operator %.1f CPU-s, peak RSS %@%@",
                     result.complete ? "complete" : "INCOMPLETE", result.appsPerSecond, secs(result.toDriver(0.5)),
                     secs(result.toDriver(0.99)), secs(result.toSubmitted(0.5)), secs(result.toSubmitted(0.99)),
                     result.operatorCPU, mib(result.operatorPeakRSS),
                     result.statusLag.map { "; status lag p50 \(secs($0(0.5))) p99 \(secs($0(0.99)))" } ?? ""))
        if result.failed > 0 { print("  \(result.failed) applications failed") }
        return result
    }

    // MARK: - Report

    func report(
        _ results: [RunResult], ceilings: [Double], workloadCeilings: [Double], baseline: SparkSubmitBaseline.Result? = nil
    ) -> BenchResult {
        let ceiling = median(ceilings)
        let workloadCeiling = median(workloadCeilings)
        var r = BenchResult(
            benchmark: "apps", title: "SparkApplications through the operator",
            setup: "\(count) SparkApplications per run (\(kubeletCount) with the kubelet on; spark-pi spec, 2 executors), release operator (\(allocator)) with --controller-threads \(controllerThreads); burst: \(concurrency) concurrent creates; steady: \(Int(rate)) creates/s (\(Int(kubeletRate))/s with the kubelet on); kubelet on: the simulated kubelet runs driver and executors (0.2 s pending, 1 s running) to COMPLETED")
        r.row("API server bare ceiling: \(count) ConfigMap creates, \(concurrency) concurrent (median of \(ceilings.count))",
              String(format: "%.0f creates/s (runs: %@)", ceiling, ceilings.map { String(format: "%.0f", $0) }.joined(separator: ", ")))
        r.numbers["ceiling.createsPerSecond"] = ceiling
        r.row("API server ceiling of this workload: \(count) applications' writes (app, ConfigMap + 2 Services at once, pod, status, Event) made by the client itself, \(concurrency) concurrent, no operator (median of \(workloadCeilings.count))",
              String(format: "%.0f apps/s (runs: %@)", workloadCeiling, workloadCeilings.map { String(format: "%.0f", $0) }.joined(separator: ", ")))
        r.numbers["workloadCeiling.appsPerSecond"] = workloadCeiling
        for res in results {
            let p = res.run.name
            let label = (res.run.mode == .burst ? "burst" : String(format: "steady %.0f/s", res.run.rate))
                + ", kubelet \(res.run.kubelet ? "on" : "off")" + (res.complete ? "" : " (INCOMPLETE)")
            if res.run.mode == .burst {
                r.row("**\(label)**: apps/s (\(res.run.count) apps, first create → last SUBMITTED)",
                      String(format: "%.0f (%.1f s) = %.0f %% of the bare ConfigMap ceiling, %.0f %% of the workload's ceiling",
                             res.appsPerSecond, res.wall, 100 * res.appsPerSecond / ceiling, 100 * res.appsPerSecond / workloadCeiling))
            } else {
                r.row("**\(label)**: apps/s submitted (\(res.run.count) apps, first → last SUBMITTED)",
                      String(format: "%.0f (offered %.0f/s)", res.steadyRate, res.offered))
            }
            r.row("\(label): create → driver pod exists, p50 / p90 / p99",
                  "\(secs(res.toDriver(0.5))) / \(secs(res.toDriver(0.9))) / \(secs(res.toDriver(0.99)))")
            r.row("\(label): create → status SUBMITTED, p50 / p90 / p99",
                  "\(secs(res.toSubmitted(0.5))) / \(secs(res.toSubmitted(0.9))) / \(secs(res.toSubmitted(0.99)))")
            if let lag = res.statusLag {
                r.row("\(label): status lag (driver phase written → app status seen), p50 / p90 / p99 / max (\(lag.count) transitions)",
                      "\(secs(lag(0.5))) / \(secs(lag(0.9))) / \(secs(lag(0.99))) / \(secs(lag.max))")
                r.numbers["\(p).statusLag.p50"] = lag(0.5)
                r.numbers["\(p).statusLag.p90"] = lag(0.9)
                r.numbers["\(p).statusLag.p99"] = lag(0.99)
            }
            if let all = res.toCompletedAll { r.row("\(label): first create → last COMPLETED", secs(all)) }
            r.row("\(label): operator CPU-seconds (per app) / peak RSS",
                  String(format: "%.1f s (%.1f ms) / %@", res.operatorCPU, 1000 * res.operatorCPU / Double(res.run.count), mib(res.operatorPeakRSS)))
            r.row("\(label): CPU-seconds of the API server / etcd / benchmark process (client, watches\(res.run.kubelet ? ", kubelet" : ""))",
                  String(format: "%.1f / %.1f / %.1f", res.apiServerCPU, res.etcdCPU, res.benchCPU))
            let totalWrites = res.writes.values.reduce(0, +)
            let perApp = Double(res.run.count)
            r.row("\(label): API-server writes per app, all clients (by resource)",
                  String(format: "%.1f (", totalWrites / perApp)
                    + res.writes.sorted { $0.value > $1.value }.map { String(format: "%@ %.1f", $0.key, $0.value / perApp) }
                    .joined(separator: ", ") + ")"
                    + (res.conflicts.isEmpty ? "" : "; of which 409 Conflict/AlreadyExists: "
                        + res.conflicts.sorted { $0.value > $1.value }.map { String(format: "%@ %.2f", $0.key, $0.value / perApp) }
                        .joined(separator: ", ")))
            if res.failed > 0 { r.row("\(label): failed applications", "\(res.failed)") }
            r.numbers["\(p).steadyAppsPerSecond"] = res.steadyRate
            r.numbers["\(p).apiWritesPerApp"] = totalWrites / perApp
            for (k, v) in res.writes { r.numbers["\(p).apiWritesPerApp.\(k)"] = v / perApp }
            for (k, v) in res.conflicts { r.numbers["\(p).apiConflictsPerApp.\(k)"] = v / perApp }
            r.numbers["\(p).count"] = Double(res.run.count)
            r.numbers["\(p).complete"] = res.complete ? 1 : 0
            r.numbers["\(p).failed"] = Double(res.failed)
            r.numbers["\(p).appsPerSecond"] = res.appsPerSecond
            r.numbers["\(p).offeredCreatesPerSecond"] = res.offered
            r.numbers["\(p).ratioToCeiling"] = res.appsPerSecond / ceiling
            r.numbers["\(p).ratioToWorkloadCeiling"] = res.appsPerSecond / workloadCeiling
            for (q, v) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] {
                r.numbers["\(p).createToDriver.\(q)"] = res.toDriver(v)
                r.numbers["\(p).createToSubmitted.\(q)"] = res.toSubmitted(v)
            }
            r.numbers["\(p).operatorCPUSeconds"] = res.operatorCPU
            r.numbers["\(p).operatorPeakRSSBytes"] = Double(res.operatorPeakRSS)
            r.numbers["\(p).operatorReadySeconds"] = res.operatorReady
            r.numbers["\(p).apiServerCPUSeconds"] = res.apiServerCPU
            r.numbers["\(p).etcdCPUSeconds"] = res.etcdCPU
            r.numbers["\(p).benchCPUSeconds"] = res.benchCPU
            if let all = res.toCompletedAll { r.numbers["\(p).toLastCompleted"] = all }
        }

        let byName = Dictionary(results.map { ($0.run.name, $0) }) { a, _ in a }
        if let b = baseline { Self.report(baseline: b, burst: byName["burst"], into: &r) }

        // The issue's targets.
        if let burst = byName["burst"] {
            let steady = byName["steady"]
            let steadyOK = steady.map { $0.complete && $0.steadyRate >= 0.95 * $0.run.rate && $0.run.rate >= 100 } ?? true
            r.target("≥ 100 apps/s sustained",
                     measured: String(format: "burst of %d: %.0f apps/s", burst.run.count, burst.appsPerSecond)
                        + (steady.map { String(format: "; steady %.0f/s offered: %.0f apps/s submitted, p99 create → SUBMITTED %@", $0.run.rate, $0.steadyRate, secs($0.toSubmitted(0.99))) } ?? ""),
                     met: burst.complete && burst.appsPerSecond >= 100 && steadyOK)
            r.target("≥ 50 % of the bare API-server ceiling",
                     measured: String(format: "%.0f apps/s vs %.0f ConfigMap creates/s = %.0f %% (an application is %.1f writes); vs the same writes made by the client with no operator, %.0f apps/s: %.0f %%",
                                      burst.appsPerSecond, ceiling, 100 * burst.appsPerSecond / ceiling,
                                      burst.writes.values.reduce(0, +) / Double(burst.run.count), workloadCeiling,
                                      100 * burst.appsPerSecond / workloadCeiling),
                     met: burst.appsPerSecond >= 0.5 * ceiling)
            r.target("p99 create → driver pod < 1 s for a burst of 1000",
                     measured: "\(secs(burst.toDriver(0.99))) (burst of \(burst.run.count))",
                     met: burst.complete && burst.toDriver(0.99) < 1 && burst.run.count >= 1000)
        }
        let lags = results.compactMap { res in res.statusLag.map { (res.run.name, $0) } }
        if !lags.isEmpty {
            r.target("status lag p99 < 2 s",
                     measured: lags.map { "\($0.0): \(secs($0.1(0.99)))" }.joined(separator: "; "),
                     met: lags.allSatisfy { $0.1(0.99) < 2 })
        }
        return r
    }
}

extension AppsBenchmark {
    /// The spark-submit baseline's rows, and its ratios to the operator's burst of the same run.
    static func report(baseline b: SparkSubmitBaseline.Result, burst: RunResult?, into r: inout BenchResult) {
        let label = "**spark-submit baseline** (real spark-submit per app, as kubeflow runs it; \(b.count) apps, \(b.concurrency) at a time)"
        r.row("\(label): apps/s (first start → last exit)",
              String(format: "%.2f (%d of %d submitted, %.1f s)", b.appsPerSecond, b.succeeded, b.count, b.wall))
        r.row("spark-submit: one submission (process start → exit), p50 / p99",
              "\(secs(b.perSubmission(0.5))) / \(secs(b.perSubmission(0.99)))")
        r.row("spark-submit: process start → driver pod exists, p50 / p99",
              "\(secs(b.toDriver(0.5))) / \(secs(b.toDriver(0.99)))")
        r.row("spark-submit: CPU-seconds / peak RSS per submission (median)",
              String(format: "%.2f s / %@", b.cpuPerSubmission, mib(Int64(b.peakRSS(0.5)))))
        if let first = b.failures.first { r.row("spark-submit: failed submissions", "\(b.failures.count); first: \(first)") }
        r.numbers["sparkSubmit.count"] = Double(b.count)
        r.numbers["sparkSubmit.succeeded"] = Double(b.succeeded)
        r.numbers["sparkSubmit.appsPerSecond"] = b.appsPerSecond
        r.numbers["sparkSubmit.submission.p50"] = b.perSubmission(0.5)
        r.numbers["sparkSubmit.submission.p99"] = b.perSubmission(0.99)
        r.numbers["sparkSubmit.startToDriver.p50"] = b.toDriver(0.5)
        r.numbers["sparkSubmit.startToDriver.p99"] = b.toDriver(0.99)
        r.numbers["sparkSubmit.cpuSecondsPerSubmission"] = b.cpuPerSubmission
        r.numbers["sparkSubmit.peakRSSBytes.p50"] = b.peakRSS(0.5)
        guard let burst, b.succeeded > 0, burst.run.count > 0 else { return }
        let operatorCPUPerApp = burst.operatorCPU / Double(burst.run.count)
        r.row("operator vs spark-submit, same run: apps/s (operator burst ÷ spark-submit); CPU per app (spark-submit ÷ operator)",
              String(format: "%.0f× (%.0f vs %.2f apps/s); %.0f× (%.2f s vs %.1f ms)",
                     burst.appsPerSecond / b.appsPerSecond, burst.appsPerSecond, b.appsPerSecond,
                     b.cpuPerSubmission / operatorCPUPerApp, b.cpuPerSubmission, 1000 * operatorCPUPerApp))
        r.numbers["sparkSubmit.ratio.appsPerSecond"] = burst.appsPerSecond / b.appsPerSecond
        r.numbers["sparkSubmit.ratio.cpuPerApp"] = b.cpuPerSubmission / operatorCPUPerApp
    }
}

/// Runs `body(0..<count)` with at most `width` at a time.
func forEachConcurrently(
    _ count: Int, _ width: Int, _ body: @escaping @Sendable (Int) async throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        for _ in 0..<min(width, count) {
            let i = next
            next += 1
            group.addTask { try await body(i) }
        }
        while try await group.next() != nil {
            if next < count {
                let i = next
                next += 1
                group.addTask { try await body(i) }
            }
        }
    }
}

/// Starts `body(i)` at `i / perSecond` seconds from now, whether or not earlier ones finished.
func forEachAtRate(_ count: Int, _ perSecond: Double, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    let start = ContinuousClock.now
    try await withThrowingDiscardingTaskGroup { group in
        for i in 0..<count {
            try await Task.sleep(until: start + .milliseconds(Int64((Double(i) * 1000 / perSecond).rounded())), clock: .continuous)
            group.addTask { try await body(i) }
        }
    }
}
