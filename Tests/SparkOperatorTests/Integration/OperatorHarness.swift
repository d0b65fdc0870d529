import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperator
import SparkOperatorAPI

/// The operator's SparkApplication controller, an event recorder and a simulated kubelet, all
/// in-process against the shared real control plane, scoped to one fresh namespace.
///
/// The operator's controllers and recorder authenticate as the deployed ServiceAccount, bound to
/// exactly deploy/'s ClusterRole (`OperatorIdentity`): a permission the code needs and the
/// ClusterRole lacks fails the tests. The test's own calls (`client`) are admin's.
struct OperatorHarness {
    let cp: ControlPlane
    /// Admin: what the tests and the simulated kubelet use.
    let client: KubeClient
    /// The operator's identity (deploy/'s ClusterRole): what the controllers and recorder use.
    let operatorClient: KubeClient
    let namespace: String
    let kubelet: SimulatedKubelet
    let recorder: EventRecorder
    let logger: Logger
    /// Every driver pod of the namespace, as a watch saw them.
    let drivers: DriverPodMonitor

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examplesDirectory = repoRoot.appendingPathComponent("Tests/SparkOperatorAPITests/Fixtures/kubeflow-examples")

    /// How long a test waits for something that should happen: generous, as the whole suite
    /// shares two cores (a test that takes 10 s alone takes up to a minute then); a timeout only
    /// costs time when a test fails.
    static let patience: Duration = .seconds(120)

    /// Short pod timings, so that a run takes well under a second.
    static let fastTiming = SimulatedKubelet.Timing(startDelay: .milliseconds(100), runDuration: .milliseconds(500))

    /// Runs `body` with a simulated kubelet and (unless `startOperator` is false) the operator
    /// running in a new namespace that has kubeflow's `spark-operator-spark` service account.
    static func run(
        prefix: String, options: (String) -> OperatorOptions = { OperatorOptions(namespaces: [$0]) },
        startOperator: Bool = true, timing: SimulatedKubelet.Timing = fastTiming,
        behaviour: @escaping SimulatedKubelet.Behaviour = { PodScript.default(for: $0) },
        _ body: (OperatorHarness) async throws -> Void
    ) async throws {
        let cp = try await ControlPlane.shared()
        _ = try await cp.installCRDs(from: repoRoot.appendingPathComponent("crds").path)
        let client = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let operatorClient = try KubeClient(config: try await OperatorIdentity.config(on: cp))
        let ns = try await cp.createNamespace(prefix: prefix, waitForServiceAccount: true)
        _ = try await client.create(ServiceAccount(metadata: ObjectMeta(name: "spark-operator-spark", namespace: ns)))
        let denials = AuthorizationDenials()
        let logger = denials.logger(label: "operator")
        let recorder = EventRecorder(client: operatorClient, logger: logger)
        var kubeletLogger = Logger(label: "kubelet")
        kubeletLogger.logLevel = .warning
        let kubelet = SimulatedKubelet(client: client, namespace: ns, timing: timing, logger: kubeletLogger, behaviour: behaviour)
        let drivers = DriverPodMonitor(client: client, namespace: ns, logger: logger)
        let harness = OperatorHarness(
            cp: cp, client: client, operatorClient: operatorClient, namespace: ns, kubelet: kubelet, recorder: recorder,
            logger: logger, drivers: drivers)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await recorder.run() }
                group.addTask { try await kubelet.run() }
                group.addTask { try await drivers.run() }
                if startOperator {
                    let controller = SparkApplicationController(
                        client: operatorClient, options: options(ns), recorder: recorder, logger: logger)
                    group.addTask { try await controller.controller.run() }
                    let scheduled = ScheduledSparkApplicationController(
                        client: operatorClient, options: options(ns), logger: logger)
                    group.addTask { try await scheduled.controller.run() }
                }
                try await waitUntil("the driver pod watch to list", timeout: .seconds(30), interval: .milliseconds(10)) {
                    drivers.hasSynced
                }
                try await body(harness)
                group.cancelAll()
            }
        } catch {
            try? await operatorClient.shutdown()
            try? await client.shutdown()
            throw error
        }
        try? await cp.deleteNamespace(ns)
        try? await operatorClient.shutdown()
        try? await client.shutdown()
        let denied = denials.all
        if !denied.isEmpty {
            throw ControlPlaneError(
                "deploy/clusterrole.yaml lacks a permission the operator used:\n" + denied.joined(separator: "\n"))
        }
    }

    /// Runs a controller of its own (fresh caches, as a restarted or second operator) for the
    /// duration of `body`, and stops it.
    func withController<T: Sendable>(
        _ options: OperatorOptions, _ body: (SparkApplicationController) async throws -> T
    ) async throws -> T {
        let controller = SparkApplicationController(client: operatorClient, options: options, recorder: recorder, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.controller.run() }
            let result = try await body(controller)
            group.cancelAll()
            return result
        }
    }

    /// Runs a ScheduledSparkApplication controller of its own (fresh caches, as a restarted or
    /// second operator replica) for the duration of `body`, and stops it.
    func withScheduledController<T: Sendable>(
        _ options: OperatorOptions, _ body: (ScheduledSparkApplicationController) async throws -> T
    ) async throws -> T {
        let controller = ScheduledSparkApplicationController(client: operatorClient, options: options, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.controller.run() }
            let result = try await body(controller)
            group.cancelAll()
            return result
        }
    }

    /// The example's SparkApplication, in this namespace.
    static func example(_ file: String) throws -> SparkApplication {
        let doc = try exampleDocuments(file).first { $0["kind"]?.stringValue == "SparkApplication" }
        return try (doc ?? [:]).decode(as: SparkApplication.self)
    }

    static func exampleDocuments(_ file: String) throws -> [JSONValue] {
        let text = try String(contentsOf: examplesDirectory.appendingPathComponent(file), encoding: .utf8)
        return try YAML.documents(text)
    }

    /// Creates a SparkApplication from a kubeflow example file, in this namespace.
    @discardableResult
    func createExample(_ file: String, name: String? = nil, edit: (inout SparkApplication) -> Void = { _ in })
        async throws -> SparkApplication
    {
        var app = try Self.example(file)
        app.metadata.namespace = namespace
        if let name { app.metadata.name = name }
        edit(&app)
        return try await client.create(app)
    }

    /// Creates the ConfigMaps and Secrets of an example file (what its application needs), in this namespace.
    func createSupportingObjects(of file: String) async throws {
        for doc in try Self.exampleDocuments(file) {
            let type: ResourceType
            switch doc["kind"]?.stringValue {
            case "ConfigMap": type = ConfigMap.resourceType
            case "Secret": type = Secret.resourceType
            case "SparkApplication", "ScheduledSparkApplication": continue
            case let other: throw ControlPlaneError("\(file): no support for creating a \(other ?? "document without kind")")
            }
            _ = try await client.create(type, inNamespace(doc), namespace: namespace)
        }
    }

    private func inNamespace(_ doc: JSONValue) -> JSONValue {
        guard case .object(var object) = doc, case .object(var metadata)? = object["metadata"] else { return doc }
        metadata["namespace"] = .string(namespace)
        object["metadata"] = .object(metadata)
        return .object(object)
    }

    func app(_ name: String) async throws -> SparkApplication {
        try await client.get(SparkApplication.self, name: name, namespace: namespace)
    }

    /// The application as JSON, as a client without our types (Airflow) reads it.
    func rawApp(_ name: String) async throws -> JSONValue {
        try await client.get(SparkApplication.resourceType, name: name, namespace: namespace)
    }

    /// Merge-patches the application's spec (as `kubectl patch --type merge` would).
    @discardableResult
    func patchSpec(_ name: String, _ spec: [String: JSONValue]) async throws -> SparkApplication {
        try await client.patch(SparkApplication.self, name: name, namespace: namespace, patch: .merge(["spec": .object(spec)]))
    }

    /// Waits until the application reaches `state`; fails early if it ends in another terminal state.
    @discardableResult
    func waitForState(_ name: String, _ state: ApplicationStateType, timeout: Duration = patience) async throws
        -> SparkApplication
    {
        try await waitFor(name, "\(state)", timeout: timeout) { app in
            let current = app.status?.state ?? .new
            if current == state { return true }
            if current.isTerminal && !state.isTerminal {
                throw ControlPlaneError("\(name) ended \(current): \(app.status?.applicationState?.errorMessage ?? "")")
            }
            return false
        }
    }

    /// Waits until the application satisfies `condition`.
    @discardableResult
    func waitFor(
        _ name: String, _ what: String, timeout: Duration = patience,
        _ condition: @escaping (SparkApplication) throws -> Bool
    ) async throws -> SparkApplication {
        var last: SparkApplication?
        do {
            return try await eventually("\(name) to be \(what)", timeout: timeout, interval: .milliseconds(50)) {
                let app = try await self.app(name)
                last = app
                return try condition(app) ? app : nil
            }
        } catch let error as ControlPlaneError {
            let status = last?.status
            throw ControlPlaneError(
                "\(error.message); last state \(status?.state.rawValue ?? "none") (\(status?.applicationState?.errorMessage ?? "")), "
                    + "attempts \(status?.submissionAttempts ?? 0)/\(status?.executionAttempts ?? 0)")
        }
    }

    /// Waits until no object of type `T` named `name` exists.
    func waitUntilGone<T: KubernetesObject>(_ type: T.Type, _ name: String, timeout: Duration = patience) async throws {
        try await waitUntil("\(T.resourceType) \(namespace)/\(name) to be gone", timeout: timeout) {
            do {
                _ = try await client.get(T.self, name: name, namespace: namespace)
                return false
            } catch let e as KubeAPIError where e.isNotFound {
                return true
            }
        }
    }

    func pods(labelled selector: String) async throws -> [Pod] {
        try await client.list(Pod.self, namespace: namespace, options: ListOptions(labelSelector: selector)).items
    }

    func list<T: KubernetesObject>(_ type: T.Type, labelled selector: String? = nil) async throws -> [T] {
        try await client.list(T.self, namespace: namespace, options: ListOptions(labelSelector: selector)).items
    }

    func events(for name: String) async throws -> [Event] {
        try await client.list(Event.self, namespace: namespace, options: ListOptions(fieldSelector: "involvedObject.name=\(name)")).items
    }

    /// How many times each event reason was recorded for `name` (repeats are merged into one
    /// Event with a count), once every reason in `awaiting` has been counted at least that many
    /// times: the operator records an
    /// event just after the status write a test waits for, and the recorder writes it later.
    func eventCounts(for name: String, awaiting: [String: Int] = [:]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        do {
            try await waitUntil("events \(awaiting) for \(name)", timeout: .seconds(60)) {
                await recorder.flush()
                counts = [:]
                for e in try await events(for: name) {
                    counts[e.reason ?? "", default: 0] += Int(e.count ?? 1)
                }
                return awaiting.allSatisfy { (counts[$0.key] ?? 0) >= $0.value }
            }
        } catch let error as ControlPlaneError {
            throw ControlPlaneError("\(error.message); events: \(counts)")
        }
        return counts
    }

    /// Lets `d` pass while asserting `condition` holds all along (for "does not happen" checks).
    func holds(for d: Duration, _ what: String, _ condition: () async throws -> Bool) async throws {
        let end = ContinuousClock.now + d
        while ContinuousClock.now < end {
            guard try await condition() else { throw ControlPlaneError("no longer true: \(what)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
