import ArgumentParser
import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
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
        let createStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let i = next
                next += 1
                group.addTask {
                    var app = template
                    app.metadata = ObjectMeta(name: "app-\(i)", namespace: "default")
                    _ = try await client.create(app)
                }
            }
            for _ in 0..<min(concurrency, count) { add() }
            while try await group.next() != nil { if next < count { add() } }
        }
        let createSeconds = (ContinuousClock.now - createStart).seconds
        print(String(format: "created %d SparkApplications in %.1f s (%.0f creates/s, %d concurrent)",
                     count, createSeconds, Double(count) / createSeconds, concurrency))

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
            let store = Store<SparkApplication>()
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
        print("")
        print("| figure | value |")
        print("|---|---|")
        print(String(format: "| initial list of %d SparkApplications (pages of %d) into the store, median of %d | %.2f s |", count, pageSize, repeats, medianTime))
        print(String(format: "| objects listed and cached per second | %.0f |", Double(count) / medianTime))
        print(String(format: "| RSS per cached SparkApplication (spark-pi spec), median | %.1f KiB |", medianPerApp / 1024))
        print(String(format: "| peak RSS of the benchmark process | %@ |", mib(ProcessStats.peakRSSBytes())))
        try await client.shutdown()
    }

    struct ListContinue: Decodable {
        struct Meta: Decodable { var `continue`: String? }
        var metadata: Meta
    }

    /// The watcher's initial list: every page, then an atomic replace of the store.
    func fill(_ store: Store<SparkApplication>, client: KubeClient) async throws {
        let list = try await client.listAll(SparkApplication.self, options: ListOptions(limit: pageSize))
        store.replace(list.items, resourceVersion: list.resourceVersion)
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
