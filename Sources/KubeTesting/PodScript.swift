import Kube

/// What the simulated kubelet does with one pod, decided once when it first sees the pod.
///
/// Every running course starts with the pod Pending (containers waiting, `ContainerCreating`)
/// for `startDelay`, and goes Running only once the ConfigMaps and Secrets its volumes need exist
/// (as a kubelet cannot mount them before). Durations left nil are the kubelet's
/// (`SimulatedKubelet.Timing`).
public struct PodScript: Sendable, Hashable, CustomStringConvertible {
    /// The pod's course.
    public enum Course: Sendable, Hashable {
        /// Running for `runDuration`, then the main container exits (0: `Succeeded`, else `Failed`).
        case exits(ContainerExit)
        /// Running until the pod is deleted (or, for an executor, its simulated driver stops it).
        case runsForever
        /// Stays Pending; `containers` (nil: the main container) wait for each reason in turn,
        /// `startDelay` apart, and keep the last one (e.g. `ErrImagePull`, then `ImagePullBackOff`).
        case staysWaiting([ContainerState.Waiting], containers: [String]?)
        /// Stays Pending, unscheduled: condition PodScheduled False, reason `Unschedulable`.
        case unschedulable(message: String)
    }

    /// What a simulated Spark driver does with its executor pods when it ends.
    public enum ExecutorsAtEnd: Sendable, Hashable {
        /// Deletes them (and their ConfigMap), as `SparkContext.stop()` does.
        case delete
        /// Has them exit 0, so they end `Succeeded` (and stay), as with
        /// `spark.kubernetes.executor.deleteOnTermination=false`.
        case succeed
    }

    public var course: Course
    /// How long the pod stays Pending before it runs (before the next waiting reason, for
    /// `staysWaiting`); nil: the kubelet's.
    public var startDelay: Duration?
    /// How long it runs before it exits; nil: the kubelet's.
    public var runDuration: Duration?
    /// A driver pod (label `spark-role=driver`) that goes Running acts as a Spark driver and
    /// creates its executor pods, unless this is false (a driver that fails before its
    /// SparkContext starts creates none).
    public var createsExecutors: Bool
    public var executorsAtEnd: ExecutorsAtEnd

    public init(
        _ course: Course, startDelay: Duration? = nil, runDuration: Duration? = nil, createsExecutors: Bool = true,
        executorsAtEnd: ExecutorsAtEnd = .delete
    ) {
        self.course = course
        self.startDelay = startDelay
        self.runDuration = runDuration
        self.createsExecutors = createsExecutors
        self.executorsAtEnd = executorsAtEnd
    }

    // MARK: - Scripts

    /// Pending → Running → `Succeeded` (exit code 0, reason `Completed`).
    public static func succeeds(after runDuration: Duration? = nil) -> PodScript {
        PodScript(.exits(.completed), runDuration: runDuration)
    }

    /// Pending → Running → `Failed`: the main container exits with `exitCode`, `reason`
    /// (`Error`, `OOMKilled`, …) and `message` (its termination message).
    public static func fails(
        exitCode: Int32 = 1, reason: String = "Error", message: String? = nil, after runDuration: Duration? = nil
    ) -> PodScript {
        PodScript(.exits(ContainerExit(exitCode: exitCode, reason: reason, message: message)), runDuration: runDuration)
    }

    /// Pending → Running → `Failed` with exit code 137, reason `OOMKilled`.
    public static func oomKilled(after runDuration: Duration? = nil) -> PodScript {
        PodScript(.exits(.oomKilled), runDuration: runDuration)
    }

    /// Pending → Running until deleted.
    public static var runsForever: PodScript { PodScript(.runsForever) }

    /// Stays Pending: `ErrImagePull`, then `ImagePullBackOff`, for `containers` (nil: the main one).
    public static func imagePullFails(image: String, containers: [String]? = nil) -> PodScript {
        let notFound =
            "rpc error: code = NotFound desc = failed to pull and unpack image \"\(image)\": failed to resolve reference "
            + "\"\(image)\": \(image): not found"
        return PodScript(
            .staysWaiting(
                [
                    ContainerState.Waiting(reason: "ErrImagePull", message: notFound),
                    ContainerState.Waiting(reason: "ImagePullBackOff", message: "Back-off pulling image \"\(image)\""),
                ], containers: containers))
    }

    /// Stays Pending with the main container waiting for `reason` (`CreateContainerConfigError`,
    /// `ErrImagePull`, …) and `message`.
    public static func waiting(reason: String, message: String? = nil) -> PodScript {
        PodScript(.staysWaiting([ContainerState.Waiting(reason: reason, message: message)], containers: nil))
    }

    /// Stays Pending and unscheduled, with the scheduler's `message`.
    public static func unschedulable(
        message: String = "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory."
    ) -> PodScript {
        PodScript(.unschedulable(message: message))
    }

    // MARK: - Modifiers

    /// The same script with another `startDelay`.
    public func startingAfter(_ delay: Duration) -> PodScript {
        var s = self
        s.startDelay = delay
        return s
    }

    /// A driver that creates no executors (fails before its SparkContext starts).
    public func withoutExecutors() -> PodScript {
        var s = self
        s.createsExecutors = false
        return s
    }

    /// A driver whose executors end `Succeeded` rather than being deleted when it ends.
    public func executorsSucceedAtEnd() -> PodScript {
        var s = self
        s.executorsAtEnd = .succeed
        return s
    }

    public var description: String {
        var s: String
        switch course {
        case .exits(let exit): s = exit.exitCode == 0 ? "succeeds" : "fails(\(exit))"
        case .runsForever: s = "runsForever"
        case .staysWaiting(let states, _): s = "staysWaiting(\(states.compactMap(\.reason).joined(separator: " → ")))"
        case .unschedulable: s = "unschedulable"
        }
        if let startDelay { s += " startDelay=\(startDelay)" }
        if let runDuration { s += " runDuration=\(runDuration)" }
        if !createsExecutors { s += " withoutExecutors" }
        if executorsAtEnd == .succeed { s += " executorsSucceedAtEnd" }
        return s
    }
}

/// How a container ends: exit code, `state.terminated.reason` and `.message`.
public struct ContainerExit: Sendable, Hashable, CustomStringConvertible {
    public var exitCode: Int32
    /// `Completed` (exit 0), `Error`, `OOMKilled`, …
    public var reason: String
    /// The termination message (`/dev/termination-log`, or the log tail with `FallbackToLogsOnError`).
    public var message: String?

    public init(exitCode: Int32, reason: String, message: String? = nil) {
        self.exitCode = exitCode
        self.reason = reason
        self.message = message
    }

    /// Exit code 0, reason `Completed`.
    public static let completed = ContainerExit(exitCode: 0, reason: "Completed")
    /// Exit code 137, reason `OOMKilled`.
    public static let oomKilled = ContainerExit(exitCode: 137, reason: "OOMKilled")
    /// Killed by the SIGTERM of a graceful delete: exit code 143, reason `Error`.
    public static let terminatedBySignal = ContainerExit(exitCode: 143, reason: "Error")

    public var description: String {
        "exit \(exitCode) \(reason)" + (message.map { ": \($0)" } ?? "")
    }
}
