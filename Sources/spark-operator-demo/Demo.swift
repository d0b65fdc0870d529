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
/// installs the CRDs, runs the operator against it with a *simulated* kubelet (pods are not real
/// processes: their phases are written by the simulator, which also creates executor pods as a
/// Spark driver would), applies examples/spark-pi.yaml and follows it to COMPLETED.
@main
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-operator-demo",
        abstract: "Run the operator on a local control plane with a simulated kubelet and submit SparkPi.")

    @Option(help: "The SparkApplication YAML to apply.") var file = "examples/spark-pi.yaml"
    @Flag(help: "Exit once the application finished, instead of waiting for Ctrl-C.") var exitWhenDone = false

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let logger = Logger(label: "spark-operator")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard var app = try YAML.documents(text).first(where: { $0["kind"]?.stringValue == "SparkApplication" })?
            .decode(as: SparkApplication.self)
        else { throw ValidationError("\(file): no SparkApplication in it") }

        say("starting a local control plane (etcd, kube-apiserver, kube-controller-manager v1.20)…")
        let cp = try await ControlPlane.start()
        do {
            try await demo(cp, app: &app, logger: logger)
        } catch {
            await cp.stop()
            throw error
        }
        await cp.stop()
    }

    func demo(_ cp: ControlPlane, app: inout SparkApplication, logger: Logger) async throws {
        _ = try await cp.installCRDs(from: "crds")
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let ns = app.metadata.namespace ?? "default"
        app.metadata.namespace = ns
        if let sa = app.spec.driver.serviceAccount {
            _ = try? await client.create(ServiceAccount(metadata: ObjectMeta(name: sa, namespace: ns)))
        }
        say("control plane ready. From another terminal:  export KUBECONFIG=\(cp.kubeconfigPath)")
        let recorder = EventRecorder(client: client, logger: logger)
        let controller = SparkApplicationController(
            client: client, options: OperatorOptions(), recorder: recorder, logger: logger)
        let kubelet = SimulatedKubelet(
            client: client, timing: .init(startDelay: .seconds(1), runDuration: .seconds(4)), logger: logger)
        say("operator running; kubelet SIMULATED (pod phases are written by a simulator, no containers run)")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.controller.run() }
            group.addTask { try await recorder.run() }
            group.addTask { try await kubelet.run() }
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
            // A fresh discovery cache: the shared one predates the CRDs.
            let table = try await cp.kubectl("get", "sparkapp", "-n", ns, "--cache-dir=\(cp.stateDir)/kubectl-cache-demo")
            print("\n$ kubectl get sparkapp -n \(ns)\n" + table.stdout + table.stderr)
            let pods = try await cp.kubectl("get", "pods", "-n", ns, "-L", "spark-role")
            print("$ kubectl get pods -n \(ns)\n" + pods.stdout)
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

    func say(_ s: String) { print("[demo] \(s)") }
}

/// Returns on SIGINT or SIGTERM.
func waitForInterrupt() async throws {
    for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { return }
}
