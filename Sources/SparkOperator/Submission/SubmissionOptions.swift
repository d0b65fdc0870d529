import SparkOperatorAPI

/// Operator-wide settings that shape every submission (from the operator's flags; kubeflow's
/// controller flags of the same names).
public struct SubmissionOptions: Sendable, Hashable {
    /// `spark.master` as spark-submit writes it: `k8s://` and the API server URL as the operator
    /// sees it. kubeflow uses `k8s://https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`.
    public var master: String
    /// `spark.kubernetes.driver.master`: the API server as the driver pod reaches it. Nil derives
    /// it from `master` (the URL after `k8s://`, `https://` when it has no scheme). A
    /// `spec.driver.kubernetesMaster` wins over both.
    public var driverMasterURL: String?
    /// `SPARK_USER` of the driver when `spec.proxyUser` is unset: spark-submit writes the user it
    /// runs as (`Utils.getCurrentUserName()`), which is `spark` (uid 185) in kubeflow's image.
    public var sparkUser: String
    /// `--enable-ui-service`: create `<app>-ui-svc`.
    public var enableUIService: Bool
    /// `--ingress-url-format`: create `<app>-ui-ingress` with this URL template.
    public var ingressURLFormat: String?
    /// `--ingress-class-name`.
    public var ingressClassName: String?
    /// `--ingress-tls` (`[]networkingv1.IngressTLS`), used when `sparkUIOptions.ingressTLS` is empty.
    public var ingressTLS: [JSONValue]?
    /// `--ingress-annotations`, under the application's `sparkUIOptions.ingressAnnotations`.
    public var ingressAnnotations: [String: String]?
    /// `--enable-batch-scheduler`.
    public var enableBatchScheduler: Bool
    /// `--kube-scheduler-names`: scheduler-plugins schedulers (PodGroup `<app>-pg`).
    public var kubeSchedulerNames: [String]
    /// `--default-batch-scheduler`, for applications without `spec.batchScheduler`.
    public var defaultBatchScheduler: String?

    public init(
        master: String = "k8s://https://kubernetes.default.svc:443", driverMasterURL: String? = nil,
        sparkUser: String = "spark", enableUIService: Bool = true, ingressURLFormat: String? = nil,
        ingressClassName: String? = nil, ingressTLS: [JSONValue]? = nil, ingressAnnotations: [String: String]? = nil,
        enableBatchScheduler: Bool = false, kubeSchedulerNames: [String] = [], defaultBatchScheduler: String? = nil
    ) {
        self.master = master
        self.driverMasterURL = driverMasterURL
        self.sparkUser = sparkUser
        self.enableUIService = enableUIService
        self.ingressURLFormat = ingressURLFormat
        self.ingressClassName = ingressClassName
        self.ingressTLS = ingressTLS
        self.ingressAnnotations = ingressAnnotations
        self.enableBatchScheduler = enableBatchScheduler
        self.kubeSchedulerNames = kubeSchedulerNames
        self.defaultBatchScheduler = defaultBatchScheduler
    }

    /// The driver's API server URL: `driverMasterURL`, else `master` without `k8s://` (as
    /// Spark's `KubernetesUtils.parseMasterUrl` reads it: `https://` when no scheme is given).
    public var effectiveDriverMasterURL: String {
        if let url = driverMasterURL, !url.isEmpty { return url }
        var url = master.hasPrefix("k8s://") ? String(master.dropFirst("k8s://".count)) : master
        if !url.contains("://") { url = "https://" + url }
        return url
    }
}
