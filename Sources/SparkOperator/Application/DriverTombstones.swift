import Foundation
import Synchronization

/// The last known state of driver pods that were deleted, for a while.
///
/// A short driver can finish and be deleted (by a user, a TTL controller, a node drain) before a
/// busy operator reconciles its application. kubeflow then marks a successful application FAILED
/// ("driver pod not found", #2755). The pod watch's DELETED event carries the pod's final state;
/// keeping it lets the state machine judge the driver by how it actually ended.
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
        self.capacity = capacity
    }

    /// Remembers a deleted driver pod (`namespace/name`).
    public func record(_ observation: PodObservation, key: String, now: Date = Date()) {
        entries.withLock { e in
            e[key] = Entry(observation: observation, recordedAt: now)
            if e.count > capacity {
                let cutoff = now.addingTimeInterval(-retention)
                e = e.filter { $0.value.recordedAt >= cutoff }
                while e.count > capacity, let oldest = e.min(by: { $0.value.recordedAt < $1.value.recordedAt }) {
                    e[oldest.key] = nil
                }
            }
        }
    }

    /// The last state of a deleted driver pod of this submission, if recorded and recent.
    public func lookup(key: String, submissionID: String?, now: Date = Date()) -> PodObservation? {
        entries.withLock { e in
            guard let entry = e[key], now.timeIntervalSince(entry.recordedAt) <= retention else { return nil }
            if let submissionID, entry.observation.labels[SparkLabels.submissionID] != submissionID { return nil }
            return entry.observation
        }
    }

    /// Forgets a pod (a new pod of that name exists).
    public func forget(key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
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
