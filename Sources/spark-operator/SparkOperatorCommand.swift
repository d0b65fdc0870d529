import ArgumentParser
import Foundation
import Kube
import KubeRuntime
import Logging
import ServiceLifecycle
import SparkOperator

/// The operator: watches SparkApplications and reconciles them, until SIGTERM/SIGINT.
@main
struct SparkOperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-operator",
        abstract: "Kubernetes operator for SparkApplication and ScheduledSparkApplication (sparkoperator.k8s.io/v1beta2), a drop-in for kubeflow's.")

    @Option(help: "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster).")
    var kubeconfig: String?

    @Option(help: "kubeconfig context (default: the current context).")
    var context: String?

    @Option(help: "Comma-separated namespaces to watch; empty = all.")
    var namespaces: String = ProcessInfo.processInfo.environment["SPARK_OPERATOR_NAMESPACES"] ?? ""

    @Option(name: .customLong("label-selector-filter"), help: "Label selector on SparkApplications.")
    var labelSelector: String?

    @Option(name: .customLong("controller-threads"), help: "Concurrent reconciles.")
    var controllerThreads: Int = 10

    @Option(name: .customLong("driver-pod-creation-grace-period"), help: "Seconds a missing driver pod is tolerated after submission.")
    var driverPodCreationGracePeriod: Double = 10

    @Option(name: .customLong("driver-pending-timeout"), help: "Seconds a driver may stay stuck Pending (image pull errors, unschedulable) before the attempt fails; 0 = never.")
    var driverPendingTimeout: Double = 0

    @Option(name: .customLong("spark-master"), help: "spark.master written into spark.properties: the API server as seen from driver pods.")
    var sparkMaster: String = "k8s://https://kubernetes.default.svc:443"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        guard controllerThreads >= 1 else { throw ValidationError("--controller-threads: must be at least 1, got \(controllerThreads)") }
        guard driverPodCreationGracePeriod >= 0 else { throw ValidationError("--driver-pod-creation-grace-period: must not be negative") }
        guard driverPendingTimeout >= 0 else { throw ValidationError("--driver-pending-timeout: must not be negative") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "spark-operator")
        let config = try KubeConfig.resolve(explicitPath: kubeconfig, context: context)
        let client = try KubeClient(config: config, logger: logger)
        var options = OperatorOptions(
            namespaces: namespaces.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            labelSelector: labelSelector, workers: controllerThreads)
        options.reconciler.stateMachine.driverPodCreationGracePeriod = .milliseconds(Int64(driverPodCreationGracePeriod * 1000))
        options.reconciler.stateMachine.driverPendingTimeout =
            driverPendingTimeout > 0 ? .milliseconds(Int64(driverPendingTimeout * 1000)) : nil
        options.reconciler.submission.master = sparkMaster
        let recorder = EventRecorder(client: client, logger: logger)
        let controller = SparkApplicationController(client: client, options: options, recorder: recorder, logger: logger)
        let scheduled = ScheduledSparkApplicationController(client: client, options: options, logger: logger)
        logger.info("starting", metadata: ["server": "\(config.server)", "namespaces": "\(options.namespaces.isEmpty ? "all" : options.namespaces.joined(separator: ","))"])
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: recorder), .init(service: controller.controller), .init(service: scheduled.controller),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        try await client.shutdown()
    }
}
