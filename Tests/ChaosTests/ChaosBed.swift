import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import SparkOperatorAPI

#if canImport(Glibc)
import Glibc
#endif

/// One chaos scenario's world: a control plane (the shared one, or a private one the scenario may
/// restart), a fresh namespace prepared for Spark drivers, a simulated kubelet and a driver-pod
/// ledger running in the test process, and a kubeconfig for the operator binary that
/// authenticates as deploy/'s ServiceAccount (bound to exactly deploy/'s ClusterRole) through a
/// **token file**, so a scenario can rotate the token under a running operator.
struct ChaosBed: Sendable {
    let cp: ControlPlane
    /// Admin: what the test, the kubelet and the ledger use.
    let admin: KubeClient
    let namespace: String
    /// A private directory for the kubeconfig and the token file.
    let dir: String
    let tokenFile: String
    let kubeconfig: String
    let kubelet: SimulatedKubelet
    let drivers: DriverLedger

    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let operatorNamespace = "spark-operator"
    static let operatorServiceAccount = "spark-operator-controller"
    static let driverServiceAccount = "spark-operator-spark"
    /// Pods run for well under a second.
    static let timing = SimulatedKubelet.Timing(startDelay: .milliseconds(100), runDuration: .milliseconds(400))

    /// Sets everything up, runs `body`, and tears down (the namespace is deleted; a private control
    /// plane is the caller's to stop).
    static func run<T: Sendable>(
        on cp: ControlPlane, prefix: String, _ body: @Sendable (ChaosBed) async throws -> T
    ) async throws -> T {
        _ = try await cp.installCRDs(from: repoRoot.appendingPathComponent("crds").path)
        try await installOperatorRBAC(on: cp)
        let admin = try KubeClient(kubeconfig: cp.kubeconfigPath)
        let namespace = try await cp.createNamespace(prefix: prefix, waitForServiceAccount: true)
        try await cp.prepareSparkNamespace(namespace, serviceAccount: driverServiceAccount)
        try await allowLeaderElection(on: cp, namespace: namespace)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-\(namespace)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tokenFile = "\(dir)/token"
        let kubeconfig = "\(dir)/kubeconfig"
        var logger = Logger(label: "chaos")
        logger.logLevel = .warning
        let kubelet = SimulatedKubelet(client: admin, namespace: namespace, timing: timing, logger: logger)
        let drivers = DriverLedger(client: admin, namespace: namespace, logger: logger)
        let bed = ChaosBed(
            cp: cp, admin: admin, namespace: namespace, dir: dir, tokenFile: tokenFile, kubeconfig: kubeconfig,
            kubelet: kubelet, drivers: drivers)
        do {
            try await bed.writeToken(try await bed.operatorToken())
            try writeKubeconfig(cp, to: kubeconfig, tokenFile: tokenFile)
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await kubelet.run() }
                group.addTask { try await drivers.run() }
                try await waitUntil("the driver ledger to list", timeout: .seconds(60), interval: .milliseconds(20)) {
                    drivers.hasSynced
                }
                let result = try await body(bed)
                group.cancelAll()
                return result
            }
            try? await cp.deleteNamespace(namespace)
            try? await admin.shutdown()
            try? FileManager.default.removeItem(atPath: dir)
            return result
        } catch {
            try? await admin.shutdown()
            throw error
        }
    }

    // MARK: - The operator

    /// Starts the operator binary on this bed's namespace, as the deployed ServiceAccount, with no
    /// HTTP servers (no ports to clash).
    func startOperator(_ name: String, extra: [String] = []) throws -> OperatorProcess {
        try OperatorProcess.start(
            controlPlane: cp, name: name,
            arguments: [
                "--kubeconfig", kubeconfig, "--namespaces", namespace, "--controller-threads", "4",
                "--metrics-bind-address", "0", "--health-probe-bind-address", "0", "--log-level", "info",
            ] + extra)
    }

    /// A token of deploy/'s ServiceAccount, optionally bound to (and so revoked with) a Secret of
    /// the operator's namespace.
    func operatorToken(boundTo secret: Secret? = nil) async throws -> String {
        let bound = secret.map {
            TokenRequest.BoundObjectReference(kind: "Secret", name: $0.name, uid: $0.metadata.uid)
        }
        return try await admin.requestToken(
            serviceAccount: Self.operatorServiceAccount, namespace: Self.operatorNamespace,
            expirationSeconds: 24 * 3600, boundObjectRef: bound
        ).token
    }

    /// Replaces the token file atomically (rename), as the kubelet does for projected tokens.
    func writeToken(_ token: String) async throws {
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
    }

    // MARK: - Applications

    /// A valid SparkApplication: one executor, the driver's service account of this namespace.
    func application(_ name: String) -> JSONValue {
        [
            "apiVersion": "sparkoperator.k8s.io/v1beta2",
            "kind": "SparkApplication",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": Self.validSpec,
        ]
    }

    static let validSpec: JSONValue = [
        "type": "Scala",
        "mode": "cluster",
        "sparkVersion": "3.5.1",
        "image": "apache/spark:3.5.1",
        "mainClass": "org.apache.spark.examples.SparkPi",
        "mainApplicationFile": "local:///opt/spark/examples/jars/spark-examples.jar",
        "arguments": ["10"],
        "restartPolicy": ["type": "Never"],
        "driver": ["cores": 1, "memory": "512m", "serviceAccount": .string(driverServiceAccount)],
        "executor": ["cores": 1, "instances": 1, "memory": "512m"],
    ]

    /// Creates the applications `names`, `parallelism` at a time; retries a create that failed
    /// for want of a server (a restart in progress); an AlreadyExists after such a retry counts
    /// as created.
    func createApplications(_ names: [String], parallelism: Int = 6) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = names.makeIterator()
            func add() {
                guard let name = next.next() else { return }
                group.addTask { try await self.createRetrying(self.application(name)) }
            }
            for _ in 0..<parallelism { add() }
            while try await group.next() != nil { add() }
        }
    }

    func createRetrying(_ object: JSONValue) async throws {
        var attempt = 0
        while true {
            do {
                _ = try await admin.create(SparkApplication.resourceType, object, namespace: namespace)
                return
            } catch let e as KubeAPIError where e.isAlreadyExists && attempt > 0 {
                return
            } catch let e as KubeAPIError
                where e.code < 500 && !e.isTooManyRequests && !(e.code == 404 && e.message.contains("page not found"))
            {
                // (A plain "404 page not found": an API server just restarted does not serve the
                // CRD's resources yet — retried like a 503.)
                throw e
            } catch {
                attempt += 1
                guard attempt < 60 else { throw error }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Every SparkApplication of the namespace, read as JSON (a hostile object must not stop the
    /// reading of the others).
    func applications() async throws -> [AppView] {
        try await admin.listAll(SparkApplication.resourceType, namespace: namespace).items.map(AppView.init)
    }

    /// Waits until every application named in `names` is in a terminal state, then returns all
    /// of them by name. Tolerates a server that is briefly away. `eachPoll` runs before each look
    /// (e.g. to restart a replica, as its Deployment would).
    func waitForTerminal(
        _ names: Set<String>, timeout: Duration, eachPoll: () async throws -> Void = {}
    ) async throws -> [String: AppView] {
        var last: [String: AppView] = [:]
        do {
            return try await eventually("\(names.count) applications to end", timeout: timeout, interval: .milliseconds(500)) {
                try await eachPoll()
                guard let apps = try? await applications() else { return nil }
                last = Dictionary(apps.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
                let done = names.allSatisfy { last[$0]?.isTerminal == true }
                return done ? last : nil
            }
        } catch let error as ControlPlaneError {
            var states: [String: Int] = [:]
            for name in names { states[last[name]?.state ?? "absent", default: 0] += 1 }
            throw ControlPlaneError("\(error.message); states: \(states)")
        }
    }

    // MARK: - Setup

    /// deploy/'s namespace, ServiceAccount, ClusterRole and binding (idempotent; suites of one
    /// test process may apply them at the same time).
    static func installOperatorRBAC(on cp: ControlPlane) async throws {
        let files = [
            "deploy/base/namespace.yaml", "deploy/base/serviceaccount.yaml", "deploy/clusterrole.yaml",
            "deploy/clusterrolebinding.yaml",
        ].flatMap { ["-f", repoRoot.appendingPathComponent($0).path] }
        var result = try await cp.kubectl(["apply"] + files)
        for _ in 0..<5 where !result.succeeded {
            try await Task.sleep(for: .milliseconds(500))
            result = try await cp.kubectl(["apply"] + files)
        }
        guard result.succeeded else { throw ControlPlaneError("kubectl apply deploy/ RBAC failed: \(result)") }
    }

    /// deploy/base/leader-election-rbac.yaml's Role and RoleBinding, in `namespace` (the
    /// scenarios' Lease lives in their own namespace).
    static func allowLeaderElection(on cp: ControlPlane, namespace: String) async throws {
        let result = try await cp.kubectl(
            ["apply", "-n", namespace, "-f", "-"],
            stdin: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: spark-operator-leader-election}
                rules:
                - {apiGroups: [coordination.k8s.io], resources: [leases], verbs: [create]}
                - {apiGroups: [coordination.k8s.io], resources: [leases], resourceNames: [spark-operator-lock], verbs: [get, update]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: spark-operator-leader-election}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: spark-operator-leader-election}
                subjects:
                - {kind: ServiceAccount, name: \(operatorServiceAccount), namespace: \(operatorNamespace)}
                """)
        guard result.succeeded else { throw ControlPlaneError("leader-election RBAC in \(namespace) failed: \(result)") }
    }

    static func writeKubeconfig(_ cp: ControlPlane, to path: String, tokenFile: String) throws {
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: chaos
              cluster:
                server: \(cp.url)
                certificate-authority: \(cp.caFile)
            users:
            - name: spark-operator-controller
              user:
                tokenFile: \(tokenFile)
            contexts:
            - name: chaos
              context: {cluster: chaos, user: spark-operator-controller}
            current-context: chaos

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// What a test needs of a SparkApplication, read from its JSON.
struct AppView: Sendable {
    var name: String
    var uid: String
    var state: String
    var errorMessage: String
    var submissionID: String?
    var submissionAttempts: Int
    var executionAttempts: Int

    init(_ json: JSONValue) {
        name = json["metadata"]?["name"]?.stringValue ?? ""
        uid = json["metadata"]?["uid"]?.stringValue ?? ""
        let status = json["status"]
        state = status?["applicationState"]?["state"]?.stringValue ?? ""
        errorMessage = status?["applicationState"]?["errorMessage"]?.stringValue ?? ""
        submissionID = status?["submissionID"]?.stringValue
        submissionAttempts = Self.int(status?["submissionAttempts"])
        executionAttempts = Self.int(status?["executionAttempts"])
    }

    static func int(_ value: JSONValue?) -> Int { value?.intValue.map { Int($0) } ?? 0 }

    var isTerminal: Bool { ["COMPLETED", "FAILED", "SUBMISSION_FAILED"].contains(state) }
}
