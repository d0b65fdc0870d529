import Foundation
import Kube
import Logging

/// Runs one pod's script against the API server, then completes its deletion: the part of the
/// simulated kubelet that is a kubelet's pod worker.
///
/// The script races three interruptions: the pod's deletion (a deletionTimestamp, or the pod
/// gone), and, for an executor, a stop by its simulated driver (it exits as told). Whatever
/// ended the script, the worker then waits for the deletion; a graceful delete (the pod still
/// there with a deletionTimestamp: it has a nodeName, or finalizers) is completed as a kubelet
/// does: a driver deletes its executors, running containers are terminated (exit 143 after the
/// SIGTERM), and the pod is deleted with grace period 0.
struct PodWorker: Sendable {
    let kubelet: SimulatedKubelet
    let handle: PodHandle
    /// nil: a pod taken on only to complete its deletion (it was not Pending when first seen).
    let script: PodScript?

    private enum Interruption: Sendable {
        case scriptEnded
        case deletion
        case stop(ContainerExit)
        case cancelled
    }

    private var writer: PodStatusWriter { kubelet.writer }
    private var timing: SimulatedKubelet.Timing { kubelet.timing }
    private var logger: Logger { kubelet.logger }

    func run() async {
        if let script {
            let interruption = await withTaskGroup(of: Interruption.self) { group in
                group.addTask {
                    do {
                        try await perform(script)
                    } catch is CancellationError {
                        return .cancelled
                    } catch {
                        if !Task.isCancelled { logger.warning("pod \(handle.namespace)/\(handle.name): \(error)") }
                    }
                    return Task.isCancelled ? .cancelled : .scriptEnded
                }
                group.addTask { await handle.deletion.wait() != nil ? .deletion : .cancelled }
                group.addTask { await handle.stopRequested.wait().map(Interruption.stop) ?? .cancelled }
                var first = await group.next() ?? .cancelled
                // A script cancelled by the deletion that won the race is not a cancellation.
                if case .cancelled = first, !Task.isCancelled, handle.deletion.value != nil { first = .deletion }
                group.cancelAll()
                return first
            }
            guard !Task.isCancelled else { return }
            if case .stop(let exit) = interruption, handle.deletion.value == nil {
                try? await terminate(with: exit, others: exit)
            }
        }
        guard await handle.deletion.wait() != nil, !Task.isCancelled else { return }
        do {
            try await completeDeletion()
        } catch {
            if !Task.isCancelled { logger.warning("pod \(handle.namespace)/\(handle.name): deleting: \(error)") }
        }
    }

    // MARK: - The script

    private func perform(_ script: PodScript) async throws {
        let startDelay = script.startDelay ?? timing.startDelay
        let main = handle.latest.mainContainerName
        switch script.course {
        case .unschedulable(let message):
            try await write { SimulatedPodStatus.unschedulable($0, message: message, now: Date()) }

        case .staysWaiting(let states, let containers):
            try await write { pending($0) }
            for state in states {
                try await Task.sleep(for: startDelay)
                let waiting = Dictionary((containers ?? main.map { [$0] } ?? []).map { ($0, state) }) { a, _ in a }
                try await write { pending($0, waiting: waiting) }
            }

        case .exits, .runsForever:
            try await write { pending($0) }
            try await Task.sleep(for: startDelay)
            try await waitForVolumes()
            let ip = kubelet.ips.next()
            let startedAt = Date()
            handle.startedAt = startedAt
            try await write {
                SimulatedPodStatus.running($0, podIP: ip, startedAt: startedAt, now: Date(), hostIP: kubelet.hostIP)
            }

            var executors: SimulatedSparkDriver.Executors?
            if handle.latest.sparkRole == "driver", script.createsExecutors {
                do {
                    executors = try await kubelet.sparkDriver.start(handle)
                } catch let error as SparkDriverConf.StartError {
                    record(.driverFailedToStart(error.description))
                    try await kubelet.sparkDriver.deleteExecutors(of: handle)
                    try await terminate(with: ContainerExit(exitCode: 1, reason: "Error", message: error.description))
                    return
                }
            }
            guard case .exits(let exit) = script.course else { try await sleepForever() }
            try await Task.sleep(for: script.runDuration ?? timing.runDuration)
            if let executors {
                try await kubelet.sparkDriver.stop(executors, of: handle, script.executorsAtEnd, timeout: timing.executorStopTimeout)
            }
            try await terminate(with: exit)
        }
    }

    private func sleepForever() async throws -> Never {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    /// Writes the terminated status: the main container exits with `exit`, the others with
    /// `others` (0 by default).
    private func terminate(with exit: ContainerExit, others: ContainerExit = .completed) async throws {
        let startedAt = handle.startedAt
        let written = try await write {
            SimulatedPodStatus.terminated(
                $0, main: exit, others: others, startedAt: startedAt, now: Date(), hostIP: kubelet.hostIP)
        }
        handle.finished.fire(written.phase ?? "")
    }

    private func pending(_ pod: Pod, waiting: [String: ContainerState.Waiting] = [:]) -> PodStatus {
        SimulatedPodStatus.pending(pod, waiting: waiting, now: Date(), hostIP: kubelet.hostIP)
    }

    /// Writes a status and records it; throws `CancellationError` when the pod is gone (its
    /// deletion interrupts the script).
    @discardableResult
    private func write(_ make: (Pod) -> PodStatus) async throws -> Pod {
        guard let written = try await writer.write(handle, make) else { throw CancellationError() }
        let status = written.status ?? PodStatus()
        record(
            .statusWritten(
                phase: status.phase ?? "",
                reason: SimulatedPodStatus.summaryReason(status, mainContainer: written.mainContainerName)))
        return written
    }

    /// A kubelet cannot start the containers before it can mount their volumes: waits until
    /// every ConfigMap and Secret the pod's volumes need (not marked optional) exists.
    private func waitForVolumes() async throws {
        let pod = handle.latest
        var needed: [(kind: String, name: String)] = []
        for volume in pod.volumes {
            for (kind, key) in [("ConfigMap", "configMap"), ("Secret", "secret")] {
                guard let source = volume[key], source["optional"]?.boolValue != true else { continue }
                if let name = source[kind == "Secret" ? "secretName" : "name"]?.stringValue { needed.append((kind, name)) }
            }
        }
        for (kind, name) in needed {
            var loggedWait = false
            while true {
                let exists = try await kubelet.retry.run("reading \(kind) \(pod.namespace)/\(name)") {
                    do {
                        if kind == "Secret" {
                            _ = try await kubelet.client.get(Secret.self, name: name, namespace: pod.namespace)
                        } else {
                            _ = try await kubelet.client.get(ConfigMap.self, name: name, namespace: pod.namespace)
                        }
                        return true
                    } catch let error as KubeAPIError where error.isNotFound {
                        return false
                    }
                }
                if exists { break }
                if !loggedWait {
                    logger.debug("pod \(pod.key) waits for \(kind) \(name) to mount it")
                    loggedWait = true
                }
                try await Task.sleep(for: timing.volumePollInterval)
            }
        }
    }

    // MARK: - Deletion

    private func completeDeletion() async throws {
        if handle.latest.sparkRole == "driver" {
            try await kubelet.sparkDriver.deleteExecutors(of: handle)
        }
        guard !handle.isGone else { return }
        // A graceful delete: the API server waits for the kubelet.
        let pod = handle.latest
        if handle.startedAt != nil, !pod.isTerminal, handle.finished.value == nil {
            _ = try? await terminate(with: .terminatedBySignal, others: .terminatedBySignal)
        }
        guard !handle.isGone else { return }
        do {
            _ = try await kubelet.retry.run("deleting \(handle.namespace)/\(handle.name)") {
                try await kubelet.client.delete(
                    Pod.self, name: handle.name, namespace: handle.namespace,
                    options: DeleteOptions(gracePeriodSeconds: 0, preconditions: .init(uid: handle.uid)))
            }
            record(.deletedWithGracePeriodZero)
        } catch let error as KubeAPIError where error.isNotFound {
            // Gone already: usually our own delete, whose answer was lost to a timeout on a
            // loaded API server before the retry (nothing else finishes a graceful delete).
            record(.deletedWithGracePeriodZero)
        } catch let error as KubeAPIError where error.isConflict {
            // Replaced by another pod of that name.
        }
    }

    private func record(_ kind: KubeletEvent.Kind) {
        kubelet.journal.record(KubeletEvent(namespace: handle.namespace, name: handle.name, uid: handle.uid, kind: kind))
    }
}
