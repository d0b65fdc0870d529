import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `spark-operator` executable running as a child process against a control plane, as a
/// user runs it: its own kubeconfig, flags, log file. Stopped with SIGTERM (`stop()`); killed
/// with the control plane's children if the test process dies.
public final class OperatorProcess: Sendable {
    private let server: ServerProcess
    public let logFile: String
    public var pid: Int32 { server.pid }
    public var isRunning: Bool { server.isRunning }
    public var exitStatus: Int32 { server.exitStatus }

    /// The operator binary: `$SPARK_OPERATOR_BINARY`, else `.build/debug/spark-operator` of this
    /// repository (built by `swift build`/`swift test`), else `.build/release/spark-operator`.
    public static func binaryPath() throws -> String {
        if let path = ProcessInfo.processInfo.environment["SPARK_OPERATOR_BINARY"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        for configuration in ["debug", "release"] {
            let path = "\(root)/.build/\(configuration)/spark-operator"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ControlPlaneError("the spark-operator binary is not built: run `swift build` (or set SPARK_OPERATOR_BINARY)")
    }

    /// Starts the operator with `arguments` (add `--kubeconfig`; `name` names its log file in
    /// the control plane's `logs/`; `environment` is set in the inherited environment).
    public static func start(
        controlPlane: ControlPlane, name: String = "spark-operator", binary: String? = nil, arguments: [String],
        environment: [String: String] = [:]
    ) throws -> OperatorProcess {
        let server = try ServerProcess(
            name: name, executable: try binary ?? binaryPath(), arguments: arguments, stateDir: controlPlane.stateDir,
            environment: environment)
        return OperatorProcess(server: server)
    }

    private init(server: ServerProcess) {
        self.server = server
        self.logFile = server.logFile
    }

    /// The last `lines` lines of its log.
    public func logTail(lines: Int = 40) -> String { server.logTail(lines: lines) }

    /// SIGTERM (graceful shutdown), SIGKILL after `grace`.
    public func stop(grace: Duration = .seconds(30)) async {
        await server.terminate(grace: grace)
    }

    /// SIGKILL, as a crash or an OOM kill.
    public func kill() async {
        _ = Glibc.kill(server.pid, SIGKILL)
        await server.terminate(grace: .zero)
    }
}

extension ControlPlane {
    /// Gives `namespace` what a Spark driver needs, as deploy/ does in a real cluster: the
    /// ServiceAccount `serviceAccount` and a Role (pods, services, configmaps,
    /// persistentvolumeclaims) bound to it.
    public nonisolated func prepareSparkNamespace(_ namespace: String, serviceAccount: String = "spark-operator-spark")
        async throws
    {
        let result = try await kubectl(
            ["apply", "-n", namespace, "-f", "-"],
            stdin: """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: \(serviceAccount)}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: spark-driver}
                rules:
                - apiGroups: [""]
                  resources: [pods, services, configmaps, persistentvolumeclaims]
                  verbs: [create, get, list, watch, update, patch, delete, deletecollection]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: spark-driver}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: spark-driver}
                subjects:
                - {kind: ServiceAccount, name: \(serviceAccount), namespace: \(namespace)}
                """)
        guard result.succeeded else { throw ControlPlaneError("preparing namespace \(namespace) for Spark failed: \(result)") }
        // The ServiceAccount admission plugin refuses pods of an account without its token yet.
        try await waitUntil("ServiceAccount \(namespace)/\(serviceAccount) with a token") {
            let sa = try await kubectl("get", "serviceaccount", serviceAccount, "-n", namespace, "-o", "jsonpath={.secrets[0].name}")
            return sa.succeeded && !sa.stdout.isEmpty
        }
    }
}
