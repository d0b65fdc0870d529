/// What the apache/spark 3.5 image's `entrypoint.sh` runs for a container, as a pure function of
/// the container's `command`, `args` and environment (the environment after the kubelet's
/// `$(VAR)` expansion). The process kubelet runs the result inside the pod's mount namespace,
/// where `/opt/spark` is the image's Spark home, so no path is rewritten.
///
/// - `driver …`: `spark-submit` in client mode bound to the pod IP
///   (`spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS`), followed by the container's args.
/// - `executor`: `java $SPARK_JAVA_OPT_0..N -Xms/-Xmx$SPARK_EXECUTOR_MEMORY -cp … KubernetesExecutorBackend`
///   with the `SPARK_*` variables the driver wrote into the executor pod; the options in numeric
///   order, as the image sorts them (`sort -t_ -k4 -n`).
/// - anything else: pass-through (the args are the command), as the image does.
/// A container `command` replaces the entrypoint, as in Kubernetes.
public enum SparkImageEntrypoint {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The command line (`argv[0]` an absolute path, or a name looked up in `PATH`).
    public static func command(
        command: [String], args: [String], environment env: [String: String], sparkHome: String = "/opt/spark",
        javaHome: String
    ) throws -> [String] {
        if !command.isEmpty { return command + args }
        guard let role = args.first else {
            throw Failure("the container has neither command nor args: nothing for the Spark image's entrypoint to run")
        }
        let home = env["SPARK_HOME"] ?? sparkHome
        switch role {
        case "driver":
            let bind = env["SPARK_DRIVER_BIND_ADDRESS"] ?? ""
            return [
                "\(home)/bin/spark-submit",
                "--conf", "spark.driver.bindAddress=\(bind)",
                "--conf", "spark.executorEnv.SPARK_DRIVER_POD_IP=\(bind)",
                "--deploy-mode", "client",
            ] + args.dropFirst()
        case "executor":
            let required = [
                "SPARK_EXECUTOR_MEMORY", "SPARK_DRIVER_URL", "SPARK_EXECUTOR_ID", "SPARK_EXECUTOR_CORES",
                "SPARK_APPLICATION_ID", "SPARK_EXECUTOR_POD_IP", "SPARK_RESOURCE_PROFILE_ID", "SPARK_EXECUTOR_POD_NAME",
            ]
            let missing = required.filter { env[$0] == nil }
            guard missing.isEmpty else {
                throw Failure("executor container lacks \(missing.joined(separator: ", ")) in its environment")
            }
            let memory = env["SPARK_EXECUTOR_MEMORY"]!
            return ["\(javaHome)/bin/java"] + javaOptions(env) + [
                "-Xms\(memory)", "-Xmx\(memory)", "-cp", classpath(env, sparkHome: home),
                "org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend",
                "--driver-url", env["SPARK_DRIVER_URL"]!, "--executor-id", env["SPARK_EXECUTOR_ID"]!,
                "--cores", env["SPARK_EXECUTOR_CORES"]!, "--app-id", env["SPARK_APPLICATION_ID"]!,
                "--hostname", env["SPARK_EXECUTOR_POD_IP"]!,
                "--resourceProfileId", env["SPARK_RESOURCE_PROFILE_ID"]!,
                "--podName", env["SPARK_EXECUTOR_POD_NAME"]!,
            ]
        default:
            return args
        }
    }

    /// `SPARK_JAVA_OPT_<n>` values ordered by n (numerically: 10 after 9).
    static func javaOptions(_ env: [String: String]) -> [String] {
        env.compactMap { key, value -> (Int, String)? in
            guard key.hasPrefix("SPARK_JAVA_OPT_"), let n = Int(key.dropFirst("SPARK_JAVA_OPT_".count)) else { return nil }
            return (n, value)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The image's classpath: the conf dir first, then the jars, then `SPARK_EXTRA_CLASSPATH`.
    static func classpath(_ env: [String: String], sparkHome: String) -> String {
        var parts: [String] = []
        parts.append(env["SPARK_CONF_DIR"] ?? "\(sparkHome)/conf")
        if let existing = env["SPARK_CLASSPATH"], !existing.isEmpty { parts.append(existing) }
        parts.append("\(sparkHome)/jars/*")
        if let extra = env["SPARK_EXTRA_CLASSPATH"], !extra.isEmpty { parts.append(extra) }
        if let dist = env["SPARK_DIST_CLASSPATH"], !dist.isEmpty { parts.append(dist) }
        return parts.joined(separator: ":")
    }

    /// Expands `$(NAME)` from `env` as the kubelet does for env values, command and args: `$$`
    /// escapes a dollar; an undefined reference is left as written.
    public static func expand(_ text: String, _ env: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "$", next < text.endIndex {
                if text[next] == "$" {
                    out.append("$")
                    i = text.index(after: next)
                    continue
                }
                if text[next] == "(", let close = text[next...].firstIndex(of: ")") {
                    let name = String(text[text.index(after: next)..<close])
                    if let value = env[name] {
                        out += value
                    } else {
                        out += text[i...close]
                    }
                    i = text.index(after: close)
                    continue
                }
            }
            out.append(c)
            i = next
        }
        return out
    }
}
