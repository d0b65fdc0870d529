import Foundation
import SparkOperatorAPI

/// What the state machine needs to know of a driver or executor pod, read from the pod cache.
/// Kept independent of the client's Pod type so the state machine stays a pure function.
public struct PodObservation: Sendable, Hashable {
    public var name: String
    /// Pending, Running, Succeeded, Failed, Unknown.
    public var phase: String
    /// The Spark container's termination, when it has terminated.
    public var terminated: Termination?
    /// The Spark container's waiting reason (ContainerCreating, ImagePullBackOff, …).
    public var waitingReason: String?
    public var waitingMessage: String?
    /// PodScheduled=False with reason Unschedulable: its message.
    public var unschedulableMessage: String?
    /// Whether the pod reported any status for the Spark container.
    public var hasContainerStatus: Bool
    public var labels: [String: String]
    public var isBeingDeleted: Bool

    public struct Termination: Sendable, Hashable {
        public var exitCode: Int32
        public var reason: String?
        public var message: String?
        public init(exitCode: Int32, reason: String? = nil, message: String? = nil) {
            self.exitCode = exitCode
            self.reason = reason
            self.message = message
        }
    }

    public init(
        name: String, phase: String, terminated: Termination? = nil, waitingReason: String? = nil,
        waitingMessage: String? = nil, unschedulableMessage: String? = nil, hasContainerStatus: Bool = true,
        labels: [String: String] = [:], isBeingDeleted: Bool = false
    ) {
        self.name = name
        self.phase = phase
        self.terminated = terminated
        self.waitingReason = waitingReason
        self.waitingMessage = waitingMessage
        self.unschedulableMessage = unschedulableMessage
        self.hasContainerStatus = hasContainerStatus
        self.labels = labels
        self.isBeingDeleted = isBeingDeleted
    }

    /// The driver's state (kubeflow `GetDriverState`).
    public var driverState: ExecutorState {
        switch phase {
        case "Pending": return .pending
        case "Running":
            guard let t = terminated else { return .running }
            return t.exitCode == 0 ? .completed : .failed
        case "Succeeded": return .completed
        case "Failed": return terminated?.exitCode == 0 ? .completed : .failed
        default: return .unknown
        }
    }

    /// An executor's state from its pod phase.
    public var executorState: ExecutorState {
        switch phase {
        case "Pending": return .pending
        case "Running": return .running
        case "Succeeded": return .completed
        case "Failed": return .failed
        default: return .unknown
        }
    }

    /// Why the driver failed, as kubeflow words it.
    public var failureMessage: String {
        guard let t = terminated else { return "driver container status missing" }
        var m = "driver container failed with ExitCode: \(t.exitCode), Reason: \(t.reason ?? "")"
        if let message = t.message, !message.isEmpty { m += ", Message: \(message)" }
        return m
    }

    /// A reason the pod cannot start by itself: image problems, bad config, unschedulable.
    public var stuckPendingReason: String? {
        guard phase == "Pending" else { return nil }
        if let r = waitingReason, Self.stuckWaitingReasons.contains(r) {
            return [r, waitingMessage].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        }
        if let m = unschedulableMessage { return "Unschedulable: \(m)" }
        return nil
    }

    public static let stuckWaitingReasons: Set<String> = [
        "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError",
        "CreateContainerError", "ErrImageNeverPull",
    ]
}

import Kube

extension PodObservation {
    /// The observation of a pod from the cache. `container` is the Spark container
    /// (`spark-kubernetes-driver` or `spark-kubernetes-executor`); when absent, the first one.
    public init(pod: Pod, container: String, deleted: Bool = false) {
        let statuses = pod.status?.containerStatuses ?? []
        let main = statuses.first { $0.name == container } ?? statuses.first
        let unschedulable = pod.status?.conditions?.first {
            $0.type == "PodScheduled" && $0.status == "False" && $0.reason == "Unschedulable"
        }
        self.init(
            name: pod.name,
            phase: pod.status?.phase ?? "Pending",
            terminated: main?.state?.terminated.map {
                Termination(exitCode: $0.exitCode, reason: $0.reason, message: $0.message)
            },
            waitingReason: main?.state?.waiting?.reason,
            waitingMessage: main?.state?.waiting?.message,
            unschedulableMessage: unschedulable.map { $0.message ?? "" },
            hasContainerStatus: main != nil,
            labels: pod.metadata.labels ?? [:],
            isBeingDeleted: deleted || pod.metadata.deletionTimestamp != nil)
    }
}
