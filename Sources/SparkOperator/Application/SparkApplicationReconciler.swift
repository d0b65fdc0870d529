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
        /// Called at each `FaultPoint`; an error it throws ends the reconcile there, as if the
        /// operator had died at that point (tests of crash safety). Nil in production.
        public var faultInjection: (@Sendable (FaultPoint) throws -> Void)?
        /// kubeflow's application metrics, recorded once per state transition written; nil
        /// records none.
        public var metrics: SparkApplicationMetrics?
        /// How long a submission retries a 403 Forbidden before the attempt fails (RBAC caches
        /// warming up after an API server restart, a RoleBinding just applied, a quota).
        public var forbiddenRetryWindow: Duration

        public init(
            stateMachine: ApplicationStateMachine.Configuration = .init(), submission: SubmissionOptions = .init(),
            faultInjection: (@Sendable (FaultPoint) throws -> Void)? = nil, metrics: SparkApplicationMetrics? = nil,
            forbiddenRetryWindow: Duration = .seconds(30)
        ) {
            self.stateMachine = stateMachine
            self.submission = submission
            self.faultInjection = faultInjection
            self.metrics = metrics
            self.forbiddenRetryWindow = forbiddenRetryWindow
        }
    }

    /// Where a reconcile can be made to fail, for tests.
    public enum FaultPoint: Sendable, Hashable {
        /// The driver pod of a submission exists (created or adopted); the status saying so is
        /// not written yet.
        case driverCreated(namespace: String, app: String)
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
    let forbidden: ForbiddenRetries

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
        self.forbidden = ForbiddenRetries(window: config.forbiddenRetryWindow)
    }

    /// Marks a submission that cannot go on until an old object is gone.
    struct WaitingForStaleObject: Error, CustomStringConvertible {
        var description: String
    }

    /// The cached application is older than the API server's: a destructive action decided on it
    /// is not taken; the reconcile runs again on the newer object.
    struct StaleView: Error, CustomStringConvertible {
        var description: String
    }

    /// A submission step the API server refused for a reason a retry of the request cannot fix;
    /// `message` says why, for `status.applicationState.errorMessage`.
    struct SubmissionFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
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

        // "Driver pod not found" is decided on the cache; the watch may only be behind (a
        // loaded API server, a burst): never fail an attempt for a pod the API server has.
        if decision.events.contains(where: { $0.reason == "SparkDriverNotFound" }),
           let live = try await liveDriver(of: app)
        {
            logger.info("driver pod not in the cache yet, but on the API server: waiting for the watch",
                        metadata: ["object": "\(key)", "pod": "\(live.name)"])
            pods.upsert(live)
            return .requeue(after: .milliseconds(200))
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
                    // The id the driver pod carries (spark-app-selector): known now, so the
                    // reconcile the new pod causes has nothing to write.
                    if let id = outcome.sparkApplicationID { decision.status.sparkApplicationId = id }
                    decision.events.append(event)
                    if case .submitted = outcome.outcome {
                        decision.requeue(config.stateMachine.driverPodCreationGracePeriod)
                    }
                } catch let wait as WaitingForStaleObject {
                    logger.info("waiting for an old object to go", metadata: ["object": "\(key)", "why": "\(wait)"])
                    return .requeue(after: .seconds(1))
                } catch let stale as StaleView {
                    logger.debug("cache behind the API server", metadata: ["object": "\(key)", "why": "\(stale)"])
                    return .requeue(after: .milliseconds(50))
                }
            case .deleteResources:
                do {
                    try await deleteResources(of: app)
                } catch let stale as StaleView {
                    logger.debug("cache behind the API server", metadata: ["object": "\(key)", "why": "\(stale)"])
                    return .requeue(after: .milliseconds(50))
                }
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
            do {
                let written = try await client.updateStatus(updated)
                // The watch event of this write may come after the next reconcile of the key:
                // that reconcile must see this status, or it would submit again.
                apps.upsert(written)
                // Once per transition: this write succeeded on the version the decision was
                // made on, so no other write (or replica) records the same transition.
                config.metrics?.recordTransition(from: app, to: written.status ?? decision.status, now: now)
            } catch let e as KubeAPIError where e.isConflict {
                // Optimistic concurrency: the cached app is stale. The error requeues the key;
                // the retry starts from the API server's object rather than from the cache,
                // which may not have caught up by then (else 409 after 409).
                if let live = try? await client.get(SparkApplication.self, name: app.name, namespace: app.namespace),
                   live.metadata.uid == app.metadata.uid
                {
                    apps.upsert(live)
                }
                throw e
            }
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
        // A pod of that name the application does not control is not its driver (a spec may name
        // another application's driver pod): it is neither observed nor waited for.
        let cachedDriver = pods.get(driverKey).flatMap { Self.isControlled($0, by: app) ? $0 : nil }
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

    /// The current submission's driver pod as the API server has it, if it exists and is the
    /// application's.
    func liveDriver(of app: SparkApplication) async throws -> Pod? {
        guard let pod = try await ignoringNotFound({
            try await client.get(Pod.self, name: Self.driverPodName(app), namespace: app.namespace)
        }), Self.isControlled(pod, by: app) else { return nil }
        if let id = app.status?.submissionID, pod.metadata.labels?[SparkLabels.submissionID] != id { return nil }
        return pod
    }

    // MARK: - submission

    struct Submission {
        var outcome: ApplicationStateMachine.SubmissionOutcome
        var driverInfo: DriverInfo?
        var sparkApplicationID: String?
    }

    /// Creates (or adopts) every object of the next attempt: the ConfigMaps, Services, Ingresses
    /// and PodGroup at once (they do not depend on each other), then the driver pod, so its
    /// existence means the attempt is complete. An attempt that fails deletes what it created,
    /// so failed attempts leave no ConfigMaps or Services behind.
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
        let id = plan.submissionID
        let attemptKey = id
        do {
            // One round trip instead of one per object: the reconcile holds a worker for the
            // whole submission. The first error cancels the others and ends the attempt as
            // before (creates are idempotent: a retry adopts what was made).
            let uiService = try await withThrowingTaskGroup(of: KubeService?.self) { group in
                group.addTask { try await createOrAdopt(plan.configMap, submissionID: id, app: app); return nil }
                if let cm = plan.monitoringConfigMap {
                    group.addTask { try await createOrAdopt(cm, submissionID: id, app: app); return nil }
                }
                group.addTask { try await createOrAdopt(plan.driverService, submissionID: id, app: app); return nil }
                if let svc = plan.uiService { group.addTask { try await createOrAdopt(svc, submissionID: id, app: app) } }
                if let ingress = plan.uiIngress {
                    group.addTask { try await createOrAdopt(ingress, submissionID: id, app: app); return nil }
                }
                for svc in plan.driverIngressServices {
                    group.addTask { try await createOrAdopt(svc, submissionID: id, app: app); return nil }
                }
                for ingress in plan.driverIngresses {
                    group.addTask { try await createOrAdopt(ingress, submissionID: id, app: app); return nil }
                }
                if let podGroup = plan.podGroup { group.addTask { try await createOrAdopt(podGroup: podGroup); return nil } }
                var ui: KubeService?
                for try await made in group { if let made { ui = made } }
                return ui
            }
            var driver = plan.driverPod
            driver.metadata.annotations = (driver.metadata.annotations ?? [:])
                .merging([SparkLabels.specHash: SpecHash.of(app.spec)]) { _, new in new }
            try await createOrAdopt(driver, submissionID: id, app: app)
            tombstones.forget(key: "\(app.namespace)/\(plan.driverPodName)", exceptSubmission: id)
            try config.faultInjection?(.driverCreated(namespace: app.namespace, app: app.name))

            var info = plan.driverInfo
            if let ip = uiService?.spec?["clusterIP"]?.stringValue, let port = info.webUIPort {
                info.webUIAddress = "\(ip):\(port)"
            }
            forbidden.forget(attemptKey)
            return Submission(
                outcome: .submitted(submissionID: id, driverPodName: plan.driverPodName), driverInfo: info,
                sparkApplicationID: plan.sparkAppID)
        } catch let error as KubeAPIError where Self.isSubmissionFailure(error) {
            if Self.isAuthorizationDenial(error) && forbidden.shouldRetry(attemptKey, now: now()) {
                logger.info("submission forbidden, retrying for a while", metadata: ["app": "\(app.namespace)/\(app.name)", "error": "\(error.message)"])
                throw error
            }
            forbidden.forget(attemptKey)
            await deleteAttemptObjects(plan, of: app)
            return Submission(outcome: .failed(message: error.message), driverInfo: nil)
        } catch let failure as SubmissionFailure {
            await deleteAttemptObjects(plan, of: app)
            return Submission(outcome: .failed(message: failure.message), driverInfo: nil)
        }
    }

    /// An RBAC denial (`… is forbidden: User "…" cannot create resource …`), as opposed to an
    /// admission plugin's Forbidden (a missing service account, a terminating namespace): the
    /// former can pass once the authorizer's caches are warm, so it is retried for a while.
    static func isAuthorizationDenial(_ e: KubeAPIError) -> Bool {
        e.isForbidden && e.message.contains(#"is forbidden: User ""#) && e.message.contains(" cannot ")
    }

    /// Errors a retry of the same request cannot fix (invalid objects, a missing service account
    /// or namespace, forbidden): they fail the attempt. Others (5xx, network) requeue.
    static func isSubmissionFailure(_ e: KubeAPIError) -> Bool {
        e.isInvalid || e.isForbidden || e.isNotFound || e.code == 400
    }

    /// Best effort: deletes the objects of a failed attempt (the driver pod was not created) —
    /// only those the application controls: an attempt that failed because a name was taken
    /// must not delete the object that holds it.
    func deleteAttemptObjects(_ plan: SubmissionPlan, of app: SparkApplication) async {
        func delete<T: KubernetesObject>(_ object: T) async {
            do {
                guard let existing = try await ignoringNotFound({
                    try await client.get(T.self, name: object.name, namespace: object.namespace)
                }), Self.isControlled(existing, by: app) else { return }
                try await ignoringNotFoundOrReplaced {
                    try await client.delete(
                        T.self, name: object.name, namespace: object.namespace,
                        options: DeleteOptions(preconditions: .init(uid: existing.metadata.uid)))
                }
            } catch {
                logger.info("could not delete an object of a failed submission",
                            metadata: ["object": "\(object.namespace)/\(object.name)", "error": "\(error)"])
            }
        }
        await delete(plan.configMap)
        await delete(plan.driverService)
        if let svc = plan.uiService { await delete(svc) }
        if let ingress = plan.uiIngress { await delete(ingress) }
        for svc in plan.driverIngressServices { await delete(svc) }
        for ingress in plan.driverIngresses { await delete(ingress) }
    }

    /// Creates an object, or adopts the existing one if it is this submission's (same
    /// submission-id label or annotation) or, for an object of the application rather than of
    /// one submission (no submission-id, e.g. the Prometheus ConfigMap), if the application
    /// controls it and it is as wanted. Another object of that name is deleted, and the
    /// submission waits until it is gone.
    @discardableResult
    func createOrAdopt<T: KubernetesObject>(_ object: T, submissionID: String, app: SparkApplication) async throws -> T {
        do {
            return try await client.create(object)
        } catch let e as KubeAPIError where e.isAlreadyExists {
            let existing = try await client.get(T.self, name: object.name, namespace: object.namespace)
            if Self.isAdoptable(existing, wanted: object, submissionID: submissionID, appUID: app.metadata.uid) {
                return existing
            }
            // Only what this application created (an earlier attempt's object) is ever deleted: a
            // name in the spec (spec.driver.podName, an application named after a Service's
            // prefix) must not make the operator delete another application's driver, or a pod
            // or Service it never created.
            guard Self.isReplaceable(existing, by: app) else {
                throw SubmissionFailure(
                    message: "\(T.resourceType.kind) \(object.namespace)/\(object.name) already exists and was not created "
                        + "for this application; the operator does not replace it (choose another name: "
                        + "spec.driver.podName, sparkConf spark.kubernetes.driver.pod.name, or the application's name)")
            }
            // Never delete on a stale view: a second operator, or one whose watch lags, would
            // delete the driver a newer decision created.
            try await ensureCurrent(app)
            _ = try await ignoringNotFound {
                try await client.delete(
                    T.self, name: object.name, namespace: object.namespace,
                    options: DeleteOptions(propagationPolicy: .background, preconditions: .init(uid: existing.metadata.uid)))
            }
            throw WaitingForStaleObject(description: "\(T.resourceType) \(object.namespace)/\(object.name) belongs to another submission")
        }
    }

    /// An existing object a submission may delete to put its own in its place: one the
    /// application controls (an earlier attempt's), or one an earlier application of the same
    /// name controlled (deleted and created again: the garbage collector is removing it).
    package static func isReplaceable<T: KubernetesObject>(_ existing: T, by app: SparkApplication) -> Bool {
        guard let owner = existing.metadata.ownerReferences?.first(where: { $0.controller == true }) else { return false }
        if let uid = app.metadata.uid, owner.uid == uid { return true }
        return owner.kind == SparkApplication.resourceType.kind && owner.name == app.name
            && owner.apiVersion.hasPrefix("\(SparkApplication.resourceType.group)/")
    }

    /// Whether the application controls `object` (it created it).
    static func isControlled<T: KubernetesObject>(_ object: T, by app: SparkApplication) -> Bool {
        guard let uid = app.metadata.uid else { return false }
        return object.metadata.ownerReferences?.contains(where: { $0.uid == uid && $0.controller == true }) == true
    }

    package static func isAdoptable<T: KubernetesObject>(_ existing: T, wanted: T, submissionID: String, appUID: String?) -> Bool {
        let meta = existing.metadata
        if meta.labels?[SparkLabels.submissionID] == submissionID || meta.annotations?[SparkLabels.submissionID] == submissionID {
            return true
        }
        guard wanted.metadata.labels?[SparkLabels.submissionID] == nil, meta.labels?[SparkLabels.submissionID] == nil,
              let appUID, meta.deletionTimestamp == nil,
              meta.ownerReferences?.contains(where: { $0.uid == appUID && $0.controller == true }) == true
        else { return false }
        if let wantedMap = wanted as? ConfigMap, let existingMap = existing as? ConfigMap {
            return wantedMap.data == existingMap.data
        }
        return true
    }

    /// Throws `StaleView` unless the cached application is the API server's current one (in
    /// which case the store gets the newer object).
    func ensureCurrent(_ app: SparkApplication) async throws {
        let live = try await client.get(SparkApplication.self, name: app.name, namespace: app.namespace)
        guard live.metadata.resourceVersion == app.metadata.resourceVersion else {
            if live.metadata.uid == app.metadata.uid { apps.upsert(live) }
            throw StaleView(description: "cached resourceVersion \(app.metadata.resourceVersion ?? ""), "
                                + "API server's \(live.metadata.resourceVersion ?? "")")
        }
    }

    func createOrAdopt(podGroup: JSONValue) async throws {
        guard let apiVersion = podGroup["apiVersion"]?.stringValue, let kind = podGroup["kind"]?.stringValue else { return }
        let parts = apiVersion.split(separator: "/")
        guard parts.count == 2 else { return }
        let type = ResourceType(group: String(parts[0]), version: String(parts[1]), resource: "podgroups", kind: kind)
        let ns = podGroup["metadata"]?["namespace"]?.stringValue
        do {
            _ = try await client.create(type, podGroup, namespace: ns)
        } catch let e as KubeAPIError where e.isAlreadyExists {
            // A PodGroup is per application, not per attempt: adopt it.
        } catch let e as KubeAPIError where e.isNotFound {
            // Not found: the namespace, or the kind itself (its CRD is not installed).
            let served = (try? await client.hasResource(group: type.group, version: type.version, resource: type.resource)) ?? true
            if served { throw e }
            throw SubmissionFailure(
                message: "\(kind) \(apiVersion) is not served by the API server: spec.batchScheduler needs its batch "
                    + "scheduler's CRDs installed (or run without --enable-batch-scheduler)")
        }
    }

    // MARK: - deletion

    /// Deletes what the current (or last) submission runs on: the driver pod (executors go with
    /// it: they are owned by it), the UI Service and Ingress, the driver-ingress Services and
    /// Ingresses, and every per-submission ConfigMap, Service and Ingress of the application
    /// (spark-submit owns those by the driver pod, so they go with it; ours are owned by the
    /// application and would pile up across reruns). Only on a current view of the application.
    func deleteResources(of app: SparkApplication) async throws {
        try await ensureCurrent(app)
        let ns = app.namespace
        let driverName = Self.driverPodName(app)
        try await deleteIfControlled(Pod.self, name: driverName, of: app, cached: pods.get("\(ns)/\(driverName)"))
        let uiName = app.status?.driverInfo?.webUIServiceName ?? ResourceNames.uiService(app: app.name)
        try await deleteIfControlled(KubeService.self, name: uiName, of: app)
        let uiIngress = app.status?.driverInfo?.webUIIngressName ?? ResourceNames.uiIngress(app: app.name)
        try await deleteIfControlled(Ingress.self, name: uiIngress, of: app)
        for option in app.spec.driverIngressOptions ?? [] {
            guard let port = option.servicePort else { continue }
            let svc = ResourceNames.driverIngressService(app: app.name, port: port)
            try await deleteIfControlled(KubeService.self, name: svc, of: app)
            let ingress = ResourceNames.driverIngress(app: app.name, port: port)
            try await deleteIfControlled(Ingress.self, name: ingress, of: app)
        }
        await deletePerSubmissionObjects(ConfigMap.self, of: app)
        await deletePerSubmissionObjects(KubeService.self, of: app)
        await deletePerSubmissionObjects(Ingress.self, of: app)
    }

    /// Deletes the object `name` of type `T` if the application controls it (its uid a
    /// precondition): names derive from the spec, and an object of that name the operator did not
    /// create for this application (another application's driver, a user's Service) is left alone.
    /// `cached`: the informer's copy, else the API server's is read.
    func deleteIfControlled<T: KubernetesObject>(_ type: T.Type, name: String, of app: SparkApplication, cached: T? = nil)
        async throws
    {
        let current: T?
        if let cached, Self.isControlled(cached, by: app) {
            current = cached
        } else {
            current = try await ignoringNotFound { try await client.get(T.self, name: name, namespace: app.namespace) }
        }
        guard let current, Self.isControlled(current, by: app) else { return }
        try await ignoringNotFoundOrReplaced {
            try await client.delete(
                T.self, name: name, namespace: app.namespace, options: DeleteOptions(preconditions: .init(uid: current.metadata.uid)))
        }
    }

    /// Deletes the objects of type `T` labelled with the application's name and a submission id
    /// and owned by the application. Best effort (needs `list` on the type): leftovers are only
    /// clutter until the application is deleted, and must not hold up a rerun.
    func deletePerSubmissionObjects<T: KubernetesObject>(_ type: T.Type, of app: SparkApplication) async {
        let selector = "\(SparkLabels.appName)=\(app.name),\(SparkLabels.submissionID)"
        do {
            let objects = try await client.list(T.self, namespace: app.namespace, options: ListOptions(labelSelector: selector)).items
            for object in objects where object.metadata.ownerReferences?.contains(where: { $0.uid == app.metadata.uid }) == true {
                try await ignoringNotFoundOrReplaced {
                    try await client.delete(
                        T.self, name: object.name, namespace: app.namespace,
                        options: DeleteOptions(preconditions: .init(uid: object.metadata.uid)))
                }
            }
        } catch {
            logger.info("could not delete the \(T.resourceType.resource) of earlier submissions",
                        metadata: ["object": "\(app.namespace)/\(app.name)", "error": "\(error)"])
        }
    }
}

/// Runs `body`; a 404 is success (returns nil).
@discardableResult
func ignoringNotFound<T>(_ body: () async throws -> T) async throws -> T? {
    do { return try await body() } catch let e as KubeAPIError where e.isNotFound { return nil }
}

/// Runs a delete; a 404 (gone) or 409 (a precondition failed: another object has the name now)
/// is success.
func ignoringNotFoundOrReplaced(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let e as KubeAPIError where e.isNotFound || e.isConflict {}
}
