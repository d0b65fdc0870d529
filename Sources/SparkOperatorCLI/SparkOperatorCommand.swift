import ArgumentParser
import Foundation
import Kube
import KubeRuntime
import Logging
import Metrics
import ServiceLifecycle
import SparkOperator

/// The operator: watches SparkApplications and ScheduledSparkApplications and reconciles them,
/// serves metrics and health probes, until SIGTERM/SIGINT.
public struct SparkOperatorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spark-operator",
        abstract: "Kubernetes operator for SparkApplication and ScheduledSparkApplication (sparkoperator.k8s.io/v1beta2), a drop-in for kubeflow's.",
        discussion: """
            Every flag can also be set by an environment variable: SPARK_OPERATOR_ and the flag's name in \
            upper snake case (--namespaces: SPARK_OPERATOR_NAMESPACES, --leader-election: \
            SPARK_OPERATOR_LEADER_ELECTION=true). A flag on the command line wins over its variable. \
            Boolean flags also take kubeflow's form --flag=true|false. Durations are Go durations \
            (10s, 1m30s) or seconds.

            Endpoints: /metrics (Prometheus; kubeflow's spark_application_* and spark_executor_* \
            metrics, controller_runtime_reconcile_* and workqueue_*), /healthz (alive) and /readyz \
            (caches synced, or standing by for the Lease). SIGTERM or SIGINT: reconciles in flight \
            finish, the Lease is released, exit 0 (within 30 s).
            """)

    @OptionGroup public var flags: OperatorFlags

    public init() {}

    // MARK: - Entry point

    /// What the command line asks for.
    public enum Invocation {
        case run(SparkOperatorCommand)
        /// Print `text` (help) and exit with `code`, or (`error`) print one line to standard error.
        case exit(text: String, code: Int32, error: Bool)
    }

    /// Parses `arguments` (without the program name) with `environment`'s SPARK_OPERATOR_*
    /// variables. A bad flag becomes one line, `spark-operator: --flag: why`, and exit code 64.
    public static func invocation(arguments: [String], environment: [String: String]) -> Invocation {
        let merged: CommandLineArguments.Merged
        do {
            merged = try CommandLineArguments.merge(arguments: arguments, environment: environment)
        } catch {
            return .exit(text: "spark-operator: \(error)", code: ExitCode.validationFailure.rawValue, error: true)
        }
        do {
            return .run(try Self.parse(merged.arguments))
        } catch {
            let code = Self.exitCode(for: error)
            if code == .success {
                return .exit(text: Self.fullMessage(for: error), code: 0, error: false)
            }
            var line = Self.oneLine(Self.message(for: error))
            if let variable = merged.fromEnvironment.first(where: { line.hasPrefix("--\($0.key):") })?.value {
                line += " (from \(variable))"
            }
            let exit = code == .failure ? ExitCode.validationFailure : code
            return .exit(text: "spark-operator: \(line)", code: exit.rawValue, error: true)
        }
    }

    /// ArgumentParser's message on one line, as `--flag: why` when it is about a flag's value.
    static func oneLine(_ message: String) -> String {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: "; ")
        // "The value 'abc' is invalid for '--controller-threads <controller-threads>'"
        if line.hasPrefix("Missing value for '--") {
            return "--\(line.dropFirst("Missing value for '--".count).prefix { $0.isLetter || $0.isNumber || $0 == "-" }): missing value"
        }
        guard line.hasPrefix("The value '"), let forRange = line.range(of: "' is invalid for '--") else { return line }
        let value = line[line.index(line.startIndex, offsetBy: "The value '".count)..<forRange.lowerBound]
        let flag = line[forRange.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
        return "--\(flag): '\(value)' is not \(integerFlags.contains(String(flag)) ? "an integer" : "a valid value")"
    }

    static let integerFlags: Set<String> = ["controller-threads", "default-time-to-live-seconds", "max-tracked-executor-per-app"]

    /// `main`: parses the process's arguments and environment, runs, exits.
    public static func runFromCommandLine() async -> Never {
        switch invocation(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment) {
        case .exit(let text, let code, let error):
            if error {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            } else {
                print(text)
            }
            Foundation.exit(code)
        case .run(let command):
            do {
                try await command.run()
                Foundation.exit(0)
            } catch {
                FileHandle.standardError.write(Data("spark-operator: \(error)\n".utf8))
                Foundation.exit(1)
            }
        }
    }

    // MARK: - Run

    public func run() async throws {
        let settings = try flags.resolve()
        let level = settings.logLevel
        switch settings.logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "spark-operator")

        let probe = SparkApplicationMetrics(configuration: settings.metrics)
        let exporter = PrometheusExporter(summaryNames: probe.summaryNames, histogramBuckets: probe.histogramBuckets)
        MetricsSystem.bootstrap(exporter)
        let appMetrics = SparkApplicationMetrics(configuration: settings.metrics, factory: exporter)

        let config = try KubeConfig.resolve(explicitPath: settings.kubeconfig, context: settings.context)
        let client = try KubeClient(config: config, logger: logger)
        var options = settings.options
        options.reconciler.metrics = appMetrics

        let recorder = EventRecorder(client: client, logger: logger)
        let applications = SparkApplicationController(client: client, options: options, recorder: recorder, logger: logger)
        let scheduled = ScheduledSparkApplicationController(client: client, options: options, logger: logger)
        let controllers = [applications.controller, scheduled.controller]
        let elector = settings.leaderElection.map {
            LeaderElector(client: client, configuration: $0, logger: Logger(label: "leader-election"))
        }
        appMetrics.updateGauges(applications: [], pods: [])

        let endpoints = OperatorHTTPServer.Endpoints(
            metricsPath: settings.metricsEndpoint,
            metrics: {
                applications.updateMetricGauges()
                return exporter.render()
            },
            readiness: {
                if let elector, !elector.isLeader { return (true, "") }  // standing by
                let unsynced = controllers.filter { !$0.hasSynced }.map(\.name)
                return (unsynced.isEmpty, "caches not synced: \(unsynced.joined(separator: ", "))")
            })

        // Shut down in reverse order: controllers first (reconciles in flight finish, the Lease is
        // released), then the event recorder (flushes), then the HTTP servers.
        var services: [any Service] = OperatorHTTPServer.services(
            metricsAddress: settings.metricsAddress, healthAddress: settings.healthAddress, endpoints: endpoints,
            logger: logger)
        services.append(recorder)
        services.append(HeapTrimmer(controllers: controllers))
        if let elector {
            services.append(LeaderGatedControllers(elector: elector, controllers: controllers))
        } else {
            services.append(contentsOf: controllers as [any Service])
        }

        logger.info(
            "starting",
            metadata: [
                "server": "\(config.server)",
                "namespaces": "\(options.namespaces.isEmpty ? "all" : options.namespaces.joined(separator: ","))",
                "leaderElection": "\(settings.leaderElection.map { "\($0.leaseNamespace)/\($0.leaseName) as \($0.identity)" } ?? "off")",
                "allocator": "\(Heap.allocator)",
            ])
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(25)
        // Cancellation (a service failed, e.g. leadership lost) must end the others promptly, but
        // a reconcile or a list being decoded on a loaded machine may take seconds to notice.
        groupConfiguration.maximumCancellationDuration = .seconds(10)
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            logger.error("stopped", metadata: ["error": "\(error)"])
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        logger.info("stopped")
    }
}

/// The controllers, run only while this replica holds the Lease. Losing the Lease stops them and
/// throws, which ends the process (a restarted replica starts again as a candidate).
struct LeaderGatedControllers: Service {
    let elector: LeaderElector<ContinuousClock>
    let controllers: [Controller<ContinuousClock>]

    func run() async throws {
        try await elector.runWhileLeader { [controllers] in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for controller in controllers { group.addTask { try await controller.run() } }
                // One controller ending ends the others.
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }
}
