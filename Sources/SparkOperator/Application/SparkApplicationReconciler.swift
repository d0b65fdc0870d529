import Foundation
import Kube
import KubeRuntime
import Logging
import SparkOperatorAPI

/// Reconciles one SparkApplication: reads the caches, asks the pure state machine what to do,
/// performs the actions (submit, delete resources, delete the application), writes the status
/// through the status subresource, and records Kubernetes Events.
///
/// Idempotent: every object of a submission attempt has a name and id derived from the app's UID
/// and the attempt number, so a reconcile that runs again after a crash (or on a second replica)
/// re-derives the same objects, finds them (409 AlreadyExists) and adopts them instead of
/// creating a second driver (kubeflow #2788). An object of the same name from another attempt
/// is deleted first, and the submission waits until it is gone.
public struct SparkApplicationReconciler: Sendable {
    public struct Configuration: Sendable {
        public var stateMachine: ApplicationStateMachine.Configuration
        public var submission: SubmissionOptions
        public init(stateMachine: ApplicationStateMachine.Configuration = .init(), submission: SubmissionOptions = .init()) {
            self.stateMachine = stateMachine
            self.submission = submission
        }
    }

    public typealias EventSink = @Sendable (SparkApplication, ApplicationStateMachine.Event) -> Void

    let client: KubeClient
    let apps: Store<SparkApplication>
    let pods: Store<Pod>
    let tombstones: DriverTombstones
    let config: Configuration
    let recordEvent: EventSink
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        client: KubeClient, apps: Store<SparkApplication>, pods: Store<Pod>, tombstones: DriverTombstones,
        config: Configuration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        recordEvent: @escaping EventSink
    ) {
        self.client = client
        self.apps = apps
        self.pods = pods
        self.tombstones = tombstones
        self.config = config
        self.logger = logger
        self.now = now
        self.recordEvent = recordEvent
    }

    /// Marks a submission that cannot go on until an old object is gone.
    struct WaitingForStaleObject: Error, CustomStringConvertible {
        var description: String
    }

    public func reconcile(_ key: String) async throws -> ReconcileAction {
        guard let app = apps.get(key), app.metadata.deletionTimestamp == nil else {
            // Deleted: everything it created has an ownerReference to it; the garbage collector
            // removes them, including a pod created after the app was deleted (kubeflow #2448).
            return .done
        }
        let now = self.now()
        var decision: ApplicationStateMachine.Decision

        let state = app.status?.state ?? .new
        if state == .new, case let errors = validate(app), !errors.isEmpty {
            decision = .init(status: app.status ?? SparkApplicationStatus())
            let message = errors.map(\.description).joined(separator: "; ")
            decision.status.applicationState = ApplicationState(state: .failed, errorMessage: message)
            decision.status.terminationTime = KubeTime(now)
            decision.events.append(.init(warning: true, "SparkApplicationFailed", "invalid SparkApplication: \(message)"))
        } else {
            decision = ApplicationStateMachine.decide(app, observed: observe(app), now: now, config: config.stateMachine)
        }

        for action in decision.actions {
            switch action {
            case .submit:
                do {
                    let outcome = try await submit(app)
                    let (status, event) = ApplicationStateMachine.applySubmission(
                        outcome.outcome, to: decision.status, appName: app.name, now: now)
                    decision.status = status
                    if let info = outcome.driverInfo { decision.status.driverInfo = info }
                    decision.events.append(event)
                    if case .submitted = outcome.outcome {
                        decision.requeue(config.stateMachine.driverPodCreationGracePeriod)
                    }
                } catch let wait as WaitingForStaleObject {
                    logger.info("waiting for an old object to go", metadata: ["object": "\(key)", "why": "\(wait)"])
                    return .requeue(after: .seconds(1))
                }
            case .deleteResources:
                try await deleteResources(of: app)
            case .deleteApplication:
                _ = try await ignoringNotFound {
                    try await client.delete(
                        SparkApplication.self, name: app.name, namespace: app.namespace,
                        options: DeleteOptions(preconditions: .init(uid: app.metadata.uid)))
                }
                logger.info("deleted: time to live expired", metadata: ["object": "\(key)"])
                return .done
            }
        }

        if decision.status != (app.status ?? SparkApplicationStatus()) {
            var updated = app
            updated.status = decision.status
            // Optimistic concurrency: a 409 means the cached app is stale; the error requeues
            // the key and the next reconcile starts from the newer object.
            let written = try await client.updateStatus(updated)
            apps.upsert(written)
        }
        for event in decision.events { recordEvent(app, event) }
        return decision.requeueAfter.map { .requeue(after: $0) } ?? .done
    }

    // MARK: - observation

    /// The driver pod's name for the current (or next) submission.
    static func driverPodName(_ app: SparkApplication) -> String {
        app.status?.driverInfo?.podName ?? ResourceNames.driverPod(app: app.name, spec: app.spec)
    }

    func observe(_ app: SparkApplication) -> ApplicationStateMachine.Observed {
        let ns = app.namespace
        let driverName = Self.driverPodName(app)
        let driverKey = "\(ns)/\(driverName)"
        let submissionID = app.status?.submissionID
        let cachedDriver = pods.get(driverKey)
        var observed = ApplicationStateMachine.Observed()
        observed.resourcesGone = cachedDriver == nil
        if let pod = cachedDriver,
           submissionID == nil || pod.metadata.labels?[SparkLabels.submissionID] == submissionID
        {
            observed.driver = PodObservation(pod: pod, container: "spark-kubernetes-driver")
            if let submitted = pod.metadata.annotations?[SparkLabels.specHash] {
                observed.specChanged = submitted != SpecHash.of(app.spec)
            }
        } else if cachedDriver == nil {
            observed.driver = tombstones.lookup(key: driverKey, submissionID: submissionID)
        }
        if let submissionID {
            observed.executors = pods.labelled(SparkLabels.submissionID, submissionID, namespace: ns)
                .filter { $0.metadata.labels?[SparkLabels.sparkRole] == "executor" }
                .map { PodObservation(pod: $0, container: "spark-kubernetes-executor") }
        }
        return observed
    }

    // MARK: - submission

    struct Submission {
        var outcome: ApplicationStateMachine.SubmissionOutcome
        var driverInfo: DriverInfo?
    }

    /// Creates (or adopts) every object of the next attempt; the driver pod last, so its
    /// existence means the attempt is complete.
    func submit(_ app: SparkApplication) async throws -> Submission {
        let attempt = (app.status?.submissionAttempts ?? 0) + 1
        let plan: SubmissionPlan
        do {
            var withDefaults = app
            withDefaults.spec = app.spec.withDefaults()
            plan = try SubmissionBuilder.plan(for: withDefaults, attempt: attempt, options: config.submission)
        } catch {
            return Submission(outcome: .failed(message: "\(error)"), driverInfo: nil)
        }
        do {
            for cm in [plan.configMap] + (plan.monitoringConfigMap.map { [$0] } ?? []) {
                try await createOrAdopt(cm, submissionID: plan.submissionID)
            }
            try await createOrAdopt(plan.driverService, submissionID: plan.submissionID)
            var uiService: KubeService?
            if let svc = plan.uiService { uiService = try await createOrAdopt(svc, submissionID: plan.submissionID) }
            if let ingress = plan.uiIngress { try await createOrAdopt(ingress, submissionID: plan.submissionID) }
            for svc in plan.driverIngressServices { try await createOrAdopt(svc, submissionID: plan.submissionID) }
            for ingress in plan.driverIngresses { try await createOrAdopt(ingress, submissionID: plan.submissionID) }
            if let podGroup = plan.podGroup { try await createOrAdopt(podGroup: podGroup) }
            var driver = plan.driverPod
            driver.metadata.annotations = (driver.metadata.annotations ?? [:])
                .merging([SparkLabels.specHash: SpecHash.of(app.spec)]) { _, new in new }
            try await createOrAdopt(driver, submissionID: plan.submissionID)
            tombstones.forget(key: "\(app.namespace)/\(plan.driverPodName)")

            var info = plan.driverInfo
            if let ip = uiService?.spec?["clusterIP"]?.stringValue, let port = info.webUIPort {
                info.webUIAddress = "\(ip):\(port)"
            }
            return Submission(outcome: .submitted(submissionID: plan.submissionID, driverPodName: plan.driverPodName),
                              driverInfo: info)
        } catch let error as KubeAPIError where Self.isSubmissionFailure(error) {
            return Submission(outcome: .failed(message: error.message), driverInfo: nil)
        }
    }

    /// Errors a retry of the same request cannot fix (invalid objects, a missing service account
    /// or namespace, forbidden): they fail the attempt. Others (5xx, network) requeue.
    static func isSubmissionFailure(_ e: KubeAPIError) -> Bool {
        e.isInvalid || e.isForbidden || e.isNotFound || e.code == 400
    }

    /// Creates an object, or adopts the existing one if it belongs to this submission. One that
    /// belongs to another submission is deleted, and the submission waits.
    @discardableResult
    func createOrAdopt<T: KubernetesObject>(_ object: T, submissionID: String) async throws -> T {
        do {
            return try await client.create(object)
        } catch let e as KubeAPIError where e.isAlreadyExists {
            let existing = try await client.get(T.self, name: object.name, namespace: object.namespace)
            let ours = existing.metadata.labels?[SparkLabels.submissionID] == submissionID
                || existing.metadata.annotations?[SparkLabels.submissionID] == submissionID
            if ours { return existing }
            _ = try await ignoringNotFound {
                try await client.delete(
                    T.self, name: object.name, namespace: object.namespace,
                    options: DeleteOptions(propagationPolicy: .background, preconditions: .init(uid: existing.metadata.uid)))
            }
            throw WaitingForStaleObject(description: "\(T.resourceType) \(object.namespace)/\(object.name) belongs to another submission")
        }
    }

    func createOrAdopt(podGroup: JSONValue) async throws {
        guard let apiVersion = podGroup["apiVersion"]?.stringValue, let kind = podGroup["kind"]?.stringValue,
              let name = podGroup["metadata"]?["name"]?.stringValue
        else { return }
        let parts = apiVersion.split(separator: "/")
        guard parts.count == 2 else { return }
        let type = ResourceType(group: String(parts[0]), version: String(parts[1]), resource: "podgroups", kind: kind)
        let ns = podGroup["metadata"]?["namespace"]?.stringValue
        do {
            _ = try await client.create(type, podGroup, namespace: ns)
        } catch let e as KubeAPIError where e.isAlreadyExists {
            _ = name  // a PodGroup is per application, not per attempt: adopt it
        }
    }

    // MARK: - deletion

    /// Deletes the driver pod, UI Service and Ingress (any attempt); executors go with the
    /// driver (they are owned by it).
    func deleteResources(of app: SparkApplication) async throws {
        let ns = app.namespace
        let driverName = Self.driverPodName(app)
        _ = try await ignoringNotFound { try await client.delete(Pod.self, name: driverName, namespace: ns) }
        let uiName = app.status?.driverInfo?.webUIServiceName ?? ResourceNames.uiService(app: app.name)
        _ = try await ignoringNotFound { try await client.delete(KubeService.self, name: uiName, namespace: ns) }
        if let ingress = app.status?.driverInfo?.webUIIngressName {
            _ = try await ignoringNotFound { try await client.delete(Ingress.self, name: ingress, namespace: ns) }
        }
    }
}

/// Runs `body`; a 404 is success (returns nil).
@discardableResult
func ignoringNotFound<T>(_ body: () async throws -> T) async throws -> T? {
    do { return try await body() } catch let e as KubeAPIError where e.isNotFound { return nil }
}
