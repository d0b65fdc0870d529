import Foundation
import Kube
import KubeRuntime
import Logging
import SparkOperatorAPI

/// Which objects the operator manages, and how.
public struct OperatorOptions: Sendable {
    /// Namespaces to watch; empty = all (kubeflow `--namespaces`).
    public var namespaces: [String]
    /// Label selector on SparkApplications (kubeflow `--label-selector-filter`).
    public var labelSelector: String?
    /// Concurrent reconciles (kubeflow `--controller-threads`, default 10).
    public var workers: Int
    public var reconciler: SparkApplicationReconciler.Configuration

    public init(namespaces: [String] = [], labelSelector: String? = nil, workers: Int = 10,
                reconciler: SparkApplicationReconciler.Configuration = .init()) {
        self.namespaces = namespaces
        self.labelSelector = labelSelector
        self.workers = workers
        self.reconciler = reconciler
    }

    /// nil = all namespaces (one watcher), else one watcher per namespace.
    var watchScopes: [String?] { namespaces.isEmpty ? [nil] : namespaces.map { $0 } }
}

/// The SparkApplication controller: watches SparkApplications and the operator's pods (only
/// those labelled `launched-by-spark-operator=true`, so memory stays bounded, kubeflow #3028),
/// and reconciles each application with `SparkApplicationReconciler`.
public struct SparkApplicationController: Sendable {
    public let controller: Controller<ContinuousClock>
    public let apps: Store<SparkApplication>
    public let pods: Store<Pod>
    public let tombstones: DriverTombstones
    /// The application metrics its reconciler records, if any.
    public let metrics: SparkApplicationMetrics?

    public init(client: KubeClient, options: OperatorOptions, recorder: EventRecorder, logger: Logger) {
        let apps = Store<SparkApplication>(canonicalize: SparkApplication.sharingSpecs(SharingPool()))
        let jsonSharing = JSONValueSharing()
        let pods = Store<Pod>(indexedLabels: [SparkLabels.submissionID, SparkLabels.appName])
        let tombstones = DriverTombstones()
        var watches: [WatchRegistration] = []
        for ns in options.watchScopes {
            var appWatcher = Watcher(
                client: client, store: apps, namespace: ns, labelSelector: options.labelSelector, logger: logger)
            // Applications are written back only through /status (the server keeps their
            // metadata): kubectl's copy of each one need not be kept.
            appWatcher.decoder = SparkApplication.cacheDecoder(sharing: jsonSharing)
            watches.append(.primary(appWatcher))
            var podWatcher = Watcher(
                client: client, store: pods, namespace: ns, labelSelector: "\(SparkLabels.launchedByOperator)=true",
                logger: logger)
            // The reconciler reads pods' metadata and status, never their spec (and never
            // writes a cached pod back): not decoding specs saves most of the watch's decoding
            // time and of the pod cache's memory.
            podWatcher.decoder = Pod.specOmittingDecoder
            podWatcher.decoder.userInfo[ObjectMeta.omitLastAppliedConfiguration] = true
            // A pod change of a running application is served before new applications of a burst:
            // the status follows the pods within the time of a reconcile, whatever the backlog.
            watches.append(WatchRegistration.events(podWatcher) { event in
                switch event {
                case .synced(let all):
                    for pod in all { Self.remember(pod, in: tombstones) }
                    return all.compactMap(Self.appKey)
                case .applied(let pod, _):
                    Self.remember(pod, in: tombstones)
                    return Self.appKey(pod).map { [$0] } ?? []
                case .deleted(let pod):
                    Self.remember(pod, in: tombstones, deleted: true)
                    return Self.appKey(pod).map { [$0] } ?? []
                }
            }.prioritized(.high))
        }
        let reconciler = SparkApplicationReconciler(
            client: client, apps: apps, pods: pods, tombstones: tombstones, config: options.reconciler,
            logger: logger
        ) { app, event in
            recorder.record(app, type: event.warning ? .warning : .normal, reason: event.reason, message: event.message)
        }
        self.apps = apps
        self.pods = pods
        self.tombstones = tombstones
        self.metrics = options.reconciler.metrics
        self.controller = Controller(
            name: "spark-application-controller", watches: watches, workers: options.workers, clock: ContinuousClock(),
            logger: logger
        ) { key in try await reconciler.reconcile(key) }
    }

    /// Recounts the running-applications and running-executors gauges from the caches (e.g.
    /// before metrics are scraped).
    public func updateMetricGauges() {
        metrics?.updateGauges(applications: apps.list(), pods: pods.list())
    }

    /// Records the last known state of a driver pod (see `DriverTombstones`).
    static func remember(_ pod: Pod, in tombstones: DriverTombstones, deleted: Bool = false) {
        guard pod.metadata.labels?[SparkLabels.sparkRole] == "driver" else { return }
        tombstones.record(PodObservation(pod: pod, container: "spark-kubernetes-driver", deleted: deleted), key: pod.key)
    }

    /// `namespace/app` of the application a pod belongs to.
    static func appKey(_ pod: Pod) -> String? {
        pod.metadata.labels?[SparkLabels.appName].map { "\(pod.namespace)/\($0)" }
    }
}

extension SparkApplication {
    /// Decodes applications for the operator's cache: without kubectl's last-applied copy, and
    /// with the JSON parts of specs (volumes, securityContext, affinity, …) shared when equal.
    public static func cacheDecoder(sharing: JSONValueSharing) -> JSONDecoder {
        let d = JSONCoding.decoder
        d.userInfo[ObjectMeta.omitLastAppliedConfiguration] = true
        d.userInfo[JSONValue.sharing] = sharing
        return d
    }
}

extension SparkApplication {
    /// `apiVersion` as a string literal: decoded objects hold this copy instead of their own.
    static let apiVersionLiteral = "sparkoperator.k8s.io/v1beta2"

    /// For a cache: applications with equal specs share one (see `Shared`); of specs that differ,
    /// equal driver and executor specs are shared, and so are the strings such specs repeat (the
    /// image, main class, application file, …). The apiVersion, kind, namespace and label keys
    /// every application repeats are shared too.
    public static func sharingSpecs(_ pool: SharingPool<SparkApplicationSpec>) -> @Sendable (SparkApplication) -> SparkApplication {
        let drivers = SharingPool<DriverSpec>()
        let executors = SharingPool<ExecutorSpec>()
        let strings = Interner()
        let names = Interner()
        return { app in
            var shared = app
            if app.apiVersion == apiVersionLiteral { shared.apiVersion = apiVersionLiteral }
            if app.kind == resourceType.kind { shared.kind = resourceType.kind }
            shared.metadata.namespace = names.intern(app.metadata.namespace)
            if let labels = app.metadata.labels, labels.keys.contains(where: { $0.utf8.count > 15 }) {
                shared.metadata.labels = Dictionary(uniqueKeysWithValues: labels.map { (names.intern($0.key), $0.value) })
            }
            shared.$spec = pool.share(app.$spec) { spec in
                // A spec not seen before: a copy whose driver and executor specs are shared.
                var parts = spec.wrappedValue
                parts.$driver = drivers.share(parts.$driver)
                parts.$executor = executors.share(parts.$executor)
                parts.sparkVersion = strings.intern(parts.sparkVersion)
                parts.image = strings.intern(parts.image)
                parts.imagePullPolicy = strings.intern(parts.imagePullPolicy)
                parts.mainClass = strings.intern(parts.mainClass)
                parts.mainApplicationFile = strings.intern(parts.mainApplicationFile)
                parts.proxyUser = strings.intern(parts.proxyUser)
                parts.sparkConfigMap = strings.intern(parts.sparkConfigMap)
                parts.hadoopConfigMap = strings.intern(parts.hadoopConfigMap)
                parts.pythonVersion = strings.intern(parts.pythonVersion)
                parts.memoryOverheadFactor = strings.intern(parts.memoryOverheadFactor)
                parts.batchScheduler = strings.intern(parts.batchScheduler)
                return Shared(wrappedValue: parts)
            }
            return shared
        }
    }
}
