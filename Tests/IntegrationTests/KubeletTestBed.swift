import Kube
import KubeTesting
import Logging
import SparkOperatorAPI

/// A fresh namespace on a control plane, a client, and a way to run a `SimulatedKubelet` and a
/// `PodHistory` of the namespace beside a test body.
struct KubeletTestBed {
    let plane: ControlPlane
    let client: KubeClient
    let namespace: String

    /// A namespace on the shared control plane (or on `plane`), ready for pods.
    static func make(prefix: String, plane: ControlPlane? = nil) async throws -> KubeletTestBed {
        let plane = if let plane { plane } else { try await ControlPlane.shared() }
        let client = try KubeClient(kubeconfig: plane.kubeconfigPath)
        let namespace = try await plane.createNamespace(prefix: prefix, waitForServiceAccount: true)
        return KubeletTestBed(plane: plane, client: client, namespace: namespace)
    }

    /// A kubelet for this namespace.
    func kubelet(
        timing: SimulatedKubelet.Timing = SimulatedKubelet.Timing(),
        behaviour: @escaping SimulatedKubelet.Behaviour = { PodScript.default(for: $0) }
    ) -> SimulatedKubelet {
        var logger = Logger(label: "simulated-kubelet")
        logger.logLevel = .info
        return SimulatedKubelet(client: client, namespace: namespace, timing: timing, logger: logger, behaviour: behaviour)
    }

    /// Runs `kubelet` and a history of the namespace's pods while `body` runs; then stops them,
    /// deletes the namespace and closes the client.
    func run<T: Sendable>(_ kubelet: SimulatedKubelet, _ body: (PodHistory) async throws -> T) async throws -> T {
        let history = PodHistory()
        let client = self.client
        let namespace = self.namespace
        let result: Result<T, any Error>
        do {
            let value = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await history.run(client: client, namespace: namespace) }
                group.addTask { try await kubelet.run() }
                defer { group.cancelAll() }
                try await waitUntil("the pod history to list") { history.isListening }
                return try await body(history)
            }
            result = .success(value)
        } catch {
            result = .failure(error)
        }
        try? await plane.deleteNamespace(namespace)
        try? await client.shutdown()
        return try result.get()
    }

    /// A one-container pod.
    func pod(
        _ name: String, image: String = "busybox:1.36", labels: [String: String]? = nil, nodeName: String? = nil
    ) -> Pod {
        var spec: JSONValue = [
            "containers": [["name": "main", "image": .string(image), "command": ["sh", "-c", "true"]]],
            "restartPolicy": "Never",
        ]
        if let nodeName { spec["nodeName"] = .string(nodeName) }
        return Pod(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: spec)
    }
}
