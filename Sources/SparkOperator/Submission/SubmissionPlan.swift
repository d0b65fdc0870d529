import Kube
import SparkOperatorAPI

/// Everything one submission attempt creates, each object with a controller owner reference to
/// the SparkApplication. Create in this order: `configMap`, `monitoringConfigMap`, `podGroup`,
/// `driverService`, `driverPod`, then the UI and driver-ingress Services and Ingresses (kubeflow
/// creates those once the application is SUBMITTED; creating them with the driver is fine too).
public struct SubmissionPlan: Sendable, Hashable {
    /// `status.submissionID`, also label `sparkoperator.k8s.io/submission-id` on every pod.
    public var submissionID: String
    /// `spark.app.id`, label `spark-app-selector` of the driver and its executors.
    public var sparkAppID: String
    /// `status.driverInfo.podName`.
    public var driverPodName: String
    /// The driver's ConfigMap (immutable): `spark.properties`, the executor pod template
    /// (`podspec-configmap-key`) and `spark.kubernetes.namespace`, as spark-submit writes them.
    public var configMap: ConfigMap
    public var driverPod: Pod
    /// The headless driver Service the executors reach the driver through.
    public var driverService: KubeService
    /// `<app>-ui-svc` (with `--enable-ui-service`).
    public var uiService: KubeService?
    /// `<app>-ui-ingress` (with `--ingress-url-format`).
    public var uiIngress: Ingress?
    /// One per `driverIngressOptions` entry: `<app>-driver-<port>`.
    public var driverIngressServices: [KubeService]
    /// One per `driverIngressOptions` entry with a URL format: `<app>-ing-<port>`.
    public var driverIngresses: [Ingress]
    /// `<app>-prom-conf` (Prometheus monitoring).
    public var monitoringConfigMap: ConfigMap?
    /// A volcano (`scheduling.volcano.sh/v1beta1`) or scheduler-plugins (`scheduling.x-k8s.io/v1alpha1`) PodGroup.
    public var podGroup: JSONValue?
    /// The resolved Spark configuration written to `spark.properties`.
    public var sparkProperties: [String: String]
    /// The executor pod template written to the ConfigMap.
    public var executorPodTemplate: JSONValue
    /// What kubeflow records in `status.driverInfo` at submission: pod name, UI Service name and
    /// port, UI Ingress name and URL (the address is known only once the Service has a cluster IP).
    public var driverInfo: DriverInfo

    public init(
        submissionID: String, sparkAppID: String, driverPodName: String, configMap: ConfigMap, driverPod: Pod,
        driverService: KubeService, uiService: KubeService?, uiIngress: Ingress?, driverIngressServices: [KubeService],
        driverIngresses: [Ingress], monitoringConfigMap: ConfigMap?, podGroup: JSONValue?, sparkProperties: [String: String],
        executorPodTemplate: JSONValue, driverInfo: DriverInfo
    ) {
        self.submissionID = submissionID
        self.sparkAppID = sparkAppID
        self.driverPodName = driverPodName
        self.configMap = configMap
        self.driverPod = driverPod
        self.driverService = driverService
        self.uiService = uiService
        self.uiIngress = uiIngress
        self.driverIngressServices = driverIngressServices
        self.driverIngresses = driverIngresses
        self.monitoringConfigMap = monitoringConfigMap
        self.podGroup = podGroup
        self.sparkProperties = sparkProperties
        self.executorPodTemplate = executorPodTemplate
        self.driverInfo = driverInfo
    }
}
