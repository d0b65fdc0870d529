import Foundation
import Kube
import KubeTesting
import Logging
import SparkOperatorAPI

/// Real Spark through the real chain: the `spark-operator` binary (as a user runs it) on the
/// shared control plane, and a process kubelet running the driver and executor pods it makes as
/// local JVMs. One namespace per case, with kubeflow's driver ServiceAccount and its Role.
///
/// `make e2e` runs every case (`SPARK_E2E=full`); `make test` the short ones. Each case reports
/// its time and peak memory (all pods' processes together, and the operator's) on stdout and,
/// when `SPARK_E2E_REPORT` names a file, as a Markdown table row appended to it.
struct RealSparkBed {
    let plane: ControlPlane
    let client: KubeClient
    let namespace: String
    let kubelet: ProcessKubelet
    let operatorProcess: OperatorProcess

    /// Whether the long cases run too (`SPARK_E2E=full`, as `make e2e` sets).
    static var full: Bool { ProcessInfo.processInfo.environment["SPARK_E2E"] == "full" }

    /// Runs `body` with the operator and the process kubelet on a new namespace, then stops them
    /// and reports the case.
    static func run(
        _ caseName: String, operatorFlags: [String] = [], _ body: (RealSparkBed) async throws -> Void
    ) async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let namespace = try await plane.createNamespace(prefix: "e2e")
        try await plane.prepareSparkNamespace(namespace)
        let client = try KubeClient(kubeconfig: plane.kubeconfigPath)
        let configuration = try ProcessKubelet.installedSpark(
            controlPlane: plane,
            imageOverlays: ["/opt/spark-operator/examples": TestPaths.repoRoot.appendingPathComponent("examples").path])
        var logger = Logger(label: "process-kubelet")
        logger.logLevel = .warning
        let kubelet = try ProcessKubelet(client: client, configuration: configuration, namespace: namespace, logger: logger)
        let operatorProcess = try OperatorProcess.start(
            controlPlane: plane, name: "operator-\(namespace)",
            arguments: [
                "--kubeconfig", plane.kubeconfigPath, "--namespaces", namespace,
                // The API server as driver pods reach it: kubernetes.default.svc (the pods' hosts
                // file) on the port this control plane listens on.
                "--spark-master", "k8s://https://kubernetes.default.svc:\(plane.apiServerPort)",
            ] + operatorFlags)
        let bed = RealSparkBed(
            plane: plane, client: client, namespace: namespace, kubelet: kubelet, operatorProcess: operatorProcess)
        let started = ContinuousClock.now
        let operatorPeak = LockedValue<Int64>(0)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await kubelet.run() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .milliseconds(500))
                        let rss = ProcessStats.rssBytes(pid: operatorProcess.pid)
                        operatorPeak.withLock { $0 = max($0, rss) }
                    }
                }
                defer { group.cancelAll() }
                try await body(bed)
            }
        } catch {
            print("[e2e] \(caseName) failed; operator log tail:\n\(operatorProcess.logTail(lines: 30))")
            await operatorProcess.stop()
            try? await client.shutdown()
            throw error
        }
        let elapsed = ContinuousClock.now - started
        await operatorProcess.stop()
        try? await plane.deleteNamespace(namespace)
        try? await client.shutdown()
        try? FileManager.default.removeItem(atPath: configuration.workDirectory)
        report(caseName, seconds: elapsed, podsPeak: kubelet.peakMemoryOfAllPods, operatorPeak: operatorPeak.withLock { $0 })
    }

    private static func report(_ name: String, seconds: Duration, podsPeak: Int64, operatorPeak: Int64) {
        let mib = { (bytes: Int64) in String(format: "%.0f MiB", Double(bytes) / 1_048_576) }
        let secs = String(format: "%.1f s", Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18)
        let row = "| \(name) | \(secs) | \(mib(podsPeak)) | \(mib(operatorPeak)) |"
        print("[e2e] \(row)")
        if let file = ProcessInfo.processInfo.environment["SPARK_E2E_REPORT"], !file.isEmpty {
            if !FileManager.default.fileExists(atPath: file) {
                try? "| case | time | peak RSS of the pods | peak RSS of the operator |\n|---|---|---|---|\n"
                    .write(toFile: file, atomically: true, encoding: .utf8)
            }
            if let handle = FileHandle(forWritingAtPath: file) {
                _ = try? handle.seekToEnd()
                try? handle.write(contentsOf: Data((row + "\n").utf8))
                try? handle.close()
            }
        }
    }

    // MARK: - Helpers for the cases

    /// `kubectl apply -n <namespace> -f -` of `yaml`.
    func apply(_ yaml: String) async throws {
        let result = try await plane.kubectl(["apply", "-n", namespace, "-f", "-"], stdin: yaml)
        guard result.succeeded else { throw TestFailure("kubectl apply failed: \(result)\n\(yaml)") }
    }

    func application(_ name: String) async throws -> SparkApplication {
        try await client.get(SparkApplication.self, name: name, namespace: namespace)
    }

    /// Waits until the application reaches `state`; fails at once if it ends in another final state.
    @discardableResult
    func waitForState(_ state: ApplicationStateType, of name: String, timeout: Duration = .seconds(180)) async throws
        -> SparkApplication
    {
        try await eventually("SparkApplication \(namespace)/\(name) to be \(state.rawValue)", timeout: timeout, interval: .milliseconds(250)) {
            let app = try await application(name)
            let current = app.status?.applicationState?.state
            if current == state { return app }
            if let current, [.completed, .failed].contains(current) {
                throw TestFailure(
                    "\(name) ended \(current.rawValue), not \(state.rawValue): \(app.status?.applicationState?.errorMessage ?? "")\n"
                        + "driver log:\n\(kubelet.log(namespace: namespace, name: "\(name)-driver").suffix(3000))")
            }
            return nil
        }
    }
}
