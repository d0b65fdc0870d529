import Kube
import SparkOperatorAPI

/// The driver pod as spark-submit 3.5 builds it from the resolved configuration (the driver
/// feature steps in their order: Basic, KubernetesCredentials, MountSecrets, EnvSecrets,
/// MountVolumes, DriverCommand, HadoopConf, KerberosConf, PodTemplateConfigMap, LocalDirs, then
/// the configuration volume
/// `Client` adds), with kubeflow's webhook patches applied on top, the owner reference to the
/// application, and `spec.driver.template` merged underneath.
struct DriverPodBuilder {
    var app: SparkApplication
    var submit: SparkSubmitConf
    var resources: PodResources
    var podName: String
    var configMapName: String
    var sparkUser: String
    var localDirUUID: String

    static let reservedLabels = ["spark-version", "spark-app-selector", "spark-app-name", "spark-role"]

    func build() throws(SubmissionError) -> Pod {
        let conf = submit.conf
        let spec = app.spec
        let appID = conf["spark.app.id"] ?? ""
        var pod = PodDraft(containerName: PodNames.driverContainer)
        pod.name = podName
        pod.namespace = app.metadata.namespace

        // BasicDriverFeatureStep.
        guard let image = conf["spark.kubernetes.driver.container.image"] ?? conf["spark.kubernetes.container.image"] else {
            throw .invalidValue(field: "spec.image", value: "", message: "required: the container image of the driver (or spec.driver.image)")
        }
        pod.container["image"] = .string(image)
        pod.container["imagePullPolicy"] = .string(conf["spark.kubernetes.container.image.pullPolicy"] ?? "IfNotPresent")
        for (name, port) in [("driver-rpc-port", submit.driverPort),
                             ("blockmanager", submit.containerBlockManagerPort),
                             ("spark-ui", submit.uiPort)] {
            pod.addPort(["containerPort": .int(Int64(port)), "name": .string(name), "protocol": "TCP"])
        }
        pod.upsertEnv("SPARK_USER", spec.proxyUser.flatMap { $0.isEmpty ? nil : $0 } ?? sparkUser)
        pod.upsertEnv("SPARK_APPLICATION_ID", appID)
        for (name, value) in conf.withPrefix("spark.kubernetes.driverEnv.") { pod.upsertEnv(name, value) }
        pod.upsertEnv(["name": "SPARK_DRIVER_BIND_ADDRESS", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "status.podIP"]]])

        let cores = try conf.int("spark.driver.cores", default: 1)
        pod.setResource("requests", "cpu", conf["spark.kubernetes.driver.request.cores"] ?? "\(cores)")
        if let limit = conf["spark.kubernetes.driver.limit.cores"] { pod.setResource("limits", "cpu", limit) }
        let memory = SparkMemory.podMemoryString(mebibytes: resources.driverMemoryMiB)
        pod.setResource("requests", "memory", memory)
        pod.setResource("limits", "memory", memory)
        for (name, amount) in try Self.customResources(conf, role: "driver") { pod.setResource("limits", name, amount) }

        var labels: [String: String] = [:]
        for (key, value) in conf.withPrefix("spark.kubernetes.driver.label.") {
            if Self.reservedLabels.contains(key) {
                throw .invalidValue(field: Self.labelField(key, spec: spec, app: app, role: "driver"), value: value,
                                    message: "label \(key) is reserved for Spark bookkeeping")
            }
            labels[key] = Self.substituteIDs(value, appID: appID)
        }
        labels["spark-version"] = spec.sparkVersion
        labels["spark-app-selector"] = appID
        labels["spark-app-name"] = ResourceNames.appNameLabel(app.name)
        labels["spark-role"] = "driver"
        pod.labels = labels
        for (key, value) in conf.withPrefix("spark.kubernetes.driver.annotation.") {
            pod.annotations[key] = Self.substituteIDs(value, appID: appID)
        }
        pod.spec["restartPolicy"] = "Never"
        pod.mergeNodeSelector(Dictionary(uniqueKeysWithValues: conf.withPrefix("spark.kubernetes.node.selector.").map { ($0.key, $0.value) }))
        pod.mergeNodeSelector(Dictionary(uniqueKeysWithValues: conf.withPrefix("spark.kubernetes.driver.node.selector.").map { ($0.key, $0.value) }))
        let pullSecrets = conf.list("spark.kubernetes.container.image.pullSecrets")
        if !pullSecrets.isEmpty { pod.spec["imagePullSecrets"] = .array(pullSecrets.map { ["name": .string($0)] }) }
        if let scheduler = conf["spark.kubernetes.driver.scheduler.name"] ?? conf["spark.kubernetes.scheduler.name"] {
            pod.spec["schedulerName"] = .string(scheduler)
        }

        // DriverKubernetesCredentialsFeatureStep.
        if let account = conf["spark.kubernetes.authenticate.driver.serviceAccountName"] {
            pod.spec["serviceAccount"] = .string(account)
            pod.spec["serviceAccountName"] = .string(account)
        }
        // MountSecretsFeatureStep.
        for (secret, path) in conf.withPrefix("spark.kubernetes.driver.secrets.") {
            pod.addVolume(["name": .string("\(secret)-volume"), "secret": ["secretName": .string(secret)]])
            pod.addMount(["name": .string("\(secret)-volume"), "mountPath": .string(path)])
        }
        // EnvSecretsFeatureStep.
        for (env, ref) in conf.withPrefix("spark.kubernetes.driver.secretKeyRef.") {
            let parts = ref.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw .invalidValue(field: "spec.driver.envSecretKeyRefs[\(env)]", value: ref, message: "SecretKeyRef must be in the form name:key")
            }
            pod.upsertEnv(["name": .string(env), "valueFrom": ["secretKeyRef": ["key": .string(String(parts[1])), "name": .string(String(parts[0]))]]])
        }
        // MountVolumesFeatureStep.
        for volume in try SparkVolumeConf.parse(conf, role: "driver") {
            pod.addVolume(volume.volume)
            pod.addMount(volume.mount)
        }
        // DriverCommandFeatureStep.
        var args: [JSONValue] = ["driver"]
        if let user = spec.proxyUser, !user.isEmpty { args += ["--proxy-user", .string(user)] }
        args += ["--properties-file", .string(PodNames.propertiesPath), "--class", .string(submit.mainClass), .string(submit.primaryResource)]
        args += (spec.arguments ?? []).map { .string($0) }
        pod.container["args"] = .array(args)
        if submit.resource == .python {
            if let python = conf["spark.pyspark.python"] { pod.upsertEnv("PYSPARK_PYTHON", python) }
            if let python = conf["spark.pyspark.driver.python"] ?? conf["spark.pyspark.python"] { pod.upsertEnv("PYSPARK_DRIVER_PYTHON", python) }
        }
        // HadoopConfDriverFeatureStep, KerberosConfDriverFeatureStep.
        HadoopKerberosMounts.apply(to: &pod, conf: conf)
        // PodTemplateConfigMapStep (the executor template, in our ConfigMap).
        pod.addVolume(["name": .string(PodNames.podTemplateVolume), "configMap": [
            "name": .string(configMapName), "items": [["key": .string(PodNames.podTemplateKey), "path": .string(PodNames.podTemplateFile)]],
        ]])
        pod.addMount(["name": .string(PodNames.podTemplateVolume), "mountPath": .string(PodNames.podTemplateDir)])
        // LocalDirsFeatureStep.
        let template = spec.driver.template
        let templateMounts = PodTemplateMerge.sparkContainer(in: template, named: PodNames.driverContainer)?["volumeMounts"]?.arrayValue ?? []
        let localDirMounts = ((pod.container["volumeMounts"]?.arrayValue ?? []) + templateMounts)
            .filter { $0["name"]?.stringValue?.hasPrefix(KubeflowSubmitConf.localDirPrefix) == true }
        if localDirMounts.isEmpty {
            let dirs = (conf["spark.local.dir"] ?? "/var/data/spark-\(localDirUUID)").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let tmpfs = try conf.bool("spark.kubernetes.local.dirs.tmpfs", default: false)
            for i in dirs.indices {
                pod.addVolume(["name": .string("spark-local-dir-\(i + 1)"), "emptyDir": tmpfs ? ["medium": "Memory"] : [:]])
            }
            pod.upsertEnv("SPARK_LOCAL_DIRS", dirs.joined(separator: ","))
            for (i, dir) in dirs.enumerated() { pod.addMount(["mountPath": .string(dir), "name": .string("spark-local-dir-\(i + 1)")]) }
        } else {
            pod.upsertEnv("SPARK_LOCAL_DIRS", localDirMounts.compactMap { $0["mountPath"]?.stringValue }.joined(separator: ","))
        }
        // Client: the configuration volume.
        pod.upsertEnv("SPARK_CONF_DIR", PodNames.confDir)
        pod.addMount(["mountPath": .string(PodNames.confDir), "name": .string(PodNames.confVolume)])
        pod.addVolume(["name": .string(PodNames.confVolume), "configMap": [
            "name": .string(configMapName),
            "items": [["key": .string(PodNames.propertiesKey), "mode": 420, "path": .string(PodNames.propertiesKey)]],
        ]])

        // kubeflow's webhook.
        pod.ownerReferences = [app.controllerReference()]
        try PodCustomization.apply(to: &pod, role: .driver, app: app, templateVolumes: PodTemplateMerge.volumeNames(template))

        let merged = PodTemplateMerge.merge(template: template, into: pod.json, sparkContainer: PodNames.driverContainer)
        do {
            return Pod(metadata: try (merged["metadata"] ?? [:]).decode(as: ObjectMeta.self), spec: merged["spec"])
        } catch {
            throw .invalidValue(field: "spec.driver.template.metadata", value: "", message: "not valid object metadata: \(error)")
        }
    }

    /// Spark's `Utils.substituteAppNExecIds` for the driver: `{{APP_ID}}` → the app id,
    /// `{{EXECUTOR_ID}}` → empty.
    static func substituteIDs(_ value: String, appID: String) -> String {
        value.replacingOccurrences(of: "{{APP_ID}}", with: appID).replacingOccurrences(of: "{{EXECUTOR_ID}}", with: "")
    }

    /// `KubernetesUtils.buildResourcesQuantities`: `spark.<role>.resource.<name>.amount` with its
    /// `.vendor` as limit `<vendor>/<name>`.
    static func customResources(_ conf: SparkConf, role: String) throws(SubmissionError) -> [(String, String)] {
        var out: [(String, String)] = []
        for (key, amount) in conf.withPrefix("spark.\(role).resource.") where key.hasSuffix(".amount") {
            let name = String(key.dropLast(".amount".count))
            guard let vendor = conf["spark.\(role).resource.\(name).vendor"], !vendor.isEmpty else {
                throw .invalidValue(field: "spec.sparkConf[spark.\(role).resource.\(name).vendor]", value: "",
                                    message: "required with spark.\(role).resource.\(name).amount on Kubernetes (e.g. nvidia.com)")
            }
            out.append(("\(vendor)/\(name)", amount))
        }
        return out
    }

    /// Where a driver or executor label came from, for error messages.
    static func labelField(_ key: String, spec: SparkApplicationSpec, app: SparkApplication, role: String) -> String {
        if app.metadata.labels?[key] != nil { return "metadata.labels[\(key)]" }
        let pod = role == "driver" ? spec.driver.pod : spec.executor.pod
        if pod.labels?[key] != nil { return "spec.\(role).labels[\(key)]" }
        return "spec.sparkConf[spark.kubernetes.\(role).label.\(key)]"
    }
}
