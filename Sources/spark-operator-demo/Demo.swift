import ArgumentParser
import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperator
import SparkOperatorAPI
import UnixSignals

/// `make demo`: starts a local control plane (etcd + kube-apiserver + kube-controller-manager),
/// installs the CRDs, runs the operator against it, applies a SparkApplication and follows it to
/// COMPLETED.
///
/// By default pods run for real: the process kubelet runs the driver and executor pods the
/// operator creates as local Spark 3.5.1 processes (`make spark` installs Java and pyspark), and
/// the demo applies examples/spark-py-pi.yaml and shows what π came out. With `--simulated` (or
/// when Spark or root is missing) the kubelet is simulated: pod phases are written by a
/// simulator, no containers run, and examples/spark-pi.yaml is applied.
@main
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-operator-demo",
        abstract: "Run the operator on a local control plane and submit SparkPi (real Spark processes, or a simulated kubelet).")

    @Option(help: "The SparkApplication YAML to apply (default: examples/spark-py-pi.yaml; with --simulated examples/spark-pi.yaml).")
    var file: String?
    @Flag(help: "Simulate the kubelet (no Spark processes) instead of running real Spark pods.") var simulated = false
    @Flag(help: "Exit once the application finished, instead of waiting for Ctrl-C.") var exitWhenDone = false

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let logger = Logger(label: "spark-operator")
        var real = !simulated
        if real {
            do {
                _ = try SparkInstallation.locate()
                guard geteuid() == 0 else { throw ValidationError("the process kubelet needs root (unshare -m)") }
            } catch {
                say("cannot run real Spark pods (\(error)); using the SIMULATED kubelet")
                real = false
            }
        }
        let file = self.file ?? (real ? "examples/spark-py-pi.yaml" : "examples/spark-pi.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard var app = try YAML.documents(text).first(where: { $0["kind"]?.stringValue == "SparkApplication" })?
            .decode(as: SparkApplication.self)
        else { throw ValidationError("\(file): no SparkApplication in it") }

        say("starting a local control plane (etcd, kube-apiserver, kube-controller-manager v1.20)…")
        let cp = try await ControlPlane.start()
        do {
            try await demo(cp, app: &app, file: file, real: real, logger: logger)
        } catch {
            await cp.stop()
            throw error
        }
        await cp.stop()
    }

    func demo(_ cp: ControlPlane, app: inout SparkApplication, file: String, real: Bool, logger: Logger) async throws {
        _ = try await cp.installCRDs(from: "crds")
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let ns = app.metadata.namespace ?? "default"
        app.metadata.namespace = ns
        try await cp.prepareSparkNamespace(ns, serviceAccount: app.spec.driver.serviceAccount ?? "spark-operator-spark")
        say("control plane ready. From another terminal:  export KUBECONFIG=\(cp.kubeconfigPath)")
        let recorder = EventRecorder(client: client, logger: logger)
        var options = OperatorOptions()
        // Driver pods reach the API server as kubernetes.default.svc (their hosts file) on its port.
        options.reconciler.submission.master = "k8s://https://kubernetes.default.svc:\(cp.apiServerPort)"
        let controller = SparkApplicationController(client: client, options: options, recorder: recorder, logger: logger)
        let kubelet: Kubelet
        if real {
            let configuration = try ProcessKubelet.installedSpark(
                controlPlane: cp, imageOverlays: ["/opt/spark-operator/examples": FileManager.default.currentDirectoryPath + "/examples"])
            kubelet = .process(try ProcessKubelet(client: client, configuration: configuration, logger: logger))
            say("operator running; kubelet: the PROCESS kubelet — driver and executor pods run as real Spark 3.5.1 processes")
        } else {
            kubelet = .simulated(SimulatedKubelet(
                client: client, timing: .init(startDelay: .seconds(1), runDuration: .seconds(4)), logger: logger))
            say("operator running; kubelet SIMULATED (pod phases are written by a simulator, no containers run)")
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.controller.run() }
            group.addTask { try await recorder.run() }
            group.addTask {
                switch kubelet {
                case .process(let k): try await k.run()
                case .simulated(let k): try await k.run()
                }
            }
            group.addTask { try await waitForInterrupt() }

            let created = try await client.create(app)
            say("applied \(file): SparkApplication \(ns)/\(created.name)")
            var last: ApplicationStateType?
            while true {
                let current = try await client.get(SparkApplication.self, name: created.name, namespace: ns)
                let state = current.status?.state ?? .new
                if state != last {
                    say("  \(created.name): \(state.rawValue.isEmpty ? "NEW" : state.rawValue)"
                        + (current.status?.applicationState?.errorMessage.map { " — \($0)" } ?? ""))
                    last = state
                }
                if state.isTerminal { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            if case .process(let k) = kubelet {
                let driver = "\(created.name)-driver"
                let log = k.log(namespace: ns, name: driver)
                let lines = log.split(separator: "\n").filter { $0.hasPrefix("Pi is roughly") || $0.hasPrefix("executor pod ") }
                out("\n$ grep -E 'Pi is roughly|executor pod' <driver log>   (\(k.logPath(namespace: ns, name: driver)))")
                out(lines.isEmpty ? log.split(separator: "\n").suffix(15).joined(separator: "\n") : lines.joined(separator: "\n"))
                out(String(format: "peak memory of the Spark pods: %.0f MiB", Double(k.peakMemoryOfAllPods) / 1_048_576))
                out("logs: sparkctl --kubeconfig \(cp.kubeconfigPath) log \(created.name) --pod-log-dir \(k.configuration.workDirectory)")
            }
            // A fresh discovery cache: the shared one predates the CRDs.
            let table = try await cp.kubectl("get", "sparkapp", "-n", ns, "--cache-dir=\(cp.stateDir)/kubectl-cache-demo")
            out("\n$ kubectl get sparkapp -n \(ns)\n" + table.stdout + table.stderr)
            let pods = try await cp.kubectl("get", "pods", "-n", ns, "-L", "spark-role")
            out("$ kubectl get pods -n \(ns)\n" + pods.stdout)
            if exitWhenDone {
                group.cancelAll()
            } else {
                say("KUBECONFIG=\(cp.kubeconfigPath) — Ctrl-C stops everything.")
                try await group.next()
                group.cancelAll()
            }
        }
        try? await client.shutdown()
        say("stopped.")
    }

    func say(_ s: String) { out("[demo] \(s)") }

    /// Straight to standard output (unbuffered: in order, and live when piped).
    func out(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
}

enum Kubelet {
    case process(ProcessKubelet)
    case simulated(SimulatedKubelet)
}

/// Returns on SIGINT or SIGTERM.
func waitForInterrupt() async throws {
    for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { return }
}
