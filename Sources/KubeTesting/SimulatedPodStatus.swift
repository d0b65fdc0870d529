import Foundation
import Kube
import SparkOperatorAPI

/// The pod statuses a kubelet (v1.20) writes, as pure functions of the pod, the moment, and
/// what the script decided. Each starts from the pod's current status, so fields the API server
/// set (`qosClass`) are kept, and a condition that keeps its value keeps its
/// `lastTransitionTime`. Container statuses are sorted by name, as the kubelet does.
enum SimulatedPodStatus {
    /// Pending with containers waiting: `ContainerCreating` unless `waiting` names another state
    /// for the container; with init containers, those are being created and the others wait in
    /// `PodInitializing`.
    static func pending(
        _ pod: Pod, waiting: [String: ContainerState.Waiting] = [:], now: Date, hostIP: String
    ) -> PodStatus {
        var status = base(pod, phase: "Pending", now: now, hostIP: hostIP)
        let initializing = !pod.initContainers.isEmpty
        let creating = ContainerState.Waiting(reason: "ContainerCreating")
        status.initContainerStatuses =
            initializing
            ? statuses(pod.initContainers, pod) { name in (ContainerState(waiting: waiting[name] ?? creating), false) }
            : nil
        let mainWaiting = initializing ? ContainerState.Waiting(reason: "PodInitializing") : creating
        status.containerStatuses = statuses(pod.containers, pod) { name in
            (ContainerState(waiting: waiting[name] ?? mainWaiting), false)
        }
        if initializing {
            setCondition(
                &status, "Initialized", "False", reason: "ContainersNotInitialized",
                message: "containers with incomplete status: [\(names(pod.initContainers).joined(separator: " "))]", now: now)
        } else {
            setCondition(&status, "Initialized", "True", now: now)
        }
        setNotReady(&status, pod, reason: "ContainersNotReady", now: now)
        setCondition(&status, "PodScheduled", "True", now: now)
        return status
    }

    /// Running: every container running since `startedAt` and ready, the pod Ready with `podIP`.
    static func running(_ pod: Pod, podIP: String, startedAt: Date, now: Date, hostIP: String) -> PodStatus {
        var status = base(pod, phase: "Running", now: now, hostIP: hostIP)
        status.podIP = podIP
        status.otherFields["podIPs"] = .array([["ip": .string(podIP)]])
        status.initContainerStatuses = initCompleted(pod, startedAt: startedAt)
        status.containerStatuses = statuses(pod.containers, pod) { _ in
            (ContainerState(running: .init(startedAt: KubeTime(startedAt))), true)
        }
        setCondition(&status, "Initialized", "True", now: now)
        setCondition(&status, "Ready", "True", now: now)
        setCondition(&status, "ContainersReady", "True", now: now)
        setCondition(&status, "PodScheduled", "True", now: now)
        return status
    }

    /// Terminated: the main container exited with `main`, the others with `others`;
    /// `Succeeded` if every exit code is 0, else `Failed`.
    static func terminated(
        _ pod: Pod, main: ContainerExit, others: ContainerExit = .completed, startedAt: Date?, now: Date,
        hostIP: String
    ) -> PodStatus {
        let mainName = pod.mainContainerName
        let succeeded = main.exitCode == 0 && (pod.containers.count <= 1 || others.exitCode == 0)
        var status = base(pod, phase: succeeded ? "Succeeded" : "Failed", now: now, hostIP: hostIP)
        let started = startedAt ?? now
        status.initContainerStatuses = initCompleted(pod, startedAt: started)
        status.containerStatuses = statuses(pod.containers, pod) { name in
            let exit = name == mainName ? main : others
            return (
                ContainerState(
                    terminated: .init(
                        exitCode: exit.exitCode, reason: exit.reason, message: exit.message,
                        startedAt: KubeTime(started), finishedAt: KubeTime(now), containerID: containerID(pod, name))),
                false
            )
        }
        setCondition(&status, "Initialized", "True", reason: succeeded ? "PodCompleted" : nil, now: now)
        if succeeded {
            setCondition(&status, "Ready", "False", reason: "PodCompleted", now: now)
            setCondition(&status, "ContainersReady", "False", reason: "PodCompleted", now: now)
        } else {
            setNotReady(&status, pod, reason: "ContainersNotReady", now: now)
        }
        setCondition(&status, "PodScheduled", "True", now: now)
        return status
    }

    /// Pending and unscheduled, as the scheduler writes it: only PodScheduled False.
    static func unschedulable(_ pod: Pod, message: String, now: Date) -> PodStatus {
        var status = pod.status ?? PodStatus()
        status.phase = "Pending"
        status.conditions = (status.conditions ?? []).filter { $0.type == "PodScheduled" }
        setCondition(&status, "PodScheduled", "False", reason: "Unschedulable", message: message, now: now)
        return status
    }

    /// The reason to record for a status: the main container's waiting or terminated reason, else
    /// the reason of a False PodScheduled condition.
    static func summaryReason(_ status: PodStatus, mainContainer: String?) -> String? {
        if let state = status.containerStatuses?.first(where: { $0.name == mainContainer })?.state {
            if let w = state.waiting { return w.reason }
            if let t = state.terminated { return t.reason }
            return nil
        }
        return status.conditions?.first { $0.type == "PodScheduled" && $0.status == "False" }?.reason
    }

    /// `containerd://` and 64 hex digits, stable for a pod's container.
    static func containerID(_ pod: Pod, _ name: String) -> String {
        "containerd://" + hex64(pod.uid + "/" + name)
    }

    // MARK: - Parts

    private static func base(_ pod: Pod, phase: String, now: Date, hostIP: String) -> PodStatus {
        var status = pod.status ?? PodStatus()
        status.phase = phase
        status.hostIP = hostIP
        status.startTime = status.startTime ?? KubeTime(now)
        status.reason = nil
        status.message = nil
        return status
    }

    private static func names(_ containers: [JSONValue]) -> [String] {
        containers.compactMap { $0["name"]?.stringValue }
    }

    private static func statuses(
        _ containers: [JSONValue], _ pod: Pod, _ state: (String) -> (ContainerState, Bool)
    ) -> [ContainerStatus] {
        containers.compactMap { container -> ContainerStatus? in
            guard let name = container["name"]?.stringValue else { return nil }
            let (s, ready) = state(name)
            let image = container["image"]?.stringValue ?? ""
            let created = s.waiting == nil
            var status = ContainerStatus(
                name: name, state: s, ready: ready, restartCount: 0, image: image,
                imageID: created ? imageID(image) : "", containerID: created ? containerID(pod, name) : nil,
                started: s.running != nil)
            status.lastState = ContainerState()
            return status
        }.sorted { $0.name < $1.name }
    }

    private static func initCompleted(_ pod: Pod, startedAt: Date) -> [ContainerStatus]? {
        guard !pod.initContainers.isEmpty else { return nil }
        return statuses(pod.initContainers, pod) { name in
            (
                ContainerState(
                    terminated: .init(
                        exitCode: 0, reason: "Completed", startedAt: KubeTime(startedAt), finishedAt: KubeTime(startedAt),
                        containerID: containerID(pod, name))), false
            )
        }
    }

    private static func setNotReady(_ status: inout PodStatus, _ pod: Pod, reason: String, now: Date) {
        let message = "containers with unready status: [\(names(pod.containers).joined(separator: " "))]"
        setCondition(&status, "Ready", "False", reason: reason, message: message, now: now)
        setCondition(&status, "ContainersReady", "False", reason: reason, message: message, now: now)
    }

    /// Sets a condition (in the kubelet's order: Initialized, Ready, ContainersReady,
    /// PodScheduled), keeping its transition time when its status does not change.
    private static func setCondition(
        _ status: inout PodStatus, _ type: String, _ value: String, reason: String? = nil, message: String? = nil,
        now: Date
    ) {
        var conditions = status.conditions ?? []
        let old = conditions.first { $0.type == type }
        var condition = PodCondition(
            type: type, status: value, reason: reason, message: message,
            lastTransitionTime: old?.status == value ? (old?.lastTransitionTime ?? KubeTime(now)) : KubeTime(now))
        condition.otherFields["lastProbeTime"] = .null
        conditions.removeAll { $0.type == type }
        conditions.append(condition)
        let order = ["Initialized", "Ready", "ContainersReady", "PodScheduled"]
        status.conditions = conditions.sorted {
            (order.firstIndex(of: $0.type) ?? order.count) < (order.firstIndex(of: $1.type) ?? order.count)
        }
    }

    private static func imageID(_ image: String) -> String {
        let repository = image.split(separator: "@").first.map(String.init) ?? image
        let withoutTag =
            repository.lastIndex(of: ":").flatMap { colon in
                repository[colon...].contains("/") ? nil : String(repository[..<colon])
            } ?? repository
        return "\(withoutTag)@sha256:\(hex64(image))"
    }

    /// 64 hex digits derived from `text` (FNV-1a, four rounds).
    private static func hex64(_ text: String) -> String {
        (0..<4).map { round -> String in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(round)
            for byte in text.utf8 {
                h ^= UInt64(byte)
                h &*= 0x100_0000_01b3
            }
            let s = String(h, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }.joined()
    }
}
