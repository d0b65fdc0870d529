/// Fixed names and paths of Spark's pods (Spark `Constants.scala`, kubeflow `pkg/common`).
enum PodNames {
    static let driverContainer = "spark-kubernetes-driver"
    static let executorContainer = "spark-kubernetes-executor"
    /// The driver's configuration volume and where it is mounted (`SPARK_CONF_DIR_INTERNAL`).
    static let confVolume = "spark-conf-volume-driver"
    static let confDir = "/opt/spark/conf"
    static let propertiesKey = "spark.properties"
    static let propertiesPath = "/opt/spark/conf/spark.properties"
    /// `PodTemplateConfigMapStep`: the executor template's volume, key, file and mount path.
    static let podTemplateVolume = "pod-template-volume"
    static let podTemplateKey = "podspec-configmap-key"
    static let podTemplateFile = "pod-spec-template.yml"
    static let podTemplateDir = "/opt/spark/pod-template"
    static var podTemplatePath: String { "\(podTemplateDir)/\(podTemplateFile)" }
    /// kubeflow's ConfigMap volumes and mount points.
    static let sparkConfigMapVolume = "spark-configmap-volume"
    static let sparkConfigMapDir = "/etc/spark/conf"
    static let hadoopConfigMapVolume = "hadoop-configmap-volume"
    static let hadoopConfigMapDir = "/etc/hadoop/conf"
    /// Spark's default ports.
    static let defaultDriverPort: Int32 = 7078
    static let defaultBlockManagerPort: Int32 = 7079
    static let defaultUIPort: Int32 = 4040
    /// Main classes spark-submit uses for Python and R applications.
    static let pythonRunner = "org.apache.spark.deploy.PythonRunner"
    static let rRunner = "org.apache.spark.deploy.RRunner"
}
