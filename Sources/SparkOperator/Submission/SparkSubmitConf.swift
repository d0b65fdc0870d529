import SparkOperatorAPI

/// What spark-submit 3.5 (cluster mode) adds to the configuration before writing
/// `spark.properties`: `SparkSubmit.prepareSubmitEnvironment` and the system properties of the
/// driver feature steps (`BasicDriverFeatureStep`, `DriverServiceFeatureStep`,
/// `PodTemplateConfigMapStep`). Also checks what spark-submit would reject.
struct SparkSubmitConf {
    var conf: SparkConf
    /// The `--class` of the driver container (the application's, or Python/R runner).
    var mainClass: String
    /// The primary resource as the driver receives it.
    var primaryResource: String
    var resource: SparkAppResource
    var driverPort: Int32
    /// The block manager port of the Service and of `spark.driver.blockManager.port`.
    var blockManagerPort: Int32
    /// The block manager port of the driver container: `BasicDriverFeatureStep` falls back to
    /// `spark.blockManager.port`, the Service step does not.
    var containerBlockManagerPort: Int32
    var uiPort: Int32

    /// Keys spark-submit reads from the submitter's disk; the pod templates are given in the spec.
    static let fileKeys: [String: String] = [
        "spark.kubernetes.driver.podTemplateFile": "set spec.driver.template instead",
        "spark.kubernetes.executor.podTemplateFile": "set spec.executor.template instead",
        "spark.kubernetes.kerberos.krb5.path": "mount krb5.conf with spark.kubernetes.kerberos.krb5.configMapName or a ConfigMap instead",
    ]

    init(
        kubeflow: SparkConf, app: SparkApplication, identity: SubmissionIdentity, driverServiceName: String,
        options: SubmissionOptions
    ) throws(SubmissionError) {
        var conf = kubeflow
        let spec = app.spec
        for key in Self.fileKeys.keys.sorted() where spec.sparkConf?[key] != nil {
            throw .unsupported(field: "spec.sparkConf[\(key)]", value: spec.sparkConf?[key] ?? "",
                               message: "a file on the submitter's disk, which this operator cannot read: \(Self.fileKeys[key] ?? "")")
        }
        if let keytab = conf["spark.kerberos.keytab"], !keytab.hasPrefix("local:") {
            throw .unsupported(field: "spec.sparkConf[spark.kerberos.keytab]", value: keytab,
                               message: "spark-submit would upload this keytab from its disk into a Secret; "
                                   + "mount it from a Secret (spec.driver.secrets) and give its local:// path")
        }
        if let bind = conf["spark.driver.bindAddress"] {
            throw .invalidValue(field: "spec.sparkConf[spark.driver.bindAddress]", value: bind,
                                message: "not supported on Kubernetes: the driver binds to its pod's IP address")
        }
        guard let file = spec.mainApplicationFile, !file.isEmpty else {
            throw .invalidValue(field: "spec.mainApplicationFile", value: "", message: "required")
        }
        resource = SparkAppResource(spec: spec)
        try Self.checkRemote(file, field: "spec.mainApplicationFile")

        conf["spark.master"] = options.master
        conf["spark.submit.deployMode"] = "cluster"
        switch resource {
        case .python: mainClass = PodNames.pythonRunner
        case .r: mainClass = PodNames.rRunner
        case .jvm:
            guard let main = spec.mainClass, !main.isEmpty else {
                throw .invalidValue(field: "spec.mainClass", value: "",
                                    message: "required for a JVM application (spark-submit cannot read the manifest of a jar that is not on its disk)")
            }
            mainClass = main
        }
        primaryResource = file
        // SparkSubmit: the primary jar joins spark.jars; paths are resolved; pyFiles always set.
        if resource == .jvm { conf["spark.jars"] = (conf.list("spark.jars") + [file]).joined(separator: ",") }
        for key in ["spark.jars", "spark.files", "spark.archives", "spark.submit.pyFiles"] {
            for entry in conf.list(key) where key != "spark.jars" || entry != file {
                try Self.checkRemote(entry, field: Self.field(for: key, app: spec))
            }
        }
        conf["spark.submit.pyFiles"] = conf.list("spark.submit.pyFiles").joined(separator: ",")
        conf["spark.kubernetes.resource.type"] = resource == .jvm ? "java" : resource.rawValue
        // Cluster mode ignores spark.driver.host (SparkSubmit removes it; the Service step sets it).
        conf.remove("spark.driver.host")

        // BasicDriverFeatureStep.
        conf["spark.app.id"] = identity.sparkAppID
        conf["spark.kubernetes.submitInDriver"] = "true"
        let factorKey = "spark.kubernetes.memoryOverheadFactor"
        var factor = resource.isJVM ? SparkMemory.jvmOverheadFactor : SparkMemory.nonJVMOverheadFactor
        if let raw = conf[factorKey] {
            do {
                factor = try SparkMemory.overheadFactor(raw)
            } catch {
                let field = spec.sparkConf?[factorKey] == nil ? "spec.memoryOverheadFactor" : "spec.sparkConf[\(factorKey)]"
                throw .invalidValue(field: field, value: raw, message: error.explanation)
            }
        }
        conf[factorKey] = Self.javaDoubleString(factor)

        // DriverServiceFeatureStep.
        driverPort = try conf.int("spark.driver.port", default: PodNames.defaultDriverPort)
        blockManagerPort = try conf.int("spark.driver.blockManager.port", default: PodNames.defaultBlockManagerPort)
        containerBlockManagerPort = try conf.int(
            "spark.driver.blockManager.port", default: try conf.int("spark.blockManager.port", default: PodNames.defaultBlockManagerPort))
        uiPort = try conf.int("spark.ui.port", default: PodNames.defaultUIPort)
        conf["spark.driver.host"] = "\(driverServiceName).\(app.namespace).svc"
        conf["spark.driver.port"] = "\(driverPort)"
        conf["spark.driver.blockManager.port"] = "\(blockManagerPort)"

        // PodTemplateConfigMapStep: the executor template as mounted in the driver.
        conf["spark.kubernetes.executor.podTemplateFile"] = PodNames.podTemplatePath

        // Ours: where the driver reaches the API server (Spark's default is https://kubernetes.default.svc).
        conf.setIfMissing("spark.kubernetes.driver.master", options.effectiveDriverMasterURL)
        self.conf = conf
    }

    /// A dependency spark-submit would upload from its own disk (`isLocalAndResolvable`: no
    /// scheme, or `file:`) cannot be submitted here.
    static func checkRemote(_ uri: String, field: String) throws(SubmissionError) {
        let scheme = uri.firstIndex(of: ":").map { String(uri[..<$0]) }
        let hasScheme = scheme.map { s in !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) } && s.first!.isLetter } ?? false
        if !hasScheme || scheme?.lowercased() == "file" {
            throw .unsupported(
                field: field, value: uri,
                message: "a file on the submitter's disk, which spark-submit would upload to spark.kubernetes.file.upload.path; "
                    + "use local:// for a file in the image (e.g. local:///opt/spark/jars/app.jar) or a remote URL (s3a://, gs://, https://)")
        }
    }

    private static func field(for key: String, app spec: SparkApplicationSpec) -> String {
        let deps: [String: (String, [String]?)] = [
            "spark.jars": ("jars", spec.deps?.jars), "spark.files": ("files", spec.deps?.files),
            "spark.archives": ("archives", spec.deps?.archives), "spark.submit.pyFiles": ("pyFiles", spec.deps?.pyFiles),
        ]
        if let (name, values) = deps[key], let values, !values.isEmpty { return "spec.deps.\(name)" }
        return "spec.sparkConf[\(key)]"
    }

    /// Java's `Double.toString` for the values an overhead factor takes: decimal notation with at
    /// least one fractional digit in [10⁻³, 10⁷), computerized scientific notation (`1.0E-4`) outside.
    static func javaDoubleString(_ d: Double) -> String {
        if d == 0 { return "0.0" }
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            let s = "\(d)"
            return s.contains(".") || s.contains("e") ? s : s + ".0"
        }
        let exponent = Int(magnitude.log10Floor)
        var mantissa = d / pow10(exponent)
        if abs(mantissa) >= 10 { mantissa /= 10 }
        var m = "\(mantissa)"
        if !m.contains(".") { m += ".0" }
        return "\(m)E\(exponent)"
    }

    private static func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }
}

extension Double {
    fileprivate var log10Floor: Double {
        var e = 0.0
        var v = self
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }
}
