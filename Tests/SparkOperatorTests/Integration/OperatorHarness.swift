import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperator
import SparkOperatorAPI

/// The operator's SparkApplication controller, an event recorder and a simulated kubelet, all
/// in-process against the shared real control plane, scoped to one fresh namespace.
struct OperatorHarness {
    let cp: ControlPlane
    let client: KubeClient
    let namespace: String

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `body` with the operator and a simulated kubelet running in a new namespace that has
    /// kubeflow's `spark-operator-spark` service account.
    static func run(
        prefix: String, options: (String) -> OperatorOptions = { OperatorOptions(namespaces: [$0]) },
        behaviour: @escaping SimulatedKubelet.Behaviour = { PodScript.default(for: $0) },
        _ body: (OperatorHarness) async throws -> Void
    ) async throws {
        let cp = try await ControlPlane.shared()
        _ = try await cp.installCRDs(from: repoRoot.appendingPathComponent("crds").path)
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let ns = try await cp.createNamespace(prefix: prefix, waitForServiceAccount: true)
        _ = try await client.create(ServiceAccount(metadata: ObjectMeta(name: "spark-operator-spark", namespace: ns)))
        let harness = OperatorHarness(cp: cp, client: client, namespace: ns)
        var logger = Logger(label: "operator")
        logger.logLevel = .notice
        let recorder = EventRecorder(client: client, logger: logger)
        let controller = SparkApplicationController(client: client, options: options(ns), recorder: recorder, logger: logger)
        var kubeletLogger = Logger(label: "kubelet")
        kubeletLogger.logLevel = .warning
        let kubelet = SimulatedKubelet(
            client: client, namespace: ns, timing: .init(startDelay: .milliseconds(100), runDuration: .milliseconds(500)),
            logger: kubeletLogger, behaviour: behaviour)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await controller.controller.run() }
                group.addTask { try await recorder.run() }
                group.addTask { try await kubelet.run() }
                try await body(harness)
                group.cancelAll()
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await cp.deleteNamespace(ns)
        try? await client.shutdown()
    }

    /// Creates a SparkApplication from a kubeflow example file, in this namespace.
    @discardableResult
    func createExample(_ file: String, name: String? = nil, edit: (inout SparkApplication) -> Void = { _ in })
        async throws -> SparkApplication
    {
        let url = Self.repoRoot.appendingPathComponent("Tests/SparkOperatorAPITests/Fixtures/kubeflow-examples/\(file)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let doc = try YAML.documents(text).first { $0["kind"]?.stringValue == "SparkApplication" }
        var app = try (doc ?? [:]).decode(as: SparkApplication.self)
        app.metadata.namespace = namespace
        if let name { app.metadata.name = name }
        edit(&app)
        return try await client.create(app)
    }

    func app(_ name: String) async throws -> SparkApplication {
        try await client.get(SparkApplication.self, name: name, namespace: namespace)
    }

    /// Waits until the application reaches `state`; fails early if it ends in another terminal state.
    @discardableResult
    func waitForState(_ name: String, _ state: ApplicationStateType, timeout: Duration = .seconds(60)) async throws
        -> SparkApplication
    {
        try await eventually("\(name) to reach \(state)", timeout: timeout, interval: .milliseconds(100)) {
            let app = try await self.app(name)
            let current = app.status?.state ?? .new
            if current == state { return app }
            if current.isTerminal && !state.isTerminal {
                throw ControlPlaneError("\(name) ended \(current): \(app.status?.applicationState?.errorMessage ?? "")")
            }
            return nil
        }
    }

    func pods(labelled selector: String) async throws -> [Pod] {
        try await client.list(Pod.self, namespace: namespace, options: ListOptions(labelSelector: selector)).items
    }

    func events(for name: String) async throws -> [Event] {
        try await client.list(Event.self, namespace: namespace, options: ListOptions(fieldSelector: "involvedObject.name=\(name)")).items
    }
}
