import Foundation
import Kube
import Logging
import SparkOperatorAPI
import Synchronization

/// A kubelet that runs Spark pods as local processes: no container runtime, no Node object.
///
/// It watches pods (of one namespace, or all) and runs every Pending pod whose first container's
/// image is a Spark image (its name contains `spark`) the way that image's entrypoint does
/// (`SparkImageEntrypoint`): `driver` → `spark-submit` in client mode, `executor` →
/// `KubernetesExecutorBackend`. Each pod runs in its own mount and UTS namespace
/// (`unshare -m -u`, so it needs root), with
/// - `/opt/spark` from the Spark home (`hack/install-spark.sh`'s pyspark package) plus overlays
///   (e.g. the repository's `examples/` at `/opt/spark-operator/examples`);
/// - its volumes materialised and bind-mounted at their mountPaths: ConfigMap and Secret (with
///   `items`), emptyDir, hostPath; a missing ConfigMap or Secret is waited for in
///   `ContainerCreating`, as a kubelet does;
/// - a service-account token from the TokenRequest API, bound to the pod, at
///   `/var/run/secrets/kubernetes.io/serviceaccount` (with `ca.crt` and `namespace`);
/// - its own loopback address `127.x.y.z` as pod IP, and a hosts file (kept current while it
///   runs) that resolves `kubernetes.default.svc` to the API server and every Service whose
///   selector matches a pod of this kubelet to that pod's IP — cluster DNS for headless use.
///
/// It writes the pod's status as a kubelet does (Pending/ContainerCreating, Running with podIP,
/// Succeeded or Failed with the exit code, reason and — on failure — the log tail as termination
/// message), kills the pod's process group when the pod is deleted (SIGTERM, SIGKILL after the
/// grace period, at most `maxGracePeriod`), and reports an image it cannot run as
/// `ErrImagePull` then `ImagePullBackOff`. Each pod's combined output is kept at
/// `logPath(namespace:name:)`. Its pods are killed when `run()` is cancelled, and when the test
/// process dies (a reaper process).
public final class ProcessKubelet: Sendable {
    public struct Configuration: Sendable {
        /// The host directory playing the image's `/opt/spark`.
        public var sparkHome: String
        /// Java for the pods (`$JAVA_HOME/bin/java`).
        public var javaHome: String
        /// Directories put first on the pods' PATH (the venv's `bin`, whose `python3` has pyspark).
        public var pathPrefix: [String]
        /// More of the image: path inside the pod → host path.
        public var imageOverlays: [String: String]
        /// Where pod directories (volumes, logs) are made.
        public var workDirectory: String
        /// The API server as pods reach it: what `kubernetes.default.svc` resolves to, and
        /// `KUBERNETES_SERVICE_HOST`/`_PORT`.
        public var apiServerHost: String
        public var apiServerPort: Int
        /// The cluster CA, written as the service account's `ca.crt`.
        public var caFile: String
        /// The longest a deleted pod's processes get between SIGTERM and SIGKILL.
        public var maxGracePeriod: Duration
        /// How often a Pending pod looks again for a missing ConfigMap or Secret.
        public var volumePollInterval: Duration

        public init(
            sparkHome: String, javaHome: String, pathPrefix: [String] = [], imageOverlays: [String: String] = [:],
            workDirectory: String, apiServerHost: String, apiServerPort: Int, caFile: String,
            maxGracePeriod: Duration = .seconds(30), volumePollInterval: Duration = .milliseconds(300)
        ) {
            self.sparkHome = sparkHome
            self.javaHome = javaHome
            self.pathPrefix = pathPrefix
            self.imageOverlays = imageOverlays
            self.workDirectory = workDirectory
            self.apiServerHost = apiServerHost
            self.apiServerPort = apiServerPort
            self.caFile = caFile
            self.maxGracePeriod = maxGracePeriod
            self.volumePollInterval = volumePollInterval
        }
    }

    /// The node its pods are bound to (`spec.nodeName`); no Node object exists.
    public static let nodeName = "process-kubelet"

    /// Whether the process kubelet can run `image`: a Spark image (the name contains `spark`).
    public static func canRun(image: String) -> Bool {
        image.lowercased().contains("spark")
    }

    public let configuration: Configuration
    public let namespace: String?
    public let labelSelector: String?
    /// What it did, per pod (status writes, process start and exit).
    public let journal = KubeletJournal()

    let client: KubeClient
    let logger: Logger
    let retry: KubeletRetry
    let writer: PodStatusWriter
    let registry = PodRegistry()
    let running = Mutex<[String: RunningPod]>([:])
    let memory = Mutex<MemoryPeaks>(MemoryPeaks())
    let reaper: ProcessGroupReaper

    /// A pod whose process runs (or is about to): what the hosts files and the memory sampler need.
    struct RunningPod: Sendable {
        var namespace: String
        var name: String
        var labels: [String: String]
        var ip: String
        var hostsFile: String?
        var processGroup: Int32?
    }

    struct MemoryPeaks: Sendable {
        var perPod: [String: Int64] = [:]  // "ns/name" → peak bytes
        var total: Int64 = 0
    }

    public init(
        client: KubeClient, configuration: Configuration, namespace: String? = nil, labelSelector: String? = nil,
        logger: Logger = Logger(label: "process-kubelet")
    ) throws {
        guard geteuid() == 0 else {
            throw ControlPlaneError("the process kubelet needs root: each pod runs in its own mount namespace (unshare -m)")
        }
        self.client = client
        self.configuration = configuration
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.logger = logger
        let retry = KubeletRetry(initial: .milliseconds(100), maximum: .seconds(2), logger: logger)
        self.retry = retry
        self.writer = PodStatusWriter(client: client, retry: retry)
        try FileManager.default.createDirectory(atPath: configuration.workDirectory, withIntermediateDirectories: true)
        self.reaper = try ProcessGroupReaper(directory: "\(configuration.workDirectory)/.pgids")
    }

    deinit { reaper.release() }

    /// Watches pods and runs them until cancelled; then kills every pod process it started.
    public func run() async throws {
        let watch = PodListWatch(
            client: client, namespace: namespace, labelSelector: labelSelector, backoffInitial: .milliseconds(100),
            backoffMaximum: .seconds(2), logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.refreshLoop() }
            try await watch.dispatch(
                into: &group, known: { registry.uids },
                take: { pod -> PodListWatch.Work? in
                    guard let worker = take(pod) else { return nil }
                    return { await worker.run() }
                },
                forget: { forget(uid: $0) })
        }
    }

    // MARK: - What tests read

    /// What the kubelet did for the pod(s) named `name` in `namespace`, in order.
    public func events(namespace: String, name: String) -> [KubeletEvent] {
        journal.events(namespace: namespace, name: name)
    }

    /// The combined stdout and stderr of the pod's process (empty when it never ran).
    public func log(namespace: String, name: String) -> String {
        guard let data = FileManager.default.contents(atPath: logPath(namespace: namespace, name: name)) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Where the pod's output is kept (it stays after the pod ends).
    public func logPath(namespace: String, name: String) -> String {
        "\(podDirectory(namespace: namespace, name: name))/log"
    }

    /// The highest resident memory seen of the pod's processes together, in bytes.
    public func peakMemory(namespace: String, name: String) -> Int64? {
        memory.withLock { $0.perPod["\(namespace)/\(name)"] }
    }

    /// The highest resident memory seen of all pods' processes at one moment, in bytes.
    public var peakMemoryOfAllPods: Int64 { memory.withLock { $0.total } }

    /// Forgets the peaks measured so far (to measure the next case alone).
    public func resetPeakMemory() { memory.withLock { $0 = MemoryPeaks() } }

    @discardableResult
    public func waitForPhase(
        _ phase: String, namespace: String, name: String, timeout: Duration = .seconds(120)
    ) async throws -> KubeletEvent {
        try await journal.waitForPhase(phase, namespace: namespace, name: name, timeout: timeout)
    }

    func podDirectory(namespace: String, name: String) -> String {
        "\(configuration.workDirectory)/\(namespace)/\(name)"
    }

    // MARK: - Dispatch

    private func take(_ pod: Pod) -> ProcessPod? {
        if let handle = registry.handle(uid: pod.uid) {
            if handle.observe(pod) { record(pod, .deletionRequested) }
            return nil
        }
        guard pod.phase == nil || pod.phase == "Pending", !pod.isBeingDeleted, !pod.uid.isEmpty else { return nil }
        let handle = PodHandle(pod)
        guard registry.insert(handle) else { return nil }
        record(pod, .adopted(nil))
        return ProcessPod(kubelet: self, handle: handle)
    }

    private func forget(uid: String) {
        guard let handle = registry.remove(uid: uid) else { return }
        handle.markGone()
        journal.record(KubeletEvent(namespace: handle.namespace, name: handle.name, uid: uid, kind: .gone))
    }

    func record(_ pod: Pod, _ kind: KubeletEvent.Kind) {
        journal.record(KubeletEvent(namespace: pod.namespace, name: pod.name, uid: pod.uid, kind: kind))
    }

    // MARK: - Cluster DNS and memory

    /// Every 500 ms while pods run: rewrites their hosts files when Services or pod IPs changed
    /// (in place, so the bind mounts see it) and samples their memory.
    private func refreshLoop() async throws {
        while true {
            try await Task.sleep(for: .milliseconds(500))
            let pods = running.withLock { $0 }
            guard !pods.isEmpty else { continue }
            sampleMemory(pods)
            if pods.values.contains(where: { $0.hostsFile != nil }) {
                do {
                    // The API server's own Service is written in by name; pods need their namespace's.
                    let services = try await client.listAll(KubeService.self, namespace: namespace).items
                    for pod in pods.values {
                        guard let file = pod.hostsFile else { continue }
                        let text = hostsFile(for: pod, services: services, pods: Array(pods.values))
                        Self.rewriteInPlace(file, text)
                    }
                } catch {
                    logger.debug("listing services for the pods' hosts files failed: \(error)")
                }
            }
        }
    }

    private func sampleMemory(_ pods: [String: RunningPod]) {
        let groups = Set(pods.values.compactMap(\.processGroup))
        guard !groups.isEmpty else { return }
        let rss = ProcessStats.rssBytes(processGroups: groups)
        memory.withLock { peaks in
            var total: Int64 = 0
            for pod in pods.values {
                guard let group = pod.processGroup, let bytes = rss[group] else { continue }
                total += bytes
                let key = "\(pod.namespace)/\(pod.name)"
                peaks.perPod[key] = max(peaks.perPod[key] ?? 0, bytes)
            }
            peaks.total = max(peaks.total, total)
        }
    }

    /// The pod's /etc/hosts: the host's, the pod's own name, the API server's Service names, and
    /// every Service selecting a running pod of this kubelet.
    func hostsFile(for pod: RunningPod, services: [KubeService], pods: [RunningPod]) -> String {
        var lines = [(try? String(contentsOfFile: "/etc/hosts", encoding: .utf8)) ?? "127.0.0.1 localhost\n"]
        lines.append("# process kubelet: the pod and its cluster DNS")
        lines.append("\(pod.ip)\t\(pod.name)")
        let api = configuration.apiServerHost
        lines.append(
            "\(api)\tkubernetes.default.svc.cluster.local kubernetes.default.svc kubernetes.default"
                + (pod.namespace == "default" ? " kubernetes" : ""))
        for service in services {
            let ns = service.metadata.namespace ?? ""
            let name = service.metadata.name ?? ""
            guard !(ns == "default" && name == "kubernetes"),
                let selector = service.spec?["selector"]?.objectValue, !selector.isEmpty
            else { continue }
            let target = pods.first { candidate in
                candidate.namespace == ns
                    && selector.allSatisfy { key, value in candidate.labels[key] == value.stringValue }
            }
            guard let ip = target?.ip else { continue }
            lines.append(
                "\(ip)\t\(name).\(ns).svc.cluster.local \(name).\(ns).svc \(name).\(ns)" + (ns == pod.namespace ? " \(name)" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `text` into the existing file (same inode: bind mounts of it see the change),
    /// unless it already has that content.
    static func rewriteInPlace(_ path: String, _ text: String) {
        let data = Data(text.utf8)
        guard FileManager.default.contents(atPath: path) != data, let handle = FileHandle(forUpdatingAtPath: path) else {
            return
        }
        defer { try? handle.close() }
        try? handle.truncate(atOffset: 0)
        try? handle.write(contentsOf: data)
    }
}

extension ProcessKubelet {
    /// A configuration for pods of `controlPlane`, with Spark from `hack/install-spark.sh`
    /// (`make spark`): the Spark home is found with the venv's python; Java from `java` on the
    /// PATH. Fails, saying how to install it, when Spark is not installed.
    public static func installedSpark(
        controlPlane: ControlPlane, imageOverlays: [String: String] = [:], workDirectory: String? = nil
    ) throws -> Configuration {
        let spark = try SparkInstallation.locate()
        let url = URL(string: controlPlane.url)
        let directory =
            workDirectory ?? "\(FileManager.default.temporaryDirectory.path)/process-kubelet.\(getpid()).\(UUID().uuidString.prefix(8))"
        return Configuration(
            sparkHome: spark.sparkHome, javaHome: spark.javaHome, pathPrefix: [spark.venvBin],
            imageOverlays: imageOverlays, workDirectory: directory, apiServerHost: url?.host ?? "127.0.0.1",
            apiServerPort: controlPlane.apiServerPort, caFile: controlPlane.caFile)
    }
}

/// Where `hack/install-spark.sh` put Spark: the venv and its pyspark package (the "image"), and Java.
public struct SparkInstallation: Sendable {
    public var venvBin: String
    public var sparkHome: String
    public var javaHome: String

    public static var venvDirectory: String { "\(ControlPlaneBinaries.cacheDirectory)/spark-venv" }

    public static func locate(venv: String = venvDirectory) throws -> SparkInstallation {
        let install = "run `make spark` (hack/install-spark.sh) to install OpenJDK 17 and pyspark 3.5.1"
        let fm = FileManager.default
        let lib = "\(venv)/lib"
        guard let python = (try? fm.contentsOfDirectory(atPath: lib))?.sorted().last(where: { $0.hasPrefix("python3") }),
            fm.fileExists(atPath: "\(lib)/\(python)/site-packages/pyspark/bin/spark-submit")
        else { throw ControlPlaneError("pyspark not found in \(venv): \(install)") }
        guard let java = Command.which("java") else { throw ControlPlaneError("java not found on PATH: \(install)") }
        // /usr/bin/java → /etc/alternatives/java → /usr/lib/jvm/<jdk>/bin/java
        let real = URL(fileURLWithPath: java).resolvingSymlinksInPath().path
        let javaHome = URL(fileURLWithPath: real).deletingLastPathComponent().deletingLastPathComponent().path
        return SparkInstallation(
            venvBin: "\(venv)/bin", sparkHome: "\(lib)/\(python)/site-packages/pyspark", javaHome: javaHome)
    }
}
