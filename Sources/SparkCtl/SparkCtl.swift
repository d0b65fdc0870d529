import ArgumentParser
import Foundation
import Kube
import Logging

/// `sparkctl`: SparkApplications from the command line, as kubeflow's sparkctl did.
public struct SparkCtlCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sparkctl",
        abstract: "Create, list, inspect, read the logs of and delete SparkApplications (sparkoperator.k8s.io/v1beta2).",
        discussion: """
            Connection flags (--kubeconfig, --context, -n/--namespace) work as kubectl's, before or after \
            the command. Errors are one line on standard error, `sparkctl: <message>`, with exit code 1.
            """,
        subcommands: [
            CreateCommand.self, ListCommand.self, StatusCommand.self, EventsCommand.self, LogCommand.self,
            DeleteCommand.self,
        ])

    public init() {}
}

public enum SparkCtl {
    /// Exit code of a failed command (kubectl's).
    public static let failure: Int32 = 1

    /// Parses `arguments` (without the program name) and runs the command; returns the exit code.
    /// Help goes to `io.out`; a usage error or a failure is one line on `io.err`.
    public static func run(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        io: CtlIO = .standard, now: @escaping @Sendable () -> Date = { Date() }
    ) async -> Int32 {
        let command: any CtlCommand
        do {
            var parsed = try SparkCtlCommand.parseAsRoot(GlobalOptions.hoisted(arguments))
            guard let ctl = parsed as? any CtlCommand else {
                // `sparkctl`, `sparkctl help [command]`: their run() asks for the help text.
                try parsed.run()
                return 0
            }
            command = ctl
        } catch {
            let code = SparkCtlCommand.exitCode(for: error)
            if code == .success {
                io.out(SparkCtlCommand.fullMessage(for: error) + "\n")
                return 0
            }
            io.err("sparkctl: " + CtlError.oneLine(SparkCtlCommand.message(for: error)) + "\n")
            return code.rawValue
        }
        let client: KubeClient
        let namespace: String
        do {
            let config = try KubeConfig.resolve(
                explicitPath: command.global.kubeconfig, context: command.global.context, environment: environment)
            var logger = Logger(label: "sparkctl", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .error
            client = try KubeClient(config: config, options: .init(userAgent: "sparkctl/\(KubeClient.version)"), logger: logger)
            namespace = command.global.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? config.namespace
        } catch {
            io.err("sparkctl: " + CtlError.line(for: error) + "\n")
            return failure
        }
        let context = CtlContext(
            client: client, namespace: namespace, namespaceFromFlag: command.global.namespace != nil, io: io,
            environment: environment, now: now)
        var code: Int32 = 0
        do {
            try await command.run(context)
        } catch let partial as PartialFailure {
            for line in partial.lines { io.err("sparkctl: \(line)\n") }
            code = failure
        } catch {
            io.err("sparkctl: " + CtlError.line(for: error) + "\n")
            code = failure
        }
        try? await client.shutdown()
        return code
    }
}

/// Several independent failures of one command (`create -f` of many documents, `delete a b`):
/// one line each.
struct PartialFailure: Error {
    var lines: [String]
}
