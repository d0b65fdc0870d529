import Foundation
import Kube
import KubeRuntime
import Logging
import SparkOperatorAPI

/// The ScheduledSparkApplication controller: watches ScheduledSparkApplications and their runs
/// (SparkApplications labelled `sparkoperator.k8s.io/scheduled-app-name`), asks the pure
/// `ScheduledApplicationStateMachine` what to do, creates and deletes runs, writes the status.
/// It wakes at each tick by a delayed requeue (no polling) and whenever a run changes — so
/// Forbid reacts when the active run finishes, and history is pruned as soon as a run ends.
public struct ScheduledSparkApplicationController: Sendable {
    public let controller: Controller<ContinuousClock>
    public let scheduled: Store<ScheduledSparkApplication>
    public let runs: Store<SparkApplication>

    public init(
        client: KubeClient, options: OperatorOptions, operatorTimeZone: TimeZone = .current, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let scheduled = Store<ScheduledSparkApplication>()
        // The runs of one schedule have the schedule's spec: one copy is kept.
        let runs = Store<SparkApplication>(
            indexedLabels: [SparkLabels.scheduledAppName], canonicalize: SparkApplication.sharingSpecs(SharingPool()))
        var watches: [WatchRegistration] = []
        for ns in options.watchScopes {
            watches.append(.primary(Watcher(client: client, store: scheduled, namespace: ns, logger: logger)))
            watches.append(.owned(Watcher(
                client: client, store: runs, namespace: ns, labelSelector: SparkLabels.scheduledAppName, logger: logger)
            ) { run in
                run.metadata.labels?[SparkLabels.scheduledAppName].map { ["\(run.namespace)/\($0)"] } ?? []
            })
        }
        let reconciler = Reconciler(
            client: client, scheduled: scheduled, runs: runs, timeZone: operatorTimeZone, now: now, logger: logger)
        self.scheduled = scheduled
        self.runs = runs
        self.controller = Controller(
            name: "scheduled-spark-application-controller", watches: watches, workers: max(1, options.workers / 2),
            clock: ContinuousClock(), logger: logger
        ) { key in try await reconciler.reconcile(key) }
    }

    struct Reconciler: Sendable {
        let client: KubeClient
        let scheduled: Store<ScheduledSparkApplication>
        let runs: Store<SparkApplication>
        let timeZone: TimeZone
        let now: @Sendable () -> Date
        let logger: Logger

        func reconcile(_ key: String) async throws -> ReconcileAction {
            guard let app = scheduled.get(key), app.metadata.deletionTimestamp == nil else { return .done }
            // Runs of this very object (a deleted and re-created schedule of the same name has a
            // new UID; the old one's runs are garbage-collected).
            let children = runs.labelled(SparkLabels.scheduledAppName, app.name, namespace: app.namespace)
                .filter { $0.metadata.ownerReferences?.contains { $0.uid == app.metadata.uid } ?? false }
                .map(ScheduledApplicationStateMachine.Run.init)
            let decision = ScheduledApplicationStateMachine.decide(
                app, runs: children, now: now(), operatorTimeZone: timeZone)
            for action in decision.actions {
                switch action {
                case .createRun(let name, _):
                    let run = ScheduledRun.application(for: app, named: name)
                    do {
                        let created = try await client.create(run)
                        runs.upsert(created)
                        logger.info("started run", metadata: ["object": "\(key)", "run": "\(name)"])
                    } catch let e as KubeAPIError where e.isAlreadyExists {
                        // This tick's run exists already (a restart, or a second replica).
                    }
                case .deleteRun(let name, _):
                    _ = try await ignoringNotFound {
                        try await client.delete(
                            SparkApplication.self, name: name, namespace: app.namespace,
                            options: DeleteOptions(propagationPolicy: .background, gracePeriodSeconds: 0))
                    }
                }
            }
            if decision.status != (app.status ?? ScheduledSparkApplicationStatus()) {
                var updated = app
                updated.status = decision.status
                scheduled.upsert(try await client.updateStatus(updated))
            }
            return decision.requeueAfter.map { .requeue(after: $0) } ?? .done
        }
    }
}
