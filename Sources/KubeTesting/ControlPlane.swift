import Foundation

/// A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager
/// (v1.20) on free 127.0.0.1 ports.
///
/// - kube-apiserver: TLS with a CA made for this run, static tokens (`adminToken` in group
///   system:masters; `operatorToken`, user "operator", with no RBAC bindings), RBAC
///   authorization, service-account issuer and keys, the default admission plugins (ServiceAccount
///   included), service range 10.96.0.0/16, privileged pods allowed.
/// - kube-controller-manager: the garbagecollector, namespace, serviceaccount and
///   serviceaccount-token controllers, so ownerReferences are collected, namespaces are finalized,
///   and every namespace gets a `default` ServiceAccount with a token.
/// - No kubelet and no scheduler: pods stay Pending unless a test writes their status.
///
/// Use `shared()` (one per test process, started on first use) and isolate tests by namespace
/// (`createNamespace(prefix:)`). A test that restarts or stops the API server should `start()` its
/// own control plane. Children are stopped at process exit by an `atexit` handler and, if the test
/// process is killed, by a watchdog process; state (PKI, kubeconfigs, logs in `logs/`, etcd data)
/// lives in `stateDir` under /tmp and is deleted afterwards unless `SPARK_OPERATOR_KEEP_STATE=1`.
public actor ControlPlane {
    /// The process IDs of the three programs (the API server's changes on `restartAPIServer()`).
    public struct PIDs: Sendable, Equatable {
        public var etcd: Int32
        public var apiServer: Int32
        public var controllerManager: Int32
    }

    /// The directory holding everything of this control plane (under /tmp).
    public nonisolated let stateDir: String
    /// `https://127.0.0.1:<port>`.
    public nonisolated let url: String
    public nonisolated let apiServerPort: Int
    /// etcd's client URL, `http://127.0.0.1:<port>`.
    public nonisolated let etcdURL: String
    /// The CA certificate that signed the API server's serving certificate.
    public nonisolated let caFile: String
    /// Bearer token of user "admin", group system:masters.
    public nonisolated let adminToken: String
    /// Bearer token of user "operator" (group spark-operator-test), bound to no role.
    public nonisolated let operatorToken: String
    /// Kubeconfig of the admin user.
    public nonisolated let kubeconfigPath: String
    /// Kubeconfig of the unprivileged "operator" user.
    public nonisolated let operatorKubeconfigPath: String
    public nonisolated let binaries: ControlPlaneBinaries
    nonisolated let pki: ControlPlanePKI
    /// The API server's serving certificate and key (signed by `caFile`, for 127.0.0.1): for a
    /// proxy that stands in for it.
    public nonisolated var servingCertFile: String { pki.serverCert }
    public nonisolated var servingKeyFile: String { pki.serverKey }

    private let etcd: ServerProcess
    private var apiServer: ServerProcess
    private var controllerManager: ServerProcess
    private let watchdog: ParentDeathWatchdog
    private var stopped = false

    private init(
        stateDir: String, apiServerPort: Int, etcdURL: String, pki: ControlPlanePKI, binaries: ControlPlaneBinaries,
        etcd: ServerProcess, apiServer: ServerProcess, controllerManager: ServerProcess, watchdog: ParentDeathWatchdog
    ) {
        self.stateDir = stateDir
        self.url = "https://127.0.0.1:\(apiServerPort)"
        self.apiServerPort = apiServerPort
        self.etcdURL = etcdURL
        self.caFile = pki.caCert
        self.adminToken = pki.adminToken
        self.operatorToken = pki.operatorToken
        self.kubeconfigPath = Self.adminKubeconfigPath(stateDir)
        self.operatorKubeconfigPath = "\(stateDir)/operator.kubeconfig"
        self.binaries = binaries
        self.pki = pki
        self.etcd = etcd
        self.apiServer = apiServer
        self.controllerManager = controllerManager
        self.watchdog = watchdog
    }

    private static func adminKubeconfigPath(_ stateDir: String) -> String { "\(stateDir)/admin.kubeconfig" }

    public var pids: PIDs {
        PIDs(etcd: etcd.pid, apiServer: apiServer.pid, controllerManager: controllerManager.pid)
    }

    // MARK: - The shared control plane

    private static let sharedStart = LockedValue<Task<ControlPlane, any Error>?>(nil)

    /// The control plane of this test process, started on first use. A failed start is not
    /// retried: every caller gets the same error.
    public static func shared() async throws -> ControlPlane {
        let task = sharedStart.withLock { task in
            if let task { return task }
            let started = Task { try await ControlPlane.start() }
            task = started
            return started
        }
        return try await task.value
    }

    // MARK: - Lifecycle

    /// Starts a new control plane and returns once it serves requests and namespace `default`
    /// has its `default` ServiceAccount (with a token, so pods can be created). On failure
    /// everything started is stopped again, and the error carries the tail of the failing log.
    /// - Parameter binaries: the programs to run; by default `ControlPlaneBinaries.locate()`.
    public static func start(binaries: ControlPlaneBinaries? = nil) async throws -> ControlPlane {
        let binaries = try binaries ?? ControlPlaneBinaries.locate()
        let stateDir = try makeStateDir()
        ChildProcessRegistry.register(stateDir: stateDir)
        let keep = ChildProcessRegistry.keepState
        let watchdog: ParentDeathWatchdog
        do {
            watchdog = try ParentDeathWatchdog(stateDir: stateDir, bash: binaries.bash, keepState: keep)
        } catch {
            discard(stateDir: stateDir)
            throw error
        }
        var started: [ServerProcess] = []
        do {
            let pki = try await ControlPlanePKI.create(in: "\(stateDir)/pki", openssl: binaries.openssl)
            let (etcd, etcdURL) = try await startEtcd(stateDir: stateDir, binaries: binaries)
            started.append(etcd)
            let (apiServer, port) = try await startAPIServer(
                port: nil, etcdURL: etcdURL, pki: pki, stateDir: stateDir, binaries: binaries)
            started.append(apiServer)
            let url = "https://127.0.0.1:\(port)"
            try Kubeconfig.write(
                to: adminKubeconfigPath(stateDir), server: url, caFile: pki.caCert, user: "admin",
                token: pki.adminToken)
            try Kubeconfig.write(
                to: "\(stateDir)/operator.kubeconfig", server: url, caFile: pki.caCert, user: "operator",
                token: pki.operatorToken)
            let controllerManager = try launchControllerManager(
                kubeconfig: adminKubeconfigPath(stateDir), pki: pki, stateDir: stateDir, binaries: binaries)
            started.append(controllerManager)
            let plane = ControlPlane(
                stateDir: stateDir, apiServerPort: port, etcdURL: etcdURL, pki: pki, binaries: binaries,
                etcd: etcd, apiServer: apiServer, controllerManager: controllerManager, watchdog: watchdog)
            try await waitReady(
                controllerManager, "creating ServiceAccount default/default with its token", timeout: .seconds(60)
            ) {
                try await plane.hasDefaultServiceAccount(namespace: "default")
            }
            let note = "[KubeTesting] control plane ready at \(plane.url), state in \(stateDir)" + (keep ? " (kept)" : "")
            FileHandle.standardError.write(Data((note + "\n").utf8))
            return plane
        } catch {
            for process in started.reversed() {
                await process.terminate(grace: .seconds(5))
            }
            discard(stateDir: stateDir)
            watchdog.release()
            throw error
        }
    }

    /// Stops kube-apiserver and starts it again on the same port against the same etcd; returns
    /// when it is ready again.
    ///
    /// kube-apiserver 1.20 (built with a newer Go than it was released with) has been seen to die
    /// once while starting again under load (exit 255 from a `klog.Fatal`); a second start is
    /// tried then, and what ended the first is printed. The tests restart it to test *our*
    /// recovery, not its own.
    public func restartAPIServer() async throws {
        guard !stopped else { throw ControlPlaneError("restartAPIServer(): the control plane is stopped") }
        await apiServer.terminate(grace: Self.apiServerGrace)
        do {
            (apiServer, _) = try await Self.startAPIServer(
                port: apiServerPort, etcdURL: etcdURL, pki: pki, stateDir: stateDir, binaries: binaries)
        } catch {
            let note = "[KubeTesting] kube-apiserver did not come back, starting it once more: \(error)"
            FileHandle.standardError.write(Data((note + "\n").utf8))
            try await Task.sleep(for: .seconds(1))
            (apiServer, _) = try await Self.startAPIServer(
                port: apiServerPort, etcdURL: etcdURL, pki: pki, stateDir: stateDir, binaries: binaries)
        }
    }

    /// Stops kube-controller-manager and starts it again. Its garbage collector re-reads API
    /// discovery only every 30 s; a fresh one watches every resource type at once (see `installCRDs`).
    public func restartControllerManager() async throws {
        guard !stopped else { throw ControlPlaneError("restartControllerManager(): the control plane is stopped") }
        await controllerManager.terminate()
        controllerManager = try Self.launchControllerManager(
            kubeconfig: kubeconfigPath, pki: pki, stateDir: stateDir, binaries: binaries)
    }

    /// `kubectl apply -f path` (a CRD file or a directory of them), waits until every applied CRD
    /// is Established, then, unless the running kube-controller-manager was started after all of
    /// them were, restarts it so that ownerReferences to the new kinds are garbage-collected at
    /// once rather than after the collector's next 30 s discovery. Installing CRDs it knows
    /// already does not restart it: a restarted garbage collector rebuilds its graph first, and a
    /// restart by every test that installs the same CRDs would keep it from collecting for a while.
    /// Returns the names of the applied CRDs.
    ///
    /// Concurrent calls (suites of one test process installing the same CRDs) run one after the
    /// other: two `kubectl apply` at once may both try to create a CRD (one fails AlreadyExists),
    /// and two restarts at once would leave an untracked kube-controller-manager running.
    @discardableResult
    public func installCRDs(from path: String) async throws -> [String] {
        let previous = crdInstallations
        let installation = Task {
            await previous?.value
            return try await self.installCRDsNow(from: path)
        }
        crdInstallations = Task { _ = try? await installation.value }
        return try await installation.value
    }

    /// The last `installCRDs` call; the next one waits for it.
    private var crdInstallations: Task<Void, Never>?
    /// CRDs (`customresourcedefinition.apiextensions.k8s.io/<name>`) that were established when
    /// the running kube-controller-manager started.
    private var crdsKnownToControllerManager: Set<String> = []

    private func installCRDsNow(from path: String) async throws -> [String] {
        let applied = try await kubectl("apply", "-f", path, "-o", "name")
        guard applied.succeeded else { throw ControlPlaneError("kubectl apply -f \(path) failed: \(applied)") }
        let prefix = "customresourcedefinition.apiextensions.k8s.io/"
        let names = applied.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
        guard !names.isEmpty else { throw ControlPlaneError("\(path) holds no CustomResourceDefinition") }
        let established = try await kubectl(["wait", "--for=condition=Established", "--timeout=60s"] + names)
        guard established.succeeded else { throw ControlPlaneError("CRDs not Established: \(established)") }
        if !Set(names).isSubset(of: crdsKnownToControllerManager) {
            try await restartControllerManager()
            crdsKnownToControllerManager.formUnion(names)
        }
        return names.map { String($0.dropFirst(prefix.count)) }
    }

    /// Stops all three programs and deletes the state directory (unless `SPARK_OPERATOR_KEEP_STATE=1`).
    /// Idempotent.
    public func stop() async {
        guard !stopped else { return }
        stopped = true
        await controllerManager.terminate()
        await apiServer.terminate(grace: Self.apiServerGrace)
        await etcd.terminate()
        Self.discard(stateDir: stateDir)
        watchdog.release()
    }

    /// kube-apiserver 1.20 may take many seconds to drain its watches on SIGTERM; it keeps no
    /// state of its own (etcd does), so a short grace then SIGKILL loses nothing.
    private static let apiServerGrace: Duration = .seconds(2)

    private static func makeStateDir() throws -> String {
        var template = Array("/tmp/spark-operator-cp.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ControlPlaneError("cannot create a state directory under /tmp: errno \(errno)")
        }
        return String(cString: made)
    }

    private static func discard(stateDir: String) {
        ChildProcessRegistry.unregister(stateDir: stateDir)
        if !ChildProcessRegistry.keepState {
            try? FileManager.default.removeItem(atPath: stateDir)
        }
    }
}
