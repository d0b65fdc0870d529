import SparkOperatorAPI

/// The Spark configuration kubeflow hands spark-submit (`buildSparkSubmitArgs` in
/// `internal/controller/sparkapplication/submission.go`), as the `SparkConf` spark-submit holds
/// once it has parsed the arguments: every `--conf k=v` in kubeflow's order (a later setting of a
/// key wins) and the flags that become properties (`--name`, `--jars`, `--packages`, …), which
/// win over the same keys in sparkConf as spark-submit's flags do.
///
/// Not carried over: `--master` and `--deploy-mode` (set by `SparkSubmitConf`), the driver pod
/// template file (the template is merged into the driver pod here), the label
/// `sparkoperator.k8s.io/mutated-by-spark-operator` (no webhook mutates these pods).
enum KubeflowSubmitConf {
    static let appNameLabel = SparkLabels.appName
    static let launchedByLabel = SparkLabels.launchedByOperator
    static let submissionIDLabel = SparkLabels.submissionID
    static let createdByLabel = SparkLabels.createdByOperator
    static let localDirPrefix = "spark-local-dir-"

    static func build(app: SparkApplication, submissionID: String, driverPodName: String) throws(SubmissionError) -> SparkConf {
        let spec = app.spec
        var conf = SparkConf()
        func set(_ key: String, _ value: String) { conf[key] = value }

        set("spark.kubernetes.namespace", app.namespace)
        if let image = spec.image, !image.isEmpty { set("spark.kubernetes.container.image", image) }
        if let policy = spec.imagePullPolicy, !policy.isEmpty { set("spark.kubernetes.container.image.pullPolicy", policy) }
        if let secrets = spec.imagePullSecrets, !secrets.isEmpty {
            set("spark.kubernetes.container.image.pullSecrets", secrets.joined(separator: ","))
        }
        if let version = spec.pythonVersion, !version.isEmpty { set("spark.kubernetes.pyspark.pythonVersion", version) }
        if let factor = spec.memoryOverheadFactor, !factor.isEmpty { set("spark.kubernetes.memoryOverheadFactor", factor) }
        set("spark.kubernetes.submission.waitAppCompletion", "false")
        for (key, value) in (spec.sparkConf ?? [:]).sorted(by: { $0.key < $1.key }) where key != "spark.kubernetes.driver.pod.name" {
            set(key, value)
        }
        for (key, value) in (spec.hadoopConf ?? [:]).sorted(by: { $0.key < $1.key }) { set("spark.hadoop.\(key)", value) }
        set("spark.kubernetes.driver.pod.name", driverPodName)

        // Driver.
        let driver = spec.driver
        set("spark.kubernetes.driver.label.\(appNameLabel)", app.name)
        set("spark.kubernetes.driver.label.\(launchedByLabel)", "true")
        set("spark.kubernetes.driver.label.\(submissionIDLabel)", submissionID)
        if let image = driver.image ?? spec.image, !image.isEmpty { set("spark.kubernetes.driver.container.image", image) }
        if let cores = driver.cores { set("spark.driver.cores", "\(cores)") }
        if let request = driver.coreRequest { set("spark.kubernetes.driver.request.cores", request) }
        if let limit = driver.coreLimit { set("spark.kubernetes.driver.limit.cores", limit) }
        if let memory = driver.memory { set("spark.driver.memory", memory) }
        if let overhead = driver.memoryOverhead { set("spark.driver.memoryOverhead", overhead) }
        if let account = driver.serviceAccount { set("spark.kubernetes.authenticate.driver.serviceAccountName", account) }
        if let options = driver.javaOptions { set("spark.driver.extraJavaOptions", options) }
        if let master = driver.kubernetesMaster { set("spark.kubernetes.driver.master", master) }
        for (k, v) in podLabels(app) { set("spark.kubernetes.driver.label.\(k)", v) }
        for (k, v) in sorted(driver.labels) { set("spark.kubernetes.driver.label.\(k)", v) }
        for (k, v) in sorted(driver.annotations) { set("spark.kubernetes.driver.annotation.\(k)", v) }
        for (k, v) in sorted(driver.serviceLabels) { set("spark.kubernetes.driver.service.label.\(k)", v) }
        for (k, v) in sorted(driver.serviceAnnotations) { set("spark.kubernetes.driver.service.annotation.\(k)", v) }
        for (k, v) in (driver.envSecretKeyRefs ?? [:]).sorted(by: { $0.key < $1.key }) {
            set("spark.kubernetes.driver.secretKeyRef.\(k)", "\(v.name):\(v.key)")
        }
        for (k, v) in sorted(driver.envVars) { set("spark.kubernetes.driverEnv.\(k)", v) }
        for secret in driver.secrets ?? [] {
            set("spark.kubernetes.driver.secrets.\(secret.name)", secret.path)
            if let env = secretEnv(secret) { set("spark.kubernetes.driverEnv.\(env.name)", env.value) }
        }
        for (k, v) in try localDirVolumeConf(spec, role: "driver", mounts: driver.volumeMounts) { set(k, v) }
        // The operator's bookkeeping labels win over the application's labels (kubeflow lets
        // metadata.labels or spec.driver.labels override them, which hides the driver from its
        // operator or attributes it to another application).
        set("spark.kubernetes.driver.label.\(appNameLabel)", app.name)
        set("spark.kubernetes.driver.label.\(launchedByLabel)", "true")
        set("spark.kubernetes.driver.label.\(submissionIDLabel)", submissionID)

        // The executor pod template, always: it replaces kubeflow's webhook (path set by SparkSubmitConf).
        set("spark.kubernetes.executor.podTemplateContainerName", PodNames.executorContainer)

        // Executors.
        let executor = spec.executor
        set("spark.kubernetes.executor.label.\(appNameLabel)", app.name)
        set("spark.kubernetes.executor.label.\(launchedByLabel)", "true")
        set("spark.kubernetes.executor.label.\(submissionIDLabel)", submissionID)
        if let instances = executor.instances { set("spark.executor.instances", "\(instances)") }
        if let image = executor.image ?? spec.image, !image.isEmpty { set("spark.kubernetes.executor.container.image", image) }
        if let cores = executor.cores { set("spark.executor.cores", "\(cores)") }
        if let request = executor.coreRequest { set("spark.kubernetes.executor.request.cores", request) }
        if let limit = executor.coreLimit { set("spark.kubernetes.executor.limit.cores", limit) }
        if let memory = executor.memory { set("spark.executor.memory", memory) }
        if let overhead = executor.memoryOverhead { set("spark.executor.memoryOverhead", overhead) }
        if let account = executor.serviceAccount { set("spark.kubernetes.authenticate.executor.serviceAccountName", account) }
        if let delete = executor.deleteOnTermination { set("spark.kubernetes.executor.deleteOnTermination", "\(delete)") }
        for (k, v) in podLabels(app) { set("spark.kubernetes.executor.label.\(k)", v) }
        for (k, v) in sorted(executor.labels) { set("spark.kubernetes.executor.label.\(k)", v) }
        for (k, v) in sorted(executor.annotations) { set("spark.kubernetes.executor.annotation.\(k)", v) }
        for (k, v) in (executor.envSecretKeyRefs ?? [:]).sorted(by: { $0.key < $1.key }) {
            set("spark.kubernetes.executor.secretKeyRef.\(k)", "\(v.name):\(v.key)")
        }
        if let options = executor.javaOptions { set("spark.executor.extraJavaOptions", options) }
        for (k, v) in sorted(executor.envVars) { set("spark.executorEnv.\(k)", v) }
        for secret in executor.secrets ?? [] {
            set("spark.kubernetes.executor.secrets.\(secret.name)", secret.path)
            if let env = secretEnv(secret) { set("spark.executorEnv.\(env.name)", env.value) }
        }
        for (k, v) in try localDirVolumeConf(spec, role: "executor", mounts: executor.volumeMounts) { set(k, v) }
        set("spark.kubernetes.executor.label.\(appNameLabel)", app.name)
        set("spark.kubernetes.executor.label.\(launchedByLabel)", "true")
        set("spark.kubernetes.executor.label.\(submissionIDLabel)", submissionID)

        for (k, v) in sorted(spec.nodeSelector) { set("spark.kubernetes.node.selector.\(k)", v) }
        if let da = spec.dynamicAllocation, da.enabled == true {
            set("spark.dynamicAllocation.enabled", "true")
            if let n = da.initialExecutors { set("spark.dynamicAllocation.initialExecutors", "\(n)") }
            if let n = da.minExecutors { set("spark.dynamicAllocation.minExecutors", "\(n)") }
            if let n = da.maxExecutors { set("spark.dynamicAllocation.maxExecutors", "\(n)") }
            set("spark.dynamicAllocation.shuffleTracking.enabled", "\(da.shuffleTrackingEnabled ?? true)")
            if let t = da.shuffleTrackingTimeout { set("spark.dynamicAllocation.shuffleTracking.timeout", "\(t)") }
        }

        // Flags that become properties; they win over sparkConf.
        set("spark.app.name", app.name)
        let deps = spec.deps
        let flagKeys: [(key: String, values: [String]?)] = [
            ("spark.jars", deps?.jars), ("spark.jars.packages", deps?.packages), ("spark.jars.excludes", deps?.excludePackages),
            ("spark.jars.repositories", deps?.repositories), ("spark.submit.pyFiles", deps?.pyFiles),
            ("spark.files", deps?.files), ("spark.archives", deps?.archives),
        ]
        for (key, values) in flagKeys {
            if let values, !values.isEmpty { set(key, values.joined(separator: ",")) }
        }
        return conf
    }

    /// `GOOGLE_APPLICATION_CREDENTIALS=<path>/key.json` for GCP service account secrets,
    /// `HADOOP_TOKEN_FILE_LOCATION=<path>/hadoop.token` for Hadoop delegation tokens.
    static func secretEnv(_ secret: SecretInfo) -> (name: String, value: String)? {
        switch secret.secretType {
        case .gcpServiceAccount?: return ("GOOGLE_APPLICATION_CREDENTIALS", joinPath(secret.path, "key.json"))
        case .hadoopDelegationToken?: return ("HADOOP_TOKEN_FILE_LOCATION", joinPath(secret.path, "hadoop.token"))
        default: return nil
        }
    }

    /// Go's `filepath.Join` for an absolute or relative directory and a file name (slashes collapsed).
    static func joinPath(_ dir: String, _ file: String) -> String {
        var parts = dir.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        parts.append(file)
        return (dir.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// `spark.kubernetes.<role>.volumes.<type>.<name>.{mount.path,mount.subPath,mount.readOnly,options.*}`
    /// for the role's `spark-local-dir-*` mounts (kubeflow `driverVolumeMountsOption`): emptyDir
    /// (`sizeLimit`, `medium`), hostPath (`path`, `type`), nfs (`path`, `server`, `readOnly`),
    /// persistentVolumeClaim (`claimName`, `readOnly`). A mount without its volume in
    /// `spec.volumes`, or of another volume type, fails the submission as in kubeflow.
    static func localDirVolumeConf(_ spec: SparkApplicationSpec, role: String, mounts: [JSONValue]?) throws(SubmissionError) -> [(String, String)] {
        var out: [(String, String)] = []
        let volumes = spec.volumes ?? []
        for (i, mount) in (mounts ?? []).enumerated() {
            guard let name = mount["name"]?.stringValue, name.hasPrefix(localDirPrefix) else { continue }
            let field = "spec.\(role).volumeMounts[\(i)]"
            guard let volume = volumes.first(where: { $0["name"]?.stringValue == name }) else {
                throw .invalidValue(field: field, value: name, message: "volume \(name) not found in spec.volumes")
            }
            let type: String
            var options: [(String, String)] = []
            if let source = volume["emptyDir"] {
                type = "emptyDir"
                if let size = source["sizeLimit"] { options.append(("sizeLimit", try quantityString(size, field: "spec.volumes[\(name)].emptyDir.sizeLimit"))) }
                if let medium = source["medium"]?.stringValue, !medium.isEmpty { options.append(("medium", medium)) }
            } else if let source = volume["hostPath"] {
                type = "hostPath"
                options.append(("path", source["path"]?.stringValue ?? ""))
                if let t = source["type"]?.stringValue { options.append(("type", t)) }
            } else if let source = volume["nfs"] {
                type = "nfs"
                options.append(("path", source["path"]?.stringValue ?? ""))
                options.append(("server", source["server"]?.stringValue ?? ""))
                if source["readOnly"]?.boolValue == true { options.append(("readOnly", "true")) }
            } else if let source = volume["persistentVolumeClaim"] {
                type = "persistentVolumeClaim"
                options.append(("claimName", source["claimName"]?.stringValue ?? ""))
                if source["readOnly"]?.boolValue == true { options.append(("readOnly", "true")) }
            } else {
                throw .unsupported(field: "spec.volumes[\(name)]", value: name,
                                   message: "a spark-local-dir-* volume must be emptyDir, hostPath, nfs or persistentVolumeClaim")
            }
            let prefix = "spark.kubernetes.\(role).volumes.\(type).\(name)"
            if let path = mount["mountPath"]?.stringValue, !path.isEmpty { out.append(("\(prefix).mount.path", path)) }
            if let sub = mount["subPath"]?.stringValue, !sub.isEmpty { out.append(("\(prefix).mount.subPath", sub)) }
            if mount["readOnly"]?.boolValue == true { out.append(("\(prefix).mount.readOnly", "true")) }
            for (k, v) in options { out.append(("\(prefix).options.\(k)", v)) }
        }
        return out
    }

    /// A quantity as Go's `Quantity.String()` writes it (canonical form).
    static func quantityString(_ value: JSONValue, field: String) throws(SubmissionError) -> String {
        let text = value.stringValue ?? value.intValue.map { "\($0)" } ?? value.doubleValue.map { "\($0)" } ?? ""
        do {
            return try Quantity(parsing: text).description
        } catch {
            throw .invalidValue(field: field, value: text, message: "not a quantity such as 1Gi")
        }
    }

    /// The application's labels that its pods carry: all but Kueue's (`kueue.x-k8s.io/*`), which
    /// kubeflow keeps off the pods so Kueue does not manage them as workloads of their own.
    static func podLabels(_ app: SparkApplication) -> [(key: String, value: String)] {
        sorted(app.metadata.labels).filter { !$0.key.hasPrefix("kueue.x-k8s.io/") }
    }

    private static func sorted(_ map: [String: String]?) -> [(key: String, value: String)] {
        (map ?? [:]).sorted { $0.key < $1.key }
    }
}
