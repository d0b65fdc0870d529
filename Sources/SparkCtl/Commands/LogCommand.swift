import ArgumentParser
import Foundation
import Kube
import SparkOperator
import SparkOperatorAPI

/// `sparkctl log NAME [--executor ID] [-f]`: the driver's (or an executor's) log.
struct LogCommand: ParsableCommand, CtlCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the log of an application's driver, or of one of its executors.",
        discussion: """
            The driver pod is status.driverInfo.podName; --executor ID picks the executor pod with that \
            spark-exec-id (or the executor pod of that name in status.executorState). The log is read \
            through the API server (pods/log), or, with --pod-log-dir DIR (or SPARKCTL_POD_LOG_DIR), from \
            DIR/<namespace>/<pod>/log as the test process kubelet keeps it; --follow then tails that \
            file until the pod has ended.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The SparkApplication.") var name: String

    @Option(name: [.short, .customLong("executor")], help: "The executor's id (spark-exec-id), e.g. 1.")
    var executor: String?

    @Flag(name: .shortAndLong, help: "Keep printing the log as it is written, until the pod ends.")
    var follow = false

    @Option(name: .shortAndLong, help: "The container (default: Spark's container of the pod).")
    var container: String?

    @Option(help: "Read logs from DIR/<namespace>/<pod>/log instead of the API server (env: SPARKCTL_POD_LOG_DIR).")
    var podLogDir: String?

    static let podLogDirVariable = "SPARKCTL_POD_LOG_DIR"
    /// How often a followed log file is read and the pod's phase checked.
    static let pollInterval: Duration = .milliseconds(250)

    func run(_ context: CtlContext) async throws {
        let app = try await context.client.get(SparkApplication.self, name: name, namespace: context.namespace)
        let pod: String
        if let executor {
            pod = try await Self.executorPod(of: app, id: executor, context.client)
        } else {
            guard let driver = app.status?.driverInfo?.podName, !driver.isEmpty else {
                let state = app.status?.applicationState?.state ?? .new
                throw CtlError(
                    "sparkapplication \"\(app.name)\" has no driver pod yet (state: \(state == .new ? "new" : state.rawValue))")
            }
            pod = driver
        }
        let directory = podLogDir ?? context.environment[Self.podLogDirVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let directory {
            try await Self.readLocal(directory: directory, namespace: context.namespace, pod: pod, follow: follow, context)
        } else {
            try await readFromAPI(pod: pod, role: executor == nil ? "driver" : "executor", context)
        }
    }

    // MARK: - Which pod

    /// The executor pod with `spark-exec-id` `id`: a key of `status.executorState` equal to `id`,
    /// else a pod of the application labelled `spark-exec-id=<id>` (the one in the status, else the
    /// newest), else a key of the status ending in `-exec-<id>` (an executor pod already deleted).
    static func executorPod(of app: SparkApplication, id: String, _ client: KubeClient) async throws -> String {
        let known = app.status?.executorState ?? [:]
        if known[id] != nil { return id }
        let selector = [
            "\(SparkLabels.sparkRole)=executor", "\(SparkLabels.sparkExecID)=\(id)", "\(SparkLabels.appName)=\(app.name)",
        ].joined(separator: ",")
        if !id.contains(where: { ",=!() ".contains($0) }) {
            let pods = try await client.listAll(Pod.self, namespace: app.namespace, options: ListOptions(labelSelector: selector))
            if let pod = pods.items.first(where: { known[$0.name] != nil })
                ?? pods.items.max(by: {
                    ($0.metadata.creationTimestamp?.date ?? .distantPast) < ($1.metadata.creationTimestamp?.date ?? .distantPast)
                })
            {
                return pod.name
            }
        }
        if let pod = known.keys.sorted().first(where: { StatusReport.executorID(podName: $0) == id }) { return pod }
        let ids = StatusReport.sortedExecutors(known).map { $0.id ?? $0.pod }
        throw CtlError(
            "executor \"\(id)\" of sparkapplication \"\(app.name)\" not found"
                + (ids.isEmpty ? " (it has no executors)" : " (executors: \(ids.joined(separator: ", ")))"))
    }

    // MARK: - Through the API server

    func readFromAPI(pod: String, role: String, _ context: CtlContext) async throws {
        var options = PodLogOptions(container: container, follow: follow)
        if container == nil {
            // Spark's container, when the pod has sidecars (the server wants a container then).
            let spark = role == "driver" ? "spark-kubernetes-driver" : "spark-kubernetes-executor"
            let found = try await context.client.get(Pod.self, name: pod, namespace: context.namespace)
            let names = found.spec?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            if names.count > 1, names.contains(spark) { options.container = spark }
        }
        if follow {
            var text = UTF8Chunks()
            for try await chunk in try context.client.streamPodLog(name: pod, namespace: context.namespace, options: options) {
                let s = text.append(chunk)
                if !s.isEmpty { context.out(s) }
            }
            let rest = text.finish()
            if !rest.isEmpty { context.out(rest) }
        } else {
            let data = try await context.client.podLog(name: pod, namespace: context.namespace, options: options)
            context.out(String(decoding: data, as: UTF8.self))
        }
    }

    // MARK: - From a pod-log directory

    /// `DIR/<namespace>/<pod>/log`, the process kubelet's layout.
    static func localLogPath(directory: String, namespace: String, pod: String) -> String {
        "\(directory)/\(namespace)/\(pod)/log"
    }

    static func readLocal(directory: String, namespace: String, pod: String, follow: Bool, _ context: CtlContext) async throws {
        let path = localLogPath(directory: directory, namespace: namespace, pod: pod)
        guard follow else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CtlError("no log of pod \"\(pod)\" in \(directory) (\(path) does not exist: the pod has not started?)")
            }
            context.out(String(decoding: data, as: UTF8.self))
            return
        }
        var offset: UInt64 = 0
        var text = UTF8Chunks()
        while true {
            // The phase first: what was written before the pod ended is then all in the file.
            let ended = try await podHasEnded(pod, namespace: namespace, context.client)
            if let handle = FileHandle(forReadingAtPath: path) {
                defer { try? handle.close() }
                let size = (try? handle.seekToEnd()) ?? 0
                if size < offset { offset = 0 }  // a new pod of that name truncated it
                if size > offset {
                    try handle.seek(toOffset: offset)
                    let data = try handle.read(upToCount: Int(size - offset)) ?? Data()
                    offset += UInt64(data.count)
                    let s = text.append(Array(data))
                    if !s.isEmpty { context.out(s) }
                }
            }
            if ended {
                let rest = text.finish()
                if !rest.isEmpty { context.out(rest) }
                return
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Succeeded, Failed, or gone.
    static func podHasEnded(_ name: String, namespace: String, _ client: KubeClient) async throws -> Bool {
        do {
            let pod = try await client.get(Pod.self, name: name, namespace: namespace)
            let phase = pod.status?.phase ?? ""
            return phase == "Succeeded" || phase == "Failed"
        } catch let e as KubeAPIError where e.isNotFound {
            return true
        }
    }
}

/// Bytes to text without splitting a UTF-8 character across two chunks.
struct UTF8Chunks {
    private var pending: [UInt8] = []

    /// The text of the complete characters so far; an incomplete last one waits for the next chunk.
    mutating func append(_ bytes: [UInt8]) -> String {
        pending += bytes
        let cut = Self.completePrefixLength(pending)
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Whatever is left (an incomplete character is replaced).
    mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing incomplete UTF-8 sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        var i = n - 1
        // Back over at most 3 continuation bytes to the lead byte of the last sequence.
        while i >= 0, i >= n - 4, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        guard i >= 0, i >= n - 4 else { return n }
        let lead = bytes[i]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return n - i < length ? i : n
    }
}
