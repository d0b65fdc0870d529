import Foundation

/// One thing the simulated kubelet did or saw for a pod, for assertions.
public struct KubeletEvent: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// It took the pod on, with this script (nil: only to complete its deletion).
        case adopted(PodScript?)
        /// It wrote the pod's status: the phase, and the main container's waiting or terminated
        /// reason (`ContainerCreating`, `ImagePullBackOff`, `Completed`, `OOMKilled`, …) or the
        /// pod's condition reason (`Unschedulable`).
        case statusWritten(phase: String, reason: String?)
        /// As a Spark driver, it created these executor pods.
        case executorsCreated([String])
        /// As a Spark driver, it deleted its executor pods (at its end, or when it was deleted).
        case executorsDeleted
        /// As a Spark driver, it had its executors exit 0.
        case executorsStopped([String])
        /// As a Spark driver, it could not start (e.g. its executor pod template is missing).
        case driverFailedToStart(String)
        /// The pod got a deletionTimestamp (a graceful delete waiting for the kubelet).
        case deletionRequested
        /// It deleted the pod with grace period 0, completing a graceful delete.
        case deletedWithGracePeriodZero
        /// The pod is gone from the API server.
        case gone
        /// (Process kubelet) It started the pod's process (process group `pid`) with this pod IP.
        case processStarted(pid: Int32, podIP: String)
        /// (Process kubelet) The pod's process ended with this exit code (128+n: killed by signal n).
        case processExited(exitCode: Int32)
        /// (Process kubelet) It could not start the pod's process (a bad pod spec for this kubelet).
        case processFailedToStart(String)
    }

    public var namespace: String
    public var name: String
    public var uid: String
    public var kind: Kind
    public var time: Date

    public init(namespace: String, name: String, uid: String, kind: Kind, time: Date = Date()) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.kind = kind
        self.time = time
    }

    /// The phase written, for `statusWritten`.
    public var phase: String? {
        if case .statusWritten(let phase, _) = kind { return phase }
        return nil
    }

    public var description: String {
        let what: String
        switch kind {
        case .adopted(let script): what = "adopted (\(script.map(\.description) ?? "to complete its deletion"))"
        case .statusWritten(let phase, let reason): what = phase + (reason.map { " (\($0))" } ?? "")
        case .executorsCreated(let names): what = "created executors \(names.joined(separator: ", "))"
        case .executorsDeleted: what = "deleted its executors"
        case .executorsStopped(let names): what = "stopped executors \(names.joined(separator: ", "))"
        case .driverFailedToStart(let why): what = "driver failed to start: \(why)"
        case .deletionRequested: what = "deletion requested"
        case .deletedWithGracePeriodZero: what = "deleted with grace period 0"
        case .gone: what = "gone"
        case .processStarted(let pid, let ip): what = "process \(pid) started, pod IP \(ip)"
        case .processExited(let code): what = "process exited with \(code)"
        case .processFailedToStart(let why): what = "process failed to start: \(why)"
        }
        return "\(namespace)/\(name): \(what)"
    }
}
