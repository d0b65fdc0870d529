import Foundation
import Kube
import SparkOperatorAPI

/// Builds executor pods as a Spark 3.5 driver does (`BasicExecutorFeatureStep`,
/// `LocalDirsFeatureStep`, `ExecutorKubernetesCredentialsFeatureStep`, pod template merging in
/// `KubernetesUtils.loadPodFromTemplate`): a pure function of the driver pod, its Spark
/// properties and the executor pod template.
///
/// With a template, its metadata labels and annotations are kept and Spark's added; its spec is
/// kept (volumes, security context, affinity, tolerations, sidecars, …); its container named by
/// `spark.kubernetes.executor.podTemplateContainerName` (else its first container) becomes
/// Spark's container: name kept (default `spark-kubernetes-executor`), image and pull policy
/// from the properties, memory and cpu requests and the memory limit set, Spark's environment
/// appended to the template's, `executor` appended to its args, ports replaced by the block
/// manager's; Spark's container comes after the template's other containers.
struct SparkExecutorPodBuilder: Sendable {
    var driver: Pod
    var properties: [String: String]
    var template: JSONValue?
    var appId: String
    /// Executor pods are `<namePrefix>-exec-<id>`.
    var namePrefix: String
    /// The ConfigMap mounted at /opt/spark/conf (`spark-exec-<id>-conf-map`).
    var configMapName: String

    static let containerName = "spark-kubernetes-executor"
    static let confVolume = "spark-conf-volume-exec"
    static let confDir = "/opt/spark/conf"
    static let defaultSparkVersion = "3.5.1"

    /// The executor pod `id`; `localDir` is its default `SPARK_LOCAL_DIRS` (`/var/data/spark-<uuid>`).
    func pod(executorId id: Int, localDir: String) -> Pod {
        let name = "\(namePrefix)-exec-\(id)"
        let templateMeta = template?["metadata"]
        var labels = templateMeta?["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        labels.merge(executorLabels(id), uniquingKeysWith: { _, spark in spark })
        var annotations = templateMeta?["annotations"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        for (key, value) in prefixed("spark.kubernetes.executor.annotation.") {
            annotations[key] = substitute(value, id)
        }
        var metadata = ObjectMeta(
            name: name, namespace: driver.metadata.namespace, labels: labels,
            annotations: annotations.isEmpty ? nil : annotations,
            ownerReferences: [
                // Spark sets controller, not blockOwnerDeletion (BasicExecutorFeatureStep).
                OwnerReference(apiVersion: "v1", kind: "Pod", name: driver.name, uid: driver.uid, controller: true)
            ])
        metadata.finalizers = templateMeta?["finalizers"]?.arrayValue?.compactMap(\.stringValue)

        var spec = template?["spec"] ?? [:]
        if spec.objectValue == nil { spec = [:] }
        let templateContainers = spec["containers"]?.arrayValue ?? []
        let wanted = properties["spark.kubernetes.executor.podTemplateContainerName"]
        let sparkIndex =
            templateContainers.firstIndex { wanted != nil && $0["name"]?.stringValue == wanted }
            ?? (templateContainers.isEmpty ? nil : 0)
        var others = templateContainers
        var container: JSONValue = [:]
        if let sparkIndex { container = others.remove(at: sparkIndex) }

        container = sparkContainer(from: container, id: id, name: name)
        var volumes = spec["volumes"]?.arrayValue ?? []
        volumes.append(["name": .string(Self.confVolume), "configMap": ["name": .string(configMapName)]])
        // LocalDirsFeatureStep: the template's spark-local-dir-* mounts, else one emptyDir.
        let localMounts = (container["volumeMounts"]?.arrayValue ?? []).filter {
            $0["name"]?.stringValue?.hasPrefix("spark-local-dir-") == true
        }
        let localDirs: [String]
        if localMounts.isEmpty {
            localDirs = [localDir]
            var emptyDir: JSONValue = [:]
            if properties["spark.kubernetes.local.dirs.tmpfs"] == "true" { emptyDir["medium"] = "Memory" }
            volumes.append(["name": "spark-local-dir-1", "emptyDir": emptyDir])
            appendArray(&container, "volumeMounts", ["name": "spark-local-dir-1", "mountPath": .string(localDir)])
        } else {
            localDirs = localMounts.compactMap { $0["mountPath"]?.stringValue }
        }
        appendArray(&container, "env", env("SPARK_LOCAL_DIRS", localDirs.joined(separator: ",")))

        spec["volumes"] = .array(volumes)
        spec["containers"] = .array(others + [container])
        spec["hostname"] = .string(Self.hostname(name))
        spec["restartPolicy"] = "Never"
        var nodeSelector = spec["nodeSelector"]?.objectValue ?? [:]
        for (k, v) in prefixed("spark.kubernetes.node.selector.") { nodeSelector[k] = .string(v) }
        for (k, v) in prefixed("spark.kubernetes.executor.node.selector.") { nodeSelector[k] = .string(v) }
        if !nodeSelector.isEmpty { spec["nodeSelector"] = .object(nodeSelector) }
        let pullSecrets = (properties["spark.kubernetes.container.image.pullSecrets"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !pullSecrets.isEmpty {
            spec["imagePullSecrets"] = .array(
                (spec["imagePullSecrets"]?.arrayValue ?? []) + pullSecrets.map { ["name": .string($0)] })
        }
        if let scheduler = properties["spark.kubernetes.executor.scheduler.name"]
            ?? properties["spark.kubernetes.scheduler.name"]
        {
            spec["schedulerName"] = .string(scheduler)
        }
        if spec["serviceAccountName"]?.stringValue == nil,
            let account = properties["spark.kubernetes.authenticate.executor.serviceAccountName"]
                ?? properties["spark.kubernetes.authenticate.driver.serviceAccountName"]
        {
            spec["serviceAccountName"] = .string(account)
        }
        return Pod(metadata: metadata, spec: spec)
    }

    /// Spark's labels (`KubernetesExecutorConf.labels`) over `spark.kubernetes.executor.label.*`.
    func executorLabels(_ id: Int) -> [String: String] {
        var labels: [String: String] = [:]
        for (key, value) in prefixed("spark.kubernetes.executor.label.") { labels[key] = substitute(value, id) }
        labels["spark-version"] = driver.metadata.labels?["spark-version"] ?? Self.defaultSparkVersion
        labels["spark-exec-id"] = String(id)
        labels["spark-app-selector"] = appId
        labels["spark-app-name"] = Self.appNameLabel(appName)
        labels["spark-role"] = "executor"
        labels["spark-exec-resourceprofile-id"] = "0"
        return labels
    }

    var appName: String {
        properties["spark.app.name"] ?? driver.metadata.labels?["spark-app-name"] ?? driver.name
    }

    private func sparkContainer(from base: JSONValue, id: Int, name: String) -> JSONValue {
        var c = base.objectValue == nil ? [:] : base
        if c["name"]?.stringValue == nil { c["name"] = .string(Self.containerName) }
        if let image = properties["spark.kubernetes.executor.container.image"]
            ?? properties["spark.kubernetes.container.image"]
            ?? driver.mainContainer?["image"]?.stringValue
        {
            c["image"] = .string(image)
        }
        c["imagePullPolicy"] = .string(properties["spark.kubernetes.container.image.pullPolicy"] ?? "IfNotPresent")

        let cores = properties["spark.executor.cores"] ?? "1"
        let memoryMiB = (try? SparkMemory.mebibytes(properties["spark.executor.memory"] ?? SparkMemory.defaultMemory)) ?? 1024
        let isJVM = (properties["spark.kubernetes.resource.type"] ?? "java") == "java"
        let factor = (properties["spark.executor.memoryOverheadFactor"] ?? properties["spark.kubernetes.memoryOverheadFactor"])
            .flatMap { try? SparkMemory.overheadFactor($0) }
        let podMemoryMiB =
            (try? SparkMemory.executorPodMemoryMiB(
                memory: properties["spark.executor.memory"], overhead: properties["spark.executor.memoryOverhead"],
                factor: factor, isJVM: isJVM,
                pysparkMemory: isJVM ? nil : properties["spark.executor.pyspark.memory"])) ?? (memoryMiB + 384)
        let memory = JSONValue.string(SparkMemory.podMemoryString(mebibytes: podMemoryMiB))
        var resources = c["resources"]?.objectValue == nil ? [:] : c["resources"]!
        var requests = resources["requests"]?.objectValue ?? [:]
        var limits = resources["limits"]?.objectValue ?? [:]
        requests["memory"] = memory
        limits["memory"] = memory
        requests["cpu"] = .string(properties["spark.kubernetes.executor.request.cores"] ?? cores)
        if let limitCores = properties["spark.kubernetes.executor.limit.cores"] { limits["cpu"] = .string(limitCores) }
        resources["requests"] = .object(requests)
        resources["limits"] = .object(limits)
        c["resources"] = resources

        let driverHost = properties["spark.driver.host"] ?? driver.status?.podIP ?? "localhost"
        let driverPort = properties["spark.driver.port"] ?? "7078"
        var variables: [JSONValue] = [
            env("SPARK_USER", driver.mainContainer?.envValue("SPARK_USER") ?? "root"),
            env("SPARK_DRIVER_URL", "spark://CoarseGrainedScheduler@\(driverHost):\(driverPort)"),
            env("SPARK_EXECUTOR_CORES", cores),
            env("SPARK_EXECUTOR_MEMORY", "\(memoryMiB)m"),
            env("SPARK_APPLICATION_ID", appId),
            env("SPARK_CONF_DIR", Self.confDir),
            env("SPARK_EXECUTOR_ID", String(id)),
            env("SPARK_RESOURCE_PROFILE_ID", "0"),
        ]
        for (key, value) in prefixed("spark.executorEnv.").sorted(by: { $0.key < $1.key }) {
            variables.append(env(key, value))
        }
        if let classpath = properties["spark.executor.extraClassPath"] {
            variables.append(env("SPARK_CLASSPATH", classpath))
        }
        var javaOpts = (properties["spark.executor.extraJavaOptions"].map { substitute($0, id) } ?? "")
            .split(whereSeparator: \.isWhitespace).map(String.init)
        javaOpts.append("-Dspark.driver.port=\(driverPort)")
        if let port = properties["spark.driver.blockManager.port"] { javaOpts.append("-Dspark.driver.blockManager.port=\(port)") }
        for (i, opt) in javaOpts.enumerated() { variables.append(env("SPARK_JAVA_OPT_\(i)", opt)) }
        variables.append(fieldRefEnv("SPARK_EXECUTOR_POD_IP", "status.podIP"))
        variables.append(fieldRefEnv("SPARK_EXECUTOR_POD_NAME", "metadata.name"))
        c["env"] = .array((c["env"]?.arrayValue ?? []) + variables)

        let blockManagerPort = Int(properties["spark.blockManager.port"] ?? "7079") ?? 7079
        c["ports"] = blockManagerPort == 0 ? nil : [["name": "blockmanager", "containerPort": .int(Int64(blockManagerPort))]]
        c["args"] = .array((c["args"]?.arrayValue ?? []) + ["executor"])
        appendArray(&c, "volumeMounts", ["name": .string(Self.confVolume), "mountPath": .string(Self.confDir)])
        return c
    }

    // MARK: - Names

    /// The executors' name prefix: `spark.kubernetes.executor.podNamePrefix`, else the driver
    /// pod's name without `-driver`, else Spark's `<app name>-<unique id>`.
    static func namePrefix(driver: Pod, properties: [String: String]) -> String {
        if let prefix = properties["spark.kubernetes.executor.podNamePrefix"], !prefix.isEmpty { return prefix }
        if driver.name.hasSuffix("-driver"), driver.name.count > "-driver".count {
            return String(driver.name.dropLast("-driver".count))
        }
        let appName = properties["spark.app.name"] ?? driver.name
        return sanitize("\(appName)-\(uniqueID())")
    }

    /// `KubernetesConf.getAppNameLabel`: lower case, runs of other characters than `a-z0-9-`
    /// as one `-`, at most 63 characters.
    static func appNameLabel(_ appName: String) -> String {
        String(sanitize(appName).prefix(63))
    }

    /// The last 63 characters of the pod name, without leading non-word characters, other
    /// characters than word characters and `-` replaced by `_` (BasicExecutorFeatureStep).
    static func hostname(_ name: String) -> String {
        let tail = String(name.suffix(63)).drop { !isWord($0) }
        var out = ""
        var inRun = false
        for ch in tail {
            if isWord(ch) || ch == "-" {
                out.append(ch)
                inRun = false
            } else if !inRun {
                out.append("_")
                inRun = true
            }
        }
        return out
    }

    /// `KubernetesUtils.uniqueID()`: 6 random hex digits and the low 40 bits of the time in ms, in hex.
    static func uniqueID() -> String {
        let random = String(format: "%06x", UInt32.random(in: 0..<(1 << 24)))
        let millis = UInt64(Date().timeIntervalSince1970 * 1000) & 0xFF_FFFF_FFFF
        return random + String(millis, radix: 16)
    }

    private static func sanitize(_ s: String) -> String {
        var out = ""
        for ch in s.trimmingCharacters(in: .whitespaces).lowercased() {
            let ok = ch.isASCII && (ch.isLetter || ch.isNumber || ch == "-")
            let next: Character = ok ? ch : "-"
            if next == "-", out.last == "-" { continue }
            out.append(next)
        }
        return out
    }

    private static func isWord(_ ch: Character) -> Bool { ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_") }

    // MARK: - Helpers

    /// Properties under `prefix`, keyed by the rest of their name.
    private func prefixed(_ prefix: String) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in properties where key.hasPrefix(prefix) && key.count > prefix.count {
            out[String(key.dropFirst(prefix.count))] = value
        }
        return out
    }

    /// `Utils.substituteAppNExecIds`: `{{APP_ID}}` and `{{EXECUTOR_ID}}`.
    private func substitute(_ value: String, _ id: Int) -> String {
        value.replacingOccurrences(of: "{{APP_ID}}", with: appId)
            .replacingOccurrences(of: "{{EXECUTOR_ID}}", with: String(id))
    }

    private func env(_ name: String, _ value: String) -> JSONValue {
        ["name": .string(name), "value": .string(value)]
    }

    private func fieldRefEnv(_ name: String, _ path: String) -> JSONValue {
        ["name": .string(name), "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": .string(path)]]]
    }

    private func appendArray(_ object: inout JSONValue, _ key: String, _ element: JSONValue) {
        object[key] = .array((object[key]?.arrayValue ?? []) + [element])
    }
}
