import Foundation
import Synchronization

/// The last known state of driver pods, for when they are gone from the pod cache.
///
/// A short driver can finish and be deleted (by a user, a TTL controller, a node drain) before a
/// busy operator reconciles its application. kubeflow then marks a successful application FAILED
/// ("driver pod not found", #2755). The pod watch's DELETED event carries the pod's final state;
/// keeping it lets the state machine judge the driver by how it actually ended.
///
/// Every driver pod event is recorded, not only deletions: the watcher removes a deleted pod from
/// the cache before it reports the deletion, and a reconcile in between would find neither the
/// pod nor its tombstone. The state recorded from the pod's previous event is there already (a
/// deletion rarely changes more than the deletionTimestamp). A lookup is only made for a pod the
/// cache no longer has, so whatever it returns is marked deleted.
public final class DriverTombstones: Sendable {
    private struct Entry {
        var observation: PodObservation
        var recordedAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    public let retention: TimeInterval
    public let capacity: Int

    public init(retention: TimeInterval = 3600, capacity: Int = 10_000) {
        self.retention = retention
        self.capacity = max(1, capacity)
    }

    /// Remembers the state of a driver pod (`namespace/name`), live or deleted.
    public func record(_ observation: PodObservation, key: String, now: Date = Date()) {
        entries.withLock { e in
            e[key] = Entry(observation: observation, recordedAt: now)
            guard e.count > capacity else { return }
            // Evict down to 90 % at once, so a full map does not pay this on every record.
            let cutoff = now.addingTimeInterval(-retention)
            e = e.filter { $0.value.recordedAt >= cutoff }
            let target = capacity - capacity / 10
            if e.count > target {
                let oldest = e.sorted { $0.value.recordedAt < $1.value.recordedAt }.prefix(e.count - target)
                for (k, _) in oldest where k != key { e[k] = nil }
            }
        }
    }

    /// The last known state of a driver pod of this submission that is no longer in the cache,
    /// if recorded and recent; always marked deleted.
    public func lookup(key: String, submissionID: String?, now: Date = Date()) -> PodObservation? {
        entries.withLock { e in
            guard let entry = e[key], now.timeIntervalSince(entry.recordedAt) <= retention else { return nil }
            if let submissionID, entry.observation.labels[SparkLabels.submissionID] != submissionID { return nil }
            var observation = entry.observation
            observation.isBeingDeleted = true
            return observation
        }
    }

    /// Forgets a pod of another submission than `submissionID` (a new driver of that name is
    /// being made).
    public func forget(key: String, exceptSubmission submissionID: String? = nil) {
        entries.withLock { e in
            if let submissionID, e[key]?.observation.labels[SparkLabels.submissionID] == submissionID { return }
            e[key] = nil
        }
    }

    public var count: Int { entries.withLock { $0.count } }
}

/// Label keys of kubeflow and Spark.
public enum SparkLabels {
    public static let appName = "sparkoperator.k8s.io/app-name"
    public static let launchedByOperator = "sparkoperator.k8s.io/launched-by-spark-operator"
    public static let submissionID = "sparkoperator.k8s.io/submission-id"
    public static let createdByOperator = "sparkoperator.k8s.io/created-by-spark-operator"
    public static let scheduledAppName = "sparkoperator.k8s.io/scheduled-app-name"
    public static let sparkRole = "spark-role"
    public static let sparkAppSelector = "spark-app-selector"
    public static let sparkExecID = "spark-exec-id"
    public static let sparkVersion = "spark-version"
    /// Our annotation on the driver pod: hash of the spec it was submitted from.
    public static let specHash = "sparkoperator.k8s.io/spec-hash"
}
