import Foundation
import Kube
import KubeRuntime
import SparkOperator
import SparkOperatorAPI
import SparkOperatorCLI
import Testing

@Suite("spark-operator flags: kubeflow's names and defaults, environment variables, one-line errors")
struct OperatorFlagsTests {
    /// The parsed command, or the test fails with the error line.
    func parse(_ arguments: [String], env: [String: String] = [:]) throws -> OperatorSettings {
        switch SparkOperatorCommand.invocation(arguments: arguments, environment: env) {
        case .run(let command): return try command.flags.resolve()
        case .exit(let text, let code, _):
            Issue.record("exit \(code): \(text)")
            throw FlagError("test", text)
        }
    }

    /// The error line and exit code.
    func failure(_ arguments: [String], env: [String: String] = [:]) -> (line: String, code: Int32)? {
        if case .exit(let text, let code, true) = SparkOperatorCommand.invocation(arguments: arguments, environment: env) {
            return (text, code)
        }
        return nil
    }

    @Test func defaultsAreKubeflows() throws {
        let s = try parse([])
        #expect(s.options.namespaces == [])
        #expect(s.options.labelSelector == nil)
        #expect(s.options.workers == 10)
        #expect(s.leaderElection == nil)
        #expect(s.metricsAddress == BindAddress(host: "0.0.0.0", port: 8080))
        #expect(s.healthAddress == BindAddress(host: "0.0.0.0", port: 8081))
        #expect(s.metricsEndpoint == "/metrics")
        #expect(s.metrics.prefix == "" && s.metrics.labels == [])
        #expect(s.metrics.startLatencyBuckets == [30, 60, 90, 120, 150, 180, 210, 240, 270, 300])
        #expect(s.options.reconciler.submission.enableUIService)
        #expect(!s.options.reconciler.submission.enableBatchScheduler)
        #expect(s.options.reconciler.submission.ingressURLFormat == nil)
        #expect(s.options.reconciler.submission.master == "k8s://https://kubernetes.default.svc:443")
        #expect(s.options.reconciler.stateMachine.driverPodCreationGracePeriod == .seconds(10))
        #expect(s.options.reconciler.stateMachine.driverPendingTimeout == nil)
        #expect(s.options.reconciler.stateMachine.defaultTimeToLiveSeconds == nil)
        #expect(s.options.reconciler.stateMachine.maxTrackedExecutorPerApp == 1000)
        #expect(s.logLevel == .info && s.logFormat == .text)
    }

    @Test func everyFlagIsApplied() throws {
        let s = try parse([
            "--namespaces", "a, b,", "--label-selector-filter", "team=data", "--controller-threads", "3",
            "--leader-election", "--leader-election-lock-name", "lock", "--leader-election-lock-namespace", "ops",
            "--leader-election-lease-duration", "30s", "--leader-election-renew-deadline", "20", "--leader-election-retry-period", "1.5s",
            "--metrics-bind-address", "127.0.0.1:9090", "--metrics-endpoint", "/m", "--metrics-prefix", "x_",
            "--metrics-labels", "team,namespace", "--metrics-job-start-latency-buckets", "1,2",
            "--health-probe-bind-address", "[::1]:9091", "--no-enable-ui-service",
            "--ingress-url-format", "{{$appName}}.example.com", "--ingress-class-name", "nginx",
            "--ingress-tls", #"[{"hosts":["h"],"secretName":"s"}]"#, "--ingress-annotations", #"{"a":"b"}"#,
            "--enable-batch-scheduler", "--kube-scheduler-names", "sp1,sp2", "--default-batch-scheduler", "volcano",
            "--driver-pod-creation-grace-period", "1m", "--driver-pending-timeout", "300",
            "--default-time-to-live-seconds", "3600", "--max-tracked-executor-per-app", "50",
            "--spark-master", "k8s://https://10.0.0.1:443", "--kubeconfig", "/k", "--context", "c",
            "--log-level", "debug", "--log-format", "json",
        ])
        #expect(s.options.namespaces == ["a", "b"])
        #expect(s.options.labelSelector == "team=data")
        #expect(s.options.workers == 3)
        let le = try #require(s.leaderElection)
        #expect(le.leaseName == "lock" && le.leaseNamespace == "ops")
        #expect(le.leaseDuration == .seconds(30) && le.renewDeadline == .seconds(20) && le.retryPeriod == .milliseconds(1500))
        #expect(s.metricsAddress == BindAddress(host: "127.0.0.1", port: 9090))
        #expect(s.healthAddress == BindAddress(host: "::1", port: 9091))
        #expect(s.metricsEndpoint == "/m")
        #expect(s.metrics.prefix == "x_" && s.metrics.labels == ["team", "namespace"] && s.metrics.startLatencyBuckets == [1, 2])
        let sub = s.options.reconciler.submission
        #expect(!sub.enableUIService)
        #expect(sub.ingressURLFormat == "{{$appName}}.example.com" && sub.ingressClassName == "nginx")
        #expect(sub.ingressTLS?.first?["secretName"]?.stringValue == "s")
        #expect(sub.ingressAnnotations == ["a": "b"])
        #expect(sub.enableBatchScheduler && sub.kubeSchedulerNames == ["sp1", "sp2"] && sub.defaultBatchScheduler == "volcano")
        #expect(sub.master == "k8s://https://10.0.0.1:443")
        let sm = s.options.reconciler.stateMachine
        #expect(sm.driverPodCreationGracePeriod == .seconds(60))
        #expect(sm.driverPendingTimeout == .seconds(300))
        #expect(sm.defaultTimeToLiveSeconds == 3600)
        #expect(sm.maxTrackedExecutorPerApp == 50)
        #expect(s.kubeconfig == "/k" && s.context == "c")
        #expect(s.logLevel == .debug && s.logFormat == .json)
    }

    @Test func environmentVariablesSetFlagsAndFlagsWin() throws {
        let env = [
            "SPARK_OPERATOR_NAMESPACES": "from-env", "SPARK_OPERATOR_CONTROLLER_THREADS": "4",
            "SPARK_OPERATOR_LEADER_ELECTION": "true", "SPARK_OPERATOR_ENABLE_UI_SERVICE": "0",
            "SPARK_OPERATOR_LOG_LEVEL": "warning", "UNRELATED": "x",
        ]
        let s = try parse(["--namespaces", "from-flag", "--log-level=error"], env: env)
        #expect(s.options.namespaces == ["from-flag"])
        #expect(s.options.workers == 4)
        #expect(s.leaderElection != nil)
        #expect(!s.options.reconciler.submission.enableUIService)
        #expect(s.logLevel == .error)
        // A flag's negation wins over its variable too.
        let off = try parse(["--no-leader-election"], env: env)
        #expect(off.leaderElection == nil)
    }

    @Test func booleanFlagsTakeKubeflowsEqualsForm() throws {
        let s = try parse(["--enable-ui-service=false", "--leader-election=true", "--enable-batch-scheduler=True"])
        #expect(!s.options.reconciler.submission.enableUIService)
        #expect(s.leaderElection != nil)
        #expect(s.options.reconciler.submission.enableBatchScheduler)
    }

    @Test func everyFlagHasAnEnvironmentVariableAndIsInTheHelp() {
        let help = SparkOperatorCommand.helpMessage(columns: 400)
        var inHelp = Set<String>()
        for match in help.matches(of: /--([a-z0-9-]+)/) { inHelp.insert(String(match.1)) }
        inHelp.subtract(["help", "flag"])
        let known = Set(CommandLineArguments.flags.map(\.name))
        let negations = Set(CommandLineArguments.flags.filter(\.isBoolean).map { "no-\($0.name)" })
        #expect(inHelp.subtracting(known).subtracting(negations).isEmpty, "flags without a variable")
        #expect(known.subtracting(inHelp).isEmpty, "variables without a flag")
        #expect(CommandLineArguments.environmentVariable(for: "leader-election-lock-namespace")
                    == "SPARK_OPERATOR_LEADER_ELECTION_LOCK_NAMESPACE")
        for flag in known {
            #expect(help.contains("--\(flag)"))
        }
    }

    @Test(arguments: [
        (["--controller-threads", "abc"], [:], "spark-operator: --controller-threads: 'abc' is not an integer"),
        (["--controller-threads", "0"], [:], "spark-operator: --controller-threads: must be at least 1, got 0"),
        ([], ["SPARK_OPERATOR_CONTROLLER_THREADS": "x"],
         "spark-operator: --controller-threads: 'x' is not an integer (from SPARK_OPERATOR_CONTROLLER_THREADS)"),
        ([], ["SPARK_OPERATOR_LEADER_ELECTION": "maybe"],
         "spark-operator: --leader-election: 'maybe' from SPARK_OPERATOR_LEADER_ELECTION is not true or false"),
        (["--enable-ui-service=nope"], [:], "spark-operator: --enable-ui-service: 'nope' is not true or false"),
        (["--log-level", "loud"], [:],
         "spark-operator: --log-level: 'loud' is not one of trace, debug, info, notice, warning, error, critical"),
        (["--log-format", "xml"], [:], "spark-operator: --log-format: 'xml' is not text or json"),
        (["--driver-pending-timeout", "5 minutes"], [:], nil),
        (["--driver-pod-creation-grace-period", "-1"], [:], "spark-operator: --driver-pod-creation-grace-period: must not be negative, got -1"),
        (["--leader-election", "--leader-election-renew-deadline", "20s"], [:],
         "spark-operator: --leader-election-lease-duration: must be longer than --leader-election-renew-deadline"),
        (["--metrics-bind-address", "nowhere"], [:], nil),
        (["--health-probe-bind-address", ":99999"], [:], nil),
        (["--ingress-tls", "{"], [:], nil),
        (["--ingress-annotations", "[1]"], [:], nil),
        (["--metrics-job-start-latency-buckets", "3,2"], [:], nil),
        (["--default-time-to-live-seconds", "-5"], [:], nil),
        (["--max-tracked-executor-per-app", "-1"], [:], nil),
        (["--metrics-endpoint", "metrics"], [:], nil),
    ] as [([String], [String: String], String?)])
    func badValuesExitWithOneLineNamingTheFlag(arguments: [String], env: [String: String], expected: String?) throws {
        let (line, code) = try #require(failure(arguments, env: env))
        #expect(code == 64)
        #expect(!line.contains("\n"))
        #expect(line.contains(/^spark-operator: --[a-z-]+: ./), "\(line)")
        if expected == nil, let flag = arguments.first { #expect(line.hasPrefix("spark-operator: \(flag): "), "\(line)") }
        if let expected { #expect(line == expected) }
    }

    @Test func unknownFlagIsOneLine() throws {
        let (line, code) = try #require(failure(["--bogus"]))
        #expect(code == 64)
        #expect(line == "spark-operator: Unknown option '--bogus'")
    }

    @Test func helpExitsZeroAndExplainsEnvironmentVariables() {
        guard case .exit(let text, 0, false) = SparkOperatorCommand.invocation(arguments: ["--help"], environment: [:]) else {
            Issue.record("--help did not exit 0")
            return
        }
        #expect(text.contains("SPARK_OPERATOR_"))
        #expect(text.contains("--leader-election-lock-namespace"))
    }

    @Test func bindAddressesAndOff() throws {
        #expect(try parse(["--metrics-bind-address", "0"]).metricsAddress == nil)
        #expect(try parse(["--health-probe-bind-address", ""]).healthAddress == nil)
        #expect(try parse(["--metrics-bind-address", "localhost:0"]).metricsAddress == BindAddress(host: "localhost", port: 0))
    }
}

/// deploy/'s Deployment runs the operator with these args and env: they must be flags the
/// executable accepts, meaning what the manifests say.
@Suite("deploy/ flags parse")
struct DeployFlagsParseTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func container(_ path: String) throws -> JSONValue? {
        let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        let deployment = try YAML.documents(text).first { $0["kind"] == "Deployment" }
        return deployment?["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first
    }

    func settings(arguments: [String], env: [String: String]) throws -> OperatorSettings {
        switch SparkOperatorCommand.invocation(arguments: arguments, environment: env) {
        case .run(let command): return try command.flags.resolve()
        case .exit(let text, let code, _): throw FlagError("deploy", "exit \(code): \(text)")
        }
    }

    @Test func theDeploymentsArgumentsAreAcceptedAndMeantAsWritten() throws {
        let c = try #require(try container("deploy/base/deployment.yaml"))
        let args = (c["args"]?.arrayValue ?? []).compactMap(\.stringValue)
        let s = try settings(arguments: args, env: [:])
        #expect(s.leaderElection?.leaseName == "spark-operator-lock")
        #expect(s.leaderElection?.leaseNamespace == "spark-operator")
        #expect(s.metricsAddress?.port == 8080)
        #expect(s.healthAddress?.port == 8081)
        #expect(s.logFormat.rawValue == "json")
    }

    @Test func theNamespacedOverlaysEnvironmentSelectsTheJobNamespace() throws {
        let base = try #require(try container("deploy/base/deployment.yaml"))
        let overlay = try #require(try container("deploy/namespaced/deployment-namespaces.yaml"))
        let args = (base["args"]?.arrayValue ?? []).compactMap(\.stringValue)
        var env: [String: String] = [:]
        for e in overlay["env"]?.arrayValue ?? [] {
            if let n = e["name"]?.stringValue, let v = e["value"]?.stringValue { env[n] = v }
        }
        #expect(try settings(arguments: args, env: env).options.namespaces == ["default"])
    }
}
