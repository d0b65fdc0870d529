import SparkOperatorAPI

/// Names of the objects a submission creates, as kubeflow and Spark name them, kept within the
/// 63-character limit of DNS labels deterministically.
public enum ResourceNames {
    /// The longest DNS-1123/1035 label.
    public static let maxLabelLength = 63

    /// `<name>-<suffix>` when it fits in 63 characters, else kubeflow's `generateName` shape
    /// `<name truncated>-<8 hex>-<suffix>`, 63 characters long, where the 8 hex digits start the
    /// SHA-256 of the full `<name>-<suffix>` (kubeflow uses MD5; the hash differs, the shape and
    /// the determinism do not). A trailing `-` of the truncated part is kept, as kubeflow does.
    public static func shortened(_ name: String, suffix: String) -> String {
        let preferred = "\(name)-\(suffix)"
        if preferred.utf8.count <= maxLabelLength { return preferred }
        let keep = max(0, maxLabelLength - suffix.utf8.count - 10)
        let hash = String(SHA256.hexDigest(preferred).prefix(8))
        return "\(String(decoding: Array(name.utf8.prefix(keep)), as: UTF8.self))-\(hash)-\(suffix)"
    }

    /// kubeflow `GetDriverPodName`: `spec.driver.podName`, else sparkConf
    /// `spark.kubernetes.driver.pod.name`, else `<app>-driver` (empty values are skipped).
    public static func driverPod(app: String, spec: SparkApplicationSpec) -> String {
        if let name = spec.driver.podName, !name.isEmpty { return name }
        if let name = spec.sparkConf?["spark.kubernetes.driver.pod.name"], !name.isEmpty { return name }
        return "\(app)-driver"
    }

    /// The UI Service, `<app>-ui-svc`.
    public static func uiService(app: String) -> String { shortened(app, suffix: "ui-svc") }
    /// The UI Ingress, `<app>-ui-ingress`.
    public static func uiIngress(app: String) -> String { shortened(app, suffix: "ui-ingress") }
    /// The Service of a `driverIngressOptions` entry, `<app>-driver-<port>`.
    public static func driverIngressService(app: String, port: Int32) -> String { shortened(app, suffix: "driver-\(port)") }
    /// The Ingress of a `driverIngressOptions` entry, `<app>-ing-<port>`.
    public static func driverIngress(app: String, port: Int32) -> String { shortened(app, suffix: "ing-\(port)") }
    /// The Prometheus ConfigMap, `<app>-prom-conf`.
    public static func prometheusConfigMap(app: String) -> String { shortened(app, suffix: "prom-conf") }
    /// The volume of the Prometheus ConfigMap in the pods, `<app>-prom-conf-vol`.
    public static func prometheusVolume(app: String) -> String { shortened(app, suffix: "prom-conf-vol") }
    /// The volcano PodGroup, `spark-<app>-pg`.
    public static func volcanoPodGroup(app: String) -> String { "spark-\(app)-pg" }
    /// The scheduler-plugins PodGroup, `<app>-pg`.
    public static func schedulerPluginsPodGroup(app: String) -> String { "\(app)-pg" }

    /// Spark's `KubernetesConf.getResourceNamePrefix`: `<app>-<id>`, lowercased, every character
    /// other than `a-z 0-9 -` replaced by `-`, runs of `-` collapsed.
    public static func resourceNamePrefix(app: String, resourceID: String) -> String {
        sanitized("\(app)-\(resourceID)".trimmingJavaWhitespace())
    }

    /// The headless driver Service (`DriverServiceFeatureStep`): `<prefix>-driver-svc`, or
    /// `spark-<id>-driver-svc` when that exceeds 63 characters.
    public static func driverService(app: String, resourceID: String) -> String {
        let preferred = "\(resourceNamePrefix(app: app, resourceID: resourceID))-driver-svc"
        return preferred.utf8.count <= maxLabelLength ? preferred : "spark-\(resourceID)-driver-svc"
    }

    /// The driver ConfigMap (`KubernetesClientUtils.configMapNameDriver`): `spark-drv-<id>-conf-map`.
    public static func driverConfigMap(resourceID: String) -> String { "spark-drv-\(resourceID)-conf-map" }

    /// Spark's `spark-app-name` label value (`KubernetesConf.getAppNameLabel`): the sanitized
    /// name cut to 63 characters.
    public static func appNameLabel(_ app: String) -> String {
        String(sanitized(app.trimmingJavaWhitespace()).prefix(maxLabelLength))
    }

    /// A ConfigMap's volume name in a pod: kubeflow's `<name>-vol` when that is a valid DNS label;
    /// otherwise (a `.` in the name, or longer than 63 characters, which kubeflow cuts without a
    /// hash) `<sanitized name>-<8 hex>-vol`, where the hash of the original keeps distinct
    /// ConfigMaps apart.
    public static func configMapVolume(_ configMap: String) -> String {
        let name = "\(configMap)-vol"
        if name.utf8.count <= maxLabelLength && sanitized(name) == name && !name.hasPrefix("-") { return name }
        var body = sanitized(configMap)
        while body.hasPrefix("-") { body.removeFirst() }
        let hash = String(SHA256.hexDigest(name).prefix(8))
        body = String(body.prefix(maxLabelLength - 4 - 9)).trimmingTrailingDashes()
        return body.isEmpty ? "cm-\(hash)-vol" : "\(body)-\(hash)-vol"
    }

    static func sanitized(_ s: String) -> String {
        var out = ""
        var lastDash = false
        for ch in s.lowercased() {
            let ok = ("a"..."z").contains(ch) || ("0"..."9").contains(ch)
            if ok {
                out.append(ch)
                lastDash = false
            } else if !lastDash {
                out.append("-")
                lastDash = true
            }
        }
        return out
    }
}

extension String {
    /// Java's `String.trim()`: drops characters up to U+0020 at both ends.
    func trimmingJavaWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } }
        let start = firstIndex(where: { !isSpace($0) }) ?? endIndex
        let end = self[start...].lastIndex(where: { !isSpace($0) }).map { index(after: $0) } ?? start
        return String(self[start..<end])
    }

    func trimmingTrailingDashes() -> String {
        var s = self
        while s.hasSuffix("-") { s.removeLast() }
        return s
    }
}
