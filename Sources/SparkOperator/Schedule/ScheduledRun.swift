import Foundation
import SparkOperatorAPI

/// The SparkApplication a ScheduledSparkApplication starts for one tick of its schedule.
public enum ScheduledRun {
    /// `<scheduled app name>-<Unix seconds of the tick>`. Derived from the tick, not from the
    /// time the run is created, so a reconcile that runs again (a crash before the status was
    /// written, a second replica) derives the same name and finds the run instead of creating a
    /// second one. kubeflow appends the creation time (`--scheduled-spark-application-timestamp-
    /// precision`, nanoseconds by default), which is different on every attempt.
    public static func name(scheduledAppName: String, tick: Date) -> String {
        "\(scheduledAppName)-\(Int64(tick.timeIntervalSince1970.rounded()))"
    }

    /// The longest ScheduledSparkApplication name whose runs' names fit in a DNS label (63):
    /// 63 − 1 (`-`) − 10 (Unix seconds until the year 2286).
    public static let maximumScheduledAppNameLength = 52

    /// The run as kubeflow creates it: the template as its spec, the ScheduledSparkApplication's
    /// labels plus `sparkoperator.k8s.io/scheduled-app-name`, and an owner reference to the
    /// ScheduledSparkApplication (blockOwnerDeletion, not controller) so deleting it deletes its
    /// runs.
    public static func application(for scheduled: ScheduledSparkApplication, named name: String) -> SparkApplication {
        var labels = [SparkLabels.scheduledAppName: scheduled.name]
        labels.merge(scheduled.metadata.labels ?? [:]) { _, own in own }
        let owner = OwnerReference(
            apiVersion: ScheduledSparkApplication.resourceType.apiVersion, kind: ScheduledSparkApplication.resourceType.kind,
            name: scheduled.name, uid: scheduled.metadata.uid ?? "", blockOwnerDeletion: true)
        return SparkApplication(
            metadata: ObjectMeta(name: name, namespace: scheduled.metadata.namespace, labels: labels, ownerReferences: [owner]),
            spec: scheduled.spec.template)
    }
}
