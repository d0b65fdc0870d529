import Foundation
import Kube
import Logging

/// A kubelet for tests, without nodes or containers: it watches pods and moves them through
/// Pending → Running → Succeeded/Failed by writing their status through the `pods/status`
/// subresource, so every state transition happens on the real API server. Pods are never bound
/// (no nodeName needed).
///
/// What happens to a pod is its `PodScript`, chosen by `behaviour` when the kubelet first sees
/// the pod (`PodScript.default(for:)` unless told otherwise). A driver pod (label
/// `spark-role=driver`) that runs acts as a Spark driver: it reads its `spark.properties` and
/// executor pod template from its ConfigMaps and creates executor pods as Spark 3.5 would; they
/// run while it runs and are deleted when it ends. Deleted pods are honoured: a graceful delete
/// (a pod with a nodeName or finalizers) is completed as a kubelet does.
///
/// Scope it to the test's namespace (or a label selector): on the shared control plane a kubelet
/// of all namespaces runs every test's pods. With a label selector, executors are run only if
/// they match it too (give them the label with `spark.kubernetes.executor.label.*`). Pods it
/// first sees in another phase than Pending (run by someone else) are left alone, unless they are
/// being deleted.
///
/// Everything it does is recorded in `journal` (`events(namespace:name:)`,
/// `waitForPhase(_:namespace:name:)`). Run it beside the test body and cancel it at the end:
///
/// ```swift
/// let kubelet = SimulatedKubelet(client: client, namespace: ns) { pod in
///     pod.name == "broken" ? .fails(exitCode: 3, message: "boom") : .default(for: pod)
/// }
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await kubelet.run() }
///     _ = try await client.create(pod)
///     try await kubelet.waitForPhase("Succeeded", namespace: ns, name: pod.name)
///     group.cancelAll()
/// }
/// ```
public final class SimulatedKubelet: Sendable {
    /// Chooses the script of a pod the kubelet sees for the first time.
    public typealias Behaviour = @Sendable (Pod) -> PodScript

    /// Default durations of the scripts, and how the kubelet waits and retries.
    public struct Timing: Sendable, Hashable {
        /// How long a pod stays Pending (`ContainerCreating`) before it runs.
        public var startDelay: Duration
        /// How long a pod runs before it exits.
        public var runDuration: Duration
        /// How often a Pending pod checks again for a ConfigMap or Secret its volumes need.
        public var volumePollInterval: Duration
        /// First and longest delay before retrying a failed API call or a broken watch.
        public var retryBackoff: Duration
        public var maxRetryBackoff: Duration
        /// How long a driver whose executors end `Succeeded` waits for them to exit.
        public var executorStopTimeout: Duration

        public init(
            startDelay: Duration = .milliseconds(200), runDuration: Duration = .seconds(1),
            volumePollInterval: Duration = .milliseconds(200), retryBackoff: Duration = .milliseconds(100),
            maxRetryBackoff: Duration = .seconds(2), executorStopTimeout: Duration = .seconds(30)
        ) {
            self.startDelay = startDelay
            self.runDuration = runDuration
            self.volumePollInterval = volumePollInterval
            self.retryBackoff = retryBackoff
            self.maxRetryBackoff = maxRetryBackoff
            self.executorStopTimeout = executorStopTimeout
        }
    }

    /// The namespace watched; nil: all namespaces.
    public let namespace: String?
    /// Only pods matching this label selector are run.
    public let labelSelector: String?
    public let timing: Timing
    /// The node IP written as every pod's `hostIP`.
    public let hostIP: String
    /// What the kubelet did, per pod.
    public let journal: KubeletJournal

    let client: KubeClient
    let behaviour: Behaviour
    let logger: Logger
    let ips = PodIPAllocator()
    let registry = PodRegistry()
    let retry: KubeletRetry
    let writer: PodStatusWriter
    let sparkDriver: SimulatedSparkDriver

    public init(
        client: KubeClient, namespace: String? = nil, labelSelector: String? = nil, timing: Timing = Timing(),
        hostIP: String = "172.18.0.2", logger: Logger = Logger(label: "simulated-kubelet"),
        behaviour: @escaping Behaviour = { PodScript.default(for: $0) }
    ) {
        self.client = client
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.timing = timing
        self.hostIP = hostIP
        self.logger = logger
        self.behaviour = behaviour
        let journal = KubeletJournal()
        self.journal = journal
        let retry = KubeletRetry(initial: timing.retryBackoff, maximum: timing.maxRetryBackoff, logger: logger)
        self.retry = retry
        self.writer = PodStatusWriter(client: client, retry: retry)
        self.sparkDriver = SimulatedSparkDriver(
            client: client, retry: retry, registry: registry, journal: journal, logger: logger)
    }

    /// Watches pods and runs each one's script, until cancelled.
    public func run() async throws {
        let watch = PodListWatch(
            client: client, namespace: namespace, labelSelector: labelSelector, backoffInitial: timing.retryBackoff,
            backoffMaximum: timing.maxRetryBackoff, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            try await watch.dispatch(
                into: &group, known: { registry.uids },
                take: { pod -> PodListWatch.Work? in
                    guard let worker = take(pod) else { return nil }
                    return { await worker.run() }
                },
                forget: { forget(uid: $0) })
        }
    }

    // MARK: - Assertions

    /// What the kubelet did for the pod(s) named `name` in `namespace`, in order.
    public func events(namespace: String, name: String) -> [KubeletEvent] {
        journal.events(namespace: namespace, name: name)
    }

    /// Waits until the kubelet has written `phase` (`Running`, `Succeeded`, …) for the pod.
    @discardableResult
    public func waitForPhase(
        _ phase: String, namespace: String, name: String, timeout: Duration = .seconds(30)
    ) async throws -> KubeletEvent {
        try await journal.waitForPhase(phase, namespace: namespace, name: name, timeout: timeout)
    }

    // MARK: - Dispatch

    /// A pod seen in a list or watch event: updates the worker that has it, or returns a new
    /// worker for a pod to take on (a Pending one, or one to complete the deletion of).
    private func take(_ pod: Pod) -> PodWorker? {
        if let handle = registry.handle(uid: pod.uid) {
            if handle.observe(pod) { record(pod, .deletionRequested) }
            return nil
        }
        let pending = pod.phase == nil || pod.phase == "Pending"
        guard pending || (pod.isBeingDeleted && !pod.isTerminal), !pod.uid.isEmpty else { return nil }
        let handle = PodHandle(pod)
        guard registry.insert(handle) else { return nil }
        let script = pod.isBeingDeleted ? nil : behaviour(pod)
        record(pod, .adopted(script))
        if pod.isBeingDeleted { record(pod, .deletionRequested) }
        return PodWorker(kubelet: self, handle: handle, script: script)
    }

    /// The pod is gone from the API server.
    private func forget(uid: String) {
        guard let handle = registry.remove(uid: uid) else { return }
        handle.markGone()
        journal.record(KubeletEvent(namespace: handle.namespace, name: handle.name, uid: uid, kind: .gone))
    }

    private func record(_ pod: Pod, _ kind: KubeletEvent.Kind) {
        journal.record(KubeletEvent(namespace: pod.namespace, name: pod.name, uid: pod.uid, kind: kind))
    }
}
