import Foundation
import Logging
import SparkOperatorAPI

/// Runs an exec credential plugin and caches its credential until `expirationTimestamp`
/// (forever if it has none, until `invalidate()` after a 401). Concurrent callers share one run.
public actor ExecCredentialPlugin {
    public let config: ExecConfig
    private let cluster: ExecCredential.Cluster?
    private let now: @Sendable () -> Date
    private let timeout: Duration
    private let logger: Logger
    private var cached: ExecCredential.Status?
    private var running = false
    private var waiters: [CheckedContinuation<ExecCredential.Status, any Error>] = []

    /// - Parameters:
    ///   - cluster: sent to the plugin in `KUBERNETES_EXEC_INFO` if `provideClusterInfo`.
    ///   - now: the wall clock used to compare with `expirationTimestamp` (injectable for tests).
    ///   - timeout: the plugin is killed after this long.
    public init(
        config: ExecConfig, cluster: ExecCredential.Cluster? = nil, timeout: Duration = .seconds(120),
        logger: Logger = Logger(label: "kube.exec"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.config = config
        self.cluster = cluster
        self.timeout = timeout
        self.logger = logger
        self.now = now
    }

    /// The cached credential if still valid, else a fresh one from the plugin.
    public func credential() async throws -> ExecCredential.Status {
        if let cached, !isExpired(cached) { return cached }
        if running {
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        }
        running = true
        let result: Result<ExecCredential.Status, any Error>
        do {
            result = .success(try await runPlugin())
        } catch {
            result = .failure(error)
        }
        running = false
        if case .success(let status) = result { cached = status }
        let waiting = waiters
        waiters = []
        for w in waiting { w.resume(with: result) }
        return try result.get()
    }

    /// Forgets the cached credential (the server answered 401).
    public func invalidate() {
        cached = nil
    }

    private func isExpired(_ status: ExecCredential.Status) -> Bool {
        guard let expiry = status.expirationTimestamp else { return false }
        return now() >= expiry.date
    }

    private func fail(_ message: String) -> KubeClientError {
        KubeClientError(.credentials, "\(config.origin): \(message)")
    }

    private func runPlugin() async throws -> ExecCredential.Status {
        var environment = ProcessInfo.processInfo.environment
        for e in config.env { environment[e.name] = e.value }
        let info = ExecCredential(
            apiVersion: config.apiVersion, kind: "ExecCredential",
            spec: .init(interactive: false, cluster: config.provideClusterInfo ? cluster : nil))
        environment["KUBERNETES_EXEC_INFO"] = String(decoding: try JSONCoding.encoder.encode(info), as: UTF8.self)

        guard let executable = Self.locate(config.command, path: environment["PATH"]) else {
            var message = "command \"\(config.command)\" not found"
            if let hint = config.installHint, !hint.isEmpty { message += "; \(hint)" }
            throw fail(message)
        }
        logger.debug("running exec credential plugin", metadata: ["command": "\(executable)"])
        let output: ProcessRunner.Output
        do {
            output = try await ProcessRunner.run(
                executable: executable, arguments: config.args, environment: environment, timeout: timeout)
        } catch {
            throw fail("\(error)")
        }
        let stderr = KubeAPIError.excerpt(output.stderr, limit: 2048)
        if output.timedOut {
            throw fail("command \(executable) did not finish within \(timeout) and was killed")
        }
        guard output.exitCode == 0 else {
            throw fail("command \(executable) exited with status \(output.exitCode)" + (stderr.isEmpty ? "" : ": \(stderr)"))
        }
        let credential: ExecCredential
        do {
            credential = try JSONCoding.decoder.decode(ExecCredential.self, from: output.stdout)
        } catch {
            throw fail(
                "command \(executable) did not print an ExecCredential on stdout (\(error)): "
                    + KubeAPIError.excerpt(output.stdout, limit: 200))
        }
        guard credential.kind == nil || credential.kind == "ExecCredential" else {
            throw fail("the plugin printed kind \"\(credential.kind ?? "")\", expected ExecCredential")
        }
        guard credential.apiVersion == config.apiVersion else {
            throw fail(
                "the plugin answered with apiVersion \"\(credential.apiVersion ?? "")\", the kubeconfig asks for \"\(config.apiVersion)\"")
        }
        guard let status = credential.status else {
            throw fail("the plugin's ExecCredential has no status")
        }
        let hasToken = status.token?.isEmpty == false
        let hasCert = status.clientCertificateData?.isEmpty == false
        let hasKey = status.clientKeyData?.isEmpty == false
        if hasCert != hasKey {
            throw fail("the plugin's ExecCredential has only one of clientCertificateData and clientKeyData")
        }
        if !hasToken && !hasCert {
            throw fail("the plugin's ExecCredential has neither a token nor a client certificate")
        }
        if hasCert {
            do {
                _ = try ClientIdentity(
                    certificatePEM: Array(status.clientCertificateData!.utf8), keyPEM: Array(status.clientKeyData!.utf8))
            } catch {
                throw fail("the plugin's client certificate or key is not valid PEM: \(error)")
            }
        }
        return status
    }

    /// `command` itself if it contains a `/`, else the first executable match in `PATH`.
    static func locate(_ command: String, path: String?) -> String? {
        let fm = FileManager.default
        if command.contains("/") {
            return fm.isExecutableFile(atPath: command) ? command : nil
        }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(command)"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
