import ArgumentParser
import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperator
import SparkOperatorAPI

/// Issue 4's figures: the initial paginated list of N SparkApplications into the store, and the
/// memory each cached SparkApplication costs.
struct StoreListBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-list",
        abstract: "Create N SparkApplications, then time the paginated initial list into a Store and measure RSS per cached app.")

    @Option(help: "Number of SparkApplications.") var count = 10_000
    @Option(help: "LIST page size.") var pageSize = 500
    @Option(help: "Concurrent creates.") var concurrency = 32
    @Option(help: "Repetitions of the list (median reported).") var repeats = 3
    @Option(help: "Give every app the status of a completed run (what a cluster's history of apps looks like), so the operator caches them without submitting them.")
    var completed = true
    @Flag(help: "Give every app its own spec (its arguments differ): no two specs are equal, so none is shared in the cache.")
    var distinctSpecs = false
    @Option(help: "The operator binary whose RSS with N apps cached is measured (default .build/release/spark-operator); 'none' skips it.")
    var operatorBinary: String?
    @Option(help: "The allocator the operator runs with: jemalloc (preloaded, as the image runs it) or glibc.")
    var allocator: OperatorAllocator = .jemalloc
    @Flag(inversion: .prefixedNo, help: "Also measure the operator with glibc's malloc, for comparison.")
    var compareGlibc = true
    @Option(help: "Write the figures as JSON to this file (for `report`).") var json: String?

    func run() async throws {
        try await BenchControlPlane.run(logLevel: .warning) { try await measure($0) }
    }

    func measure(_ cp: ControlPlane) async throws {
        let apply = try await cp.kubectl("apply", "-f", BenchControlPlane.repoRoot + "/crds")
        guard apply.succeeded else { throw ValidationError("kubectl apply -f crds failed: \(apply)") }
        _ = try await cp.kubectl("wait", "--for=condition=Established", "crd/sparkapplications.sparkoperator.k8s.io")
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        defer { _ = client }

        let template = try YAML.decode(SparkApplication.self, from: Self.appYAML)
        let measureOperator = operatorBinary != "none"
        let cpRef = cp
        // The allocator the image runs with first (the targets are judged on it), then glibc's.
        let allocators = [allocator] + (compareGlibc && allocator != .glibc ? [.glibc] : [])
        func startOperator(_ name: String, _ allocator: OperatorAllocator) async throws -> BenchOperator {
            try await BenchOperator(
                controlPlane: cpRef, name: name, binary: operatorBinary, namespace: "default", controllerThreads: 10,
                allocator: allocator)
        }
        // The operator's own memory with nothing to cache, for comparison.
        var idleRSS: [OperatorAllocator: Int64] = [:]
        if measureOperator {
            for allocator in allocators {
                let op = try await startOperator("operator-empty-\(allocator.rawValue)", allocator)
                _ = try await op.waitReady()
                try await Task.sleep(for: .seconds(12))
                idleRSS[allocator] = op.rssBytes
                Self.saveSmaps(of: op, as: "idle-\(allocator.rawValue)")
                await op.stop()
                print("operator (\(allocator)) with nothing cached: RSS \(mib(idleRSS[allocator] ?? 0))")
            }
        }
        let completed = self.completed
        let createStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let i = next
                next += 1
                group.addTask {
                    var app = template
                    app.metadata = ObjectMeta(name: "app-\(i)", namespace: "default")
                    if distinctSpecs { app.spec.arguments = ["\(1000 + i)"] }
                    var created = try await client.create(app)
                    if completed {
                        created.status = Self.completedStatus(app: created)
                        _ = try await client.updateStatus(created)
                    }
                }
            }
            for _ in 0..<min(concurrency, count) { add() }
            while try await group.next() != nil { if next < count { add() } }
        }
        let createSeconds = (ContinuousClock.now - createStart).seconds
        print(String(format: "created %d SparkApplications%@ in %.1f s (%.0f apps/s, %d concurrent)",
                     count, completed ? " and their status" : "", createSeconds, Double(count) / createSeconds, concurrency))

        // The API server's own cost: the same paginated LIST fetched by curl, bytes discarded.
        let curlStart = ContinuousClock.now
        var continueToken: String? = nil
        var pages = 0
        repeat {
            var url = "\(cp.url)/apis/sparkoperator.k8s.io/v1beta2/sparkapplications?limit=\(pageSize)"
            if let c = continueToken { url += "&continue=\(c.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? c)" }
            let r = try await Command.run(
                "/usr/bin/curl", ["-sf", "--cacert", cp.caFile, "-H", "Authorization: Bearer \(cp.adminToken)", url])
            let meta = try JSONDecoder().decode(ListContinue.self, from: Data(r.stdout.utf8))
            continueToken = meta.metadata.continue.flatMap { $0.isEmpty ? nil : $0 }
            pages += 1
        } while continueToken != nil
        let curlSeconds = (ContinuousClock.now - curlStart).seconds
        print(String(format: "API server alone (curl, %d pages): %.2f s", pages, curlSeconds))

        var times: [Double] = []
        var perApp: [Double] = []
        for r in 0..<repeats {
            let store = Store<SparkApplication>(canonicalize: SparkApplication.sharingSpecs(SharingPool()))
            ProcessStats.trimHeap()
            let rssBefore = ProcessStats.rssBytes()
            let start = ContinuousClock.now
            try await fill(store, client: client)
            let seconds = (ContinuousClock.now - start).seconds
            // What stays: the cached objects (response buffers and pages are freed by now).
            ProcessStats.trimHeap()
            let rssAfter = ProcessStats.rssBytes()
            precondition(store.count == count, "store has \(store.count), expected \(count)")
            times.append(seconds)
            let bytesPerApp = Double(rssAfter - rssBefore) / Double(count)
            perApp.append(bytesPerApp)
            print(String(format: "  run %d: list+store %.2f s (%.0f objects/s), RSS %@ → %@ (%.0f bytes per cached app)",
                         r + 1, seconds, Double(count) / seconds, mib(rssBefore), mib(rssAfter), bytesPerApp))
        }
        let medianTime = times.sorted()[times.count / 2]
        let medianPerApp = perApp.sorted()[perApp.count / 2]
        var r = BenchResult(
            benchmark: "store-list",
            title: "\(count) SparkApplications cached" + (distinctSpecs ? ", every spec different" : ", equal specs"),
            setup: "\(count) SparkApplications with the spark-pi spec\(distinctSpecs ? " (each with its own arguments: no two specs equal)" : " (all equal: the cache keeps one spec, as for the runs of one schedule)")\(completed ? " and the status of a completed run (driver info, 2 executors)" : ""), created by the benchmark with \(concurrency) concurrent clients; the list into a Store in the benchmark process, then the release operator binary started against them")
        r.row(String(format: "initial list of %d SparkApplications (pages of %d) into a Store, median of %d", count, pageSize, repeats),
              String(format: "%.2f s (%.0f objects/s)", medianTime, Double(count) / medianTime))
        r.row("the same LIST fetched by curl, bytes discarded (the API server alone)", String(format: "%.2f s", curlSeconds))
        r.row("RSS per cached SparkApplication in the Store (after malloc_trim), median",
              String(format: "%.1f KiB (runs: %@)", medianPerApp / 1024, perApp.map { String(format: "%.1f", $0 / 1024) }.joined(separator: ", ")))
        r.row(String(format: "creating the %d SparkApplications%@ (%d concurrent)", count, completed ? " + their status" : "", concurrency),
              String(format: "%.1f s (%.0f apps/s)", createSeconds, Double(count) / createSeconds))
        r.numbers["list.seconds"] = medianTime
        r.numbers["list.curlSeconds"] = curlSeconds
        r.numbers["store.bytesPerApp"] = medianPerApp
        r.numbers["create.seconds"] = createSeconds

        for (i, allocator) in allocators.enumerated() where measureOperator {
            // The operator itself: time to its initial sync (readyz) and its memory with every app cached.
            let op = try await startOperator("operator-\(count)-\(allocator.rawValue)", allocator)
            let ready = try await op.waitReady().seconds
            try await op.waitIdle()
            // Steady state: the operator gives freed heap back 2 s and 10 s after its sync.
            try await Task.sleep(for: .seconds(12))
            let settled = op.rssBytes
            Self.saveSmaps(of: op, as: "\(count)-\(allocator.rawValue)")
            let peak = op.peakRSSBytes
            let cpu = op.cpuSeconds
            await op.stop()
            let idle = idleRSS[allocator] ?? 0
            r.row("operator (release binary, \(allocator)): start → ready (initial list of both kinds and pods synced)", secs(ready))
            r.row("operator (\(allocator)) RSS with nothing cached / with \(count) apps cached (settled) / peak",
                  "\(mib(idle)) / \(mib(settled)) / \(mib(peak))")
            r.row("operator (\(allocator)) RSS per cached SparkApplication", String(format: "%.1f KiB", Double(settled - idle) / Double(count) / 1024))
            r.row("operator (\(allocator)) CPU-seconds from start to idle (list, decode, one reconcile per app)", String(format: "%.1f s", cpu))
            // The first allocator's figures are the operator's (as shipped); the comparison's are prefixed.
            let key = i == 0 ? "operator" : "operator.\(allocator.rawValue)"
            r.numbers["\(key).readySeconds"] = ready
            r.numbers["\(key).idleRSSBytes"] = Double(idle)
            r.numbers["\(key).rssBytes"] = Double(settled)
            r.numbers["\(key).peakRSSBytes"] = Double(peak)
            r.numbers["\(key).cpuSeconds"] = cpu
            // The target is for 10 000 apps: a smaller run (a quick check) is not judged against it.
            if i == 0, count >= 10_000 {
                r.target("RSS < 64 MiB with \(count) apps" + (distinctSpecs ? " (every spec different)" : " (equal specs)") + ", \(allocator)",
                         measured: "\(mib(settled)) settled, \(mib(peak)) peak (\(mib(idle)) with none)",
                         met: settled < 64 << 20)
            }
        }
        r.printTable()
        if let json { try r.write(to: json) }
        try await client.shutdown()
    }

    /// What a completed run of the spark-pi app has in its status.
    static func completedStatus(app: SparkApplication) -> SparkApplicationStatus {
        var status = SparkApplicationStatus()
        let uid = app.metadata.uid ?? "0"
        status.sparkApplicationId = "spark-\(uid.replacingOccurrences(of: "-", with: ""))"
        status.submissionID = uid
        let now = KubeTime(Date())
        status.lastSubmissionAttemptTime = now
        status.terminationTime = now
        var driver = DriverInfo()
        driver.podName = "\(app.name)-driver"
        driver.webUIServiceName = "\(app.name)-ui-svc"
        driver.webUIPort = 4040
        driver.webUIAddress = "10.96.0.1:4040"
        status.driverInfo = driver
        status.applicationState = ApplicationState(state: .completed)
        status.executorState = ["\(app.name)-exec-1": .completed, "\(app.name)-exec-2": .completed]
        status.executionAttempts = 1
        status.submissionAttempts = 1
        return status
    }

    struct ListContinue: Decodable {
        struct Meta: Decodable { var `continue`: String? }
        var metadata: Meta
    }

    /// The watcher's initial list: every page, then an atomic replace of the store (decoded
    /// and stored as the operator's cache does).
    func fill(_ store: Store<SparkApplication>, client: KubeClient) async throws {
        let list = try await client.listAll(
            SparkApplication.self, options: ListOptions(limit: pageSize),
            decoder: SparkApplication.cacheDecoder(sharing: JSONValueSharing()))
        store.replace(list.items, resourceVersion: list.resourceVersion)
    }

    /// BENCH_SMAPS=dir: keeps the operator's /proc/<pid>/smaps at each RSS measurement
    /// (dir/operator-<what>.smaps), to see which mappings the resident memory is in, and its log
    /// so far (the heap statistics it logs after each trim are debug lines: not at the
    /// benchmark's --log-level warning).
    static func saveSmaps(of op: BenchOperator, as what: String) {
        guard let dir = ProcessInfo.processInfo.environment["BENCH_SMAPS"], !dir.isEmpty,
              let file = FileHandle(forReadingAtPath: "/proc/\(op.pid)/smaps"),
              let smaps = try? file.readToEnd()  // procfs: read to EOF (its files report size 0)
        else { return }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "\(dir)/operator-\(what).smaps", contents: smaps)
        FileManager.default.createFile(
            atPath: "\(dir)/operator-\(what).log", contents: FileManager.default.contents(atPath: op.process.logFile))
    }

    static let appYAML = """
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata: {name: template, namespace: default}
        spec:
          type: Scala
          mode: cluster
          image: docker.io/apache/spark:3.5.1
          imagePullPolicy: IfNotPresent
          mainClass: org.apache.spark.examples.SparkPi
          mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
          arguments: ["1000"]
          sparkVersion: 3.5.1
          driver:
            cores: 1
            memory: 512m
            labels: {version: 3.5.1}
            serviceAccount: spark-operator-spark
            securityContext: {capabilities: {drop: [ALL]}, runAsUser: 185, runAsNonRoot: true, allowPrivilegeEscalation: false}
          executor:
            instances: 2
            cores: 1
            memory: 512m
            labels: {version: 3.5.1}
            securityContext: {capabilities: {drop: [ALL]}, runAsUser: 185, runAsNonRoot: true, allowPrivilegeEscalation: false}
        """
}
