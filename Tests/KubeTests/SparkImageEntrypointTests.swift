import KubeTesting
import Testing

@Suite("SparkImageEntrypoint")
struct SparkImageEntrypointTests {
    let executorEnv: [String: String] = [
        "SPARK_EXECUTOR_MEMORY": "512m", "SPARK_DRIVER_URL": "spark://CoarseGrainedScheduler@svc:7078",
        "SPARK_EXECUTOR_ID": "1", "SPARK_EXECUTOR_CORES": "1", "SPARK_APPLICATION_ID": "spark-123",
        "SPARK_EXECUTOR_POD_IP": "127.5.0.2", "SPARK_RESOURCE_PROFILE_ID": "0", "SPARK_EXECUTOR_POD_NAME": "app-exec-1",
        "SPARK_CONF_DIR": "/opt/spark/conf",
        // Numeric order, not lexical: 10 comes after 2.
        "SPARK_JAVA_OPT_10": "-Dlast", "SPARK_JAVA_OPT_2": "-Dsecond", "SPARK_JAVA_OPT_0": "-Dfirst",
    ]

    @Test func driverRunsSparkSubmitInClientModeBoundToThePodIP() throws {
        let argv = try SparkImageEntrypoint.command(
            command: [], args: ["driver", "--properties-file", "/opt/spark/conf/spark.properties", "--class", "Main", "app.jar"],
            environment: ["SPARK_DRIVER_BIND_ADDRESS": "127.5.0.1"], javaHome: "/jdk")
        #expect(
            argv == [
                "/opt/spark/bin/spark-submit", "--conf", "spark.driver.bindAddress=127.5.0.1",
                "--conf", "spark.executorEnv.SPARK_DRIVER_POD_IP=127.5.0.1", "--deploy-mode", "client",
                "--properties-file", "/opt/spark/conf/spark.properties", "--class", "Main", "app.jar",
            ])
    }

    @Test func executorRunsTheBackendWithJavaOptionsInNumericOrder() throws {
        let argv = try SparkImageEntrypoint.command(command: [], args: ["executor"], environment: executorEnv, javaHome: "/jdk")
        #expect(Array(argv.prefix(4)) == ["/jdk/bin/java", "-Dfirst", "-Dsecond", "-Dlast"])
        #expect(argv.contains("org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend"))
        #expect(argv[argv.firstIndex(of: "-cp")! + 1] == "/opt/spark/conf:/opt/spark/jars/*")
        #expect(argv.contains("-Xmx512m") && argv.contains("-Xms512m"))
        for (flag, value) in [("--hostname", "127.5.0.2"), ("--podName", "app-exec-1"), ("--executor-id", "1"), ("--app-id", "spark-123")] {
            #expect(argv[argv.firstIndex(of: flag)! + 1] == value, "\(flag)")
        }
    }

    @Test func executorWithoutItsEnvironmentIsRefusedNamingWhatIsMissing() {
        var env = executorEnv
        env["SPARK_DRIVER_URL"] = nil
        #expect(throws: SparkImageEntrypoint.Failure.self) {
            try SparkImageEntrypoint.command(command: [], args: ["executor"], environment: env, javaHome: "/jdk")
        }
        do {
            _ = try SparkImageEntrypoint.command(command: [], args: ["executor"], environment: env, javaHome: "/jdk")
        } catch {
            #expect("\(error)".contains("SPARK_DRIVER_URL"))
        }
    }

    @Test func otherArgsPassThroughAndACommandReplacesTheEntrypoint() throws {
        #expect(try SparkImageEntrypoint.command(command: [], args: ["/bin/sh", "-c", "true"], environment: [:], javaHome: "/jdk") == ["/bin/sh", "-c", "true"])
        #expect(try SparkImageEntrypoint.command(command: ["/bin/echo"], args: ["driver"], environment: [:], javaHome: "/jdk") == ["/bin/echo", "driver"])
        #expect(throws: SparkImageEntrypoint.Failure.self) {
            try SparkImageEntrypoint.command(command: [], args: [], environment: [:], javaHome: "/jdk")
        }
    }

    @Test func expandsVariableReferencesAsTheKubeletDoes() {
        let env = ["A": "1", "POD_IP": "127.0.0.9"]
        #expect(SparkImageEntrypoint.expand("--bind=$(POD_IP):$(A)", env) == "--bind=127.0.0.9:1")
        #expect(SparkImageEntrypoint.expand("$$(A) and $(MISSING) and $", env) == "$(A) and $(MISSING) and $")
        #expect(SparkImageEntrypoint.expand("no refs", env) == "no refs")
    }
}

@Suite("PodSandboxScript")
struct PodSandboxScriptTests {
    @Test func bindsImageThenVolumesThenTmpAndExecsTheCommand() {
        let script = PodSandboxScript(
            hostname: "app-driver", hostsFile: "/w/hosts", shadowRoot: "/w/shadow", tmpDirectory: "/w/tmp",
            binds: [.init(source: "/spark", target: "/opt/spark"), .init(source: "/w/v/conf", target: "/opt/spark/conf", readOnly: true)],
            workingDirectory: "/opt/spark/work-dir"
        ).text
        let lines = script.split(separator: "\n").map(String.init)
        let tail = Array(lines.suffix(8))
        #expect(
            tail == [
                "SHADOW='/w/shadow'", "hostname 'app-driver'", "bind '/w/hosts' /etc/hosts", "bind '/spark' '/opt/spark'",
                "bind '/w/v/conf' '/opt/spark/conf' ro", "bind '/w/tmp' /tmp", "cd '/opt/spark/work-dir'", #"exec "$@""#,
            ])
        #expect(script.contains("mount --make-rprivate /"))
    }

    @Test func quotesPathsForTheShell() {
        let script = PodSandboxScript(
            hostname: "p", hostsFile: "/w/it's", shadowRoot: "/s", tmpDirectory: "/t", binds: [], workingDirectory: "/"
        ).text
        #expect(script.contains(#"bind '/w/it'\''s' /etc/hosts"#))
    }
}
