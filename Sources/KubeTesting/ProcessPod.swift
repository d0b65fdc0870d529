import Foundation
import Kube
import SparkOperatorAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One pod of the process kubelet, from Pending to its end: prepares its sandbox, runs its
/// process, writes its status, and kills it when the pod is deleted or the kubelet stops.
final class ProcessPod: Sendable {
    let kubelet: ProcessKubelet
    let handle: PodHandle

    init(kubelet: ProcessKubelet, handle: PodHandle) {
        self.kubelet = kubelet
        self.handle = handle
    }

    /// Why a pod cannot start yet (a kubelet retries): the waiting reason and message to show.
    struct NotReady: Error {
        var reason: String
        var message: String
    }

    /// Why a pod can never start here.
    struct CannotRun: Error {
        var message: String
    }

    var directory: String { kubelet.podDirectory(namespace: handle.namespace, name: handle.name) }

    func run() async {
        defer { _ = kubelet.running.withLock { $0.removeValue(forKey: handle.uid) } }
        do {
            try await lifecycle()
            if handle.deletion.value != nil && !handle.isGone {
                // A graceful delete waits for the node's kubelet: finish it, as a kubelet does.
                _ = try await kubelet.client.delete(
                    Pod.self, name: handle.name, namespace: handle.namespace,
                    options: DeleteOptions(gracePeriodSeconds: 0, preconditions: .init(uid: handle.uid)))
                kubelet.record(handle.latest, .deletedWithGracePeriodZero)
            }
        } catch is CancellationError {
        } catch let error as KubeAPIError where error.isNotFound || error.isConflict {
        } catch {
            kubelet.logger.warning("pod \(handle.namespace)/\(handle.name): \(error)")
        }
    }

    private func lifecycle() async throws {
        let pod = handle.latest
        guard let container = pod.mainContainer else { return }
        if pod.nodeName == nil {
            // Like a scheduler: onto this kubelet's node (no Node object needed), so that deletes
            // are graceful and wait for the kubelet to stop the pod's processes.
            try await kubelet.retry.run("binding \(handle.namespace)/\(handle.name)") {
                try await kubelet.client.bind(pod: handle.name, namespace: handle.namespace, uid: handle.uid, toNode: ProcessKubelet.nodeName)
            }
        }
        let image = container["image"]?.stringValue ?? ""
        guard ProcessKubelet.canRun(image: image) else {
            try await imagePullFails(image)
            return
        }
        let ip = LoopbackAddresses.next()
        kubelet.running.withLock {
            $0[handle.uid] = .init(
                namespace: handle.namespace, name: handle.name, labels: pod.metadata.labels ?? [:], ip: ip)
        }
        try await writeStatus(waiting: .init(reason: "ContainerCreating"))

        // Like a kubelet: wait for missing ConfigMaps/Secrets (and their keys), showing why.
        var shown: String?
        var launch: Launch?
        while launch == nil {
            if handle.deletion.value != nil { return }
            do {
                launch = try await prepare(handle.latest, container: container, ip: ip)
            } catch let wait as NotReady {
                if shown != wait.message {
                    shown = wait.message
                    try await writeStatus(waiting: .init(reason: wait.reason, message: wait.message))
                }
                try await Task.sleep(for: kubelet.configuration.volumePollInterval)
            } catch let failure as CannotRun {
                kubelet.record(pod, .processFailedToStart(failure.message))
                try await writeTerminated(ContainerExit(exitCode: 128, reason: "ContainerCannotRun", message: failure.message), startedAt: nil)
                return
            }
        }
        guard let launch else { return }
        try await runProcess(launch, ip: ip)
    }

    // MARK: - Image pull failure

    private func imagePullFails(_ image: String) async throws {
        let why =
            "rpc error: code = NotFound desc = failed to pull and unpack image \"\(image)\": not found "
            + "(the process kubelet runs Spark images only: image names containing \"spark\")"
        try await writeStatus(waiting: .init(reason: "ErrImagePull", message: why))
        try await Task.sleep(for: .seconds(1))
        if handle.deletion.value == nil {
            try await writeStatus(waiting: .init(reason: "ImagePullBackOff", message: "Back-off pulling image \"\(image)\""))
        }
        _ = await handle.deletion.wait()
    }

    // MARK: - The process

    struct Launch {
        var executable: String
        var arguments: [String]
        var environment: [String: String]
        var hostsFile: String
        var logFile: String
    }

    private func runProcess(_ launch: Launch, ip: String) async throws {
        let log = try openLog(launch.logFile)
        defer { try? log.close() }
        let exited = Latch<Int32>()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launch.executable)
        process.arguments = launch.arguments
        process.environment = launch.environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        process.terminationHandler = { p in
            let code = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
            exited.fire(code)
        }
        do {
            try process.run()
        } catch {
            try await writeTerminated(
                ContainerExit(exitCode: 128, reason: "ContainerCannotRun", message: "\(launch.executable): \(error)"),
                startedAt: nil)
            return
        }
        let pid = process.processIdentifier
        // Foundation starts the child in a process group of its own: the pod's processes.
        kubelet.reaper.register(processGroup: pid)
        defer { kubelet.reaper.unregister(processGroup: pid) }
        kubelet.running.withLock {
            $0[handle.uid]?.processGroup = pid
            $0[handle.uid]?.hostsFile = launch.hostsFile
        }
        kubelet.record(handle.latest, .processStarted(pid: pid, podIP: ip))
        let startedAt = Date()
        handle.startedAt = startedAt
        let hostIP = kubelet.configuration.apiServerHost
        _ = try? await kubelet.writer.write(handle) { pod in
            SimulatedPodStatus.running(pod, podIP: ip, startedAt: startedAt, now: Date(), hostIP: hostIP)
        }
        recordStatus(handle.latest)

        // Until the process exits, the pod is deleted, or the kubelet stops.
        let deleted = await withTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await exited.wait(); return false }
            group.addTask { await self.handle.deletion.wait() != nil }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if exited.value == nil {
            let grace = deleted ? gracePeriod() : .seconds(5)
            await stop(pid: pid, grace: grace, exited: exited)
        }
        let code = exited.value ?? 137
        kubelet.record(handle.latest, .processExited(exitCode: code))
        try? log.synchronize()
        if Task.isCancelled || handle.isGone { return }
        let exit =
            code == 0
            ? ContainerExit.completed
            : ContainerExit(exitCode: code, reason: "Error", message: logTail(launch.logFile))
        try await writeTerminated(exit, startedAt: startedAt)
        cleanUp()
    }

    /// SIGTERM to the process group, SIGKILL after `grace`. Runs to its end even when the
    /// kubelet is being cancelled (in a task of its own: no pod process may outlive it), without
    /// blocking a thread.
    private func stop(pid: Int32, grace: Duration, exited: Latch<Int32>) async {
        await Task.detached {
            kill(-pid, SIGTERM)
            let deadline = ContinuousClock.now + grace
            while exited.value == nil, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if exited.value == nil {
                kill(-pid, SIGKILL)
                while exited.value == nil { try? await Task.sleep(for: .milliseconds(20)) }
            }
            // Children that left the group's leader behind (python workers) go too.
            kill(-pid, SIGKILL)
        }.value
    }

    /// The deletion's grace period (`deletionGracePeriodSeconds`, else the pod's
    /// `terminationGracePeriodSeconds`, else 30 s), at most the configured maximum.
    private func gracePeriod() -> Duration {
        let pod = handle.latest
        let seconds: Int64 =
            pod.metadata.deletionGracePeriodSeconds ?? pod.spec?["terminationGracePeriodSeconds"]?.intValue ?? 30
        return min(.seconds(max(seconds, 0)), kubelet.configuration.maxGracePeriod)
    }

    private func openLog(_ path: String) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CannotRun(message: "cannot open \(path)") }
        try handle.seekToEnd()
        return handle
    }

    /// The end of the log, as a termination message (`FallbackToLogsOnError`: the last 80 lines, at most 2048 bytes).
    private func logTail(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        let lines = String(decoding: data.suffix(2048), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var tail = lines.suffix(80).joined(separator: "\n")
        if data.count > 2048, let firstBreak = tail.firstIndex(of: "\n") { tail = String(tail[tail.index(after: firstBreak)...]) }
        return tail
    }

    /// Removes the pod's volumes and sandbox, keeping its log and command line.
    private func cleanUp() {
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where !["log", "launch.json"].contains(entry) {
            try? fm.removeItem(atPath: "\(directory)/\(entry)")
        }
    }

    // MARK: - Status

    private func writeStatus(waiting: ContainerState.Waiting) async throws {
        let hostIP = kubelet.configuration.apiServerHost
        let main = handle.latest.mainContainerName ?? ""
        guard let written = try await kubelet.writer.write(handle, { pod in
            SimulatedPodStatus.pending(pod, waiting: [main: waiting], now: Date(), hostIP: hostIP)
        }) else { return }
        recordStatus(written)
    }

    private func writeTerminated(_ exit: ContainerExit, startedAt: Date?) async throws {
        let hostIP = kubelet.configuration.apiServerHost
        guard let written = try await kubelet.writer.write(handle, { pod in
            SimulatedPodStatus.terminated(pod, main: exit, startedAt: startedAt, now: Date(), hostIP: hostIP)
        }) else { return }
        recordStatus(written)
    }

    private func recordStatus(_ pod: Pod) {
        guard let status = pod.status, let phase = status.phase else { return }
        kubelet.record(
            pod, .statusWritten(phase: phase, reason: SimulatedPodStatus.summaryReason(status, mainContainer: pod.mainContainerName)))
    }
}
