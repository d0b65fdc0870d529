import Kube
import SparkOperatorAPI

/// kubeflow's Prometheus monitoring (`configPrometheusMonitoring`, and `addPrometheusConfig` of
/// its pod webhook). It applies only when `spec.monitoring.prometheus` is set; a `monitoring`
/// block without `prometheus` changes nothing, as in kubeflow.
///
/// - ConfigMap `<app>-prom-conf` with `metrics.properties` (unless `metricsPropertiesFile` is set)
///   and `prometheus.yaml` (unless `prometheus.configFile` is set); none when both are set.
/// - sparkConf `spark.metrics.namespace=<namespace>.<app>` and `spark.metrics.conf` (the
///   ConfigMap's file, or `metricsPropertiesFile`).
/// - For each exposed role: the JMX exporter java agent
///   `-javaagent:<jar>=<port>:/etc/metrics/conf/prometheus.yaml` (or `configFile`) appended to
///   its `javaOptions`, and annotations `prometheus.io/scrape=true`, `prometheus.io/port`,
///   `prometheus.io/path=/metrics`.
/// - Pod side (see `PodCustomization`): the ConfigMap mounted read-only at `/etc/metrics/conf`
///   and container port `jmx-exporter` (TCP) on each exposed role.
enum PrometheusMonitoring {
    /// Whether Prometheus monitoring applies (`util.PrometheusMonitoringEnabled`).
    static func isEnabled(_ spec: SparkApplicationSpec) -> Bool { spec.monitoring?.prometheus != nil }

    /// Whether the operator's ConfigMap is created and mounted: not when both the metrics
    /// properties file and the exporter configuration come from the image.
    static func usesConfigMap(_ spec: SparkApplicationSpec) -> Bool {
        guard let monitoring = spec.monitoring, let prometheus = monitoring.prometheus else { return false }
        return !(nonEmpty(monitoring.metricsPropertiesFile) && nonEmpty(prometheus.configFile))
    }

    /// Applies kubeflow's changes to the spec before the Spark configuration is built.
    static func configure(_ spec: inout SparkApplicationSpec, app: String, namespace: String) {
        guard let monitoring = spec.monitoring, let prometheus = monitoring.prometheus else { return }
        let port = prometheus.effectivePort
        var javaOption = "-javaagent:\(prometheus.jmxExporterJar)=\(port):\(MonitoringSpec.configMountPath)/\(PrometheusDefaults.prometheusConfigKey)"
        if let file = prometheus.configFile, !file.isEmpty {
            javaOption = "-javaagent:\(prometheus.jmxExporterJar)=\(port):\(file)"
        }
        var conf = spec.sparkConf ?? [:]
        conf["spark.metrics.namespace"] = "\(namespace).\(app)"
        conf["spark.metrics.conf"] = "\(MonitoringSpec.configMountPath)/\(PrometheusDefaults.metricsPropertiesKey)"
        if let file = monitoring.metricsPropertiesFile, !file.isEmpty { conf["spark.metrics.conf"] = file }
        spec.sparkConf = conf

        let annotations = [
            "prometheus.io/scrape": "true", "prometheus.io/port": "\(port)", "prometheus.io/path": "/metrics",
        ]
        if monitoring.exposeDriverMetrics {
            spec.driver.annotations = (spec.driver.annotations ?? [:]).merging(annotations) { _, new in new }
            spec.driver.javaOptions = spec.driver.javaOptions.map { "\($0) \(javaOption)" } ?? javaOption
        }
        if monitoring.exposeExecutorMetrics {
            spec.executor.annotations = (spec.executor.annotations ?? [:]).merging(annotations) { _, new in new }
            spec.executor.javaOptions = spec.executor.javaOptions.map { "\($0) \(javaOption)" } ?? javaOption
        }
    }

    /// The `<app>-prom-conf` ConfigMap, or nil when it is not needed.
    static func configMap(spec: SparkApplicationSpec, app: SparkApplication, labels: [String: String]) -> ConfigMap? {
        guard usesConfigMap(spec), let monitoring = spec.monitoring, let prometheus = monitoring.prometheus else { return nil }
        var data: [String: String] = [:]
        if !nonEmpty(monitoring.metricsPropertiesFile) {
            data[PrometheusDefaults.metricsPropertiesKey] = monitoring.metricsProperties ?? PrometheusDefaults.metricsProperties
        }
        if !nonEmpty(prometheus.configFile) {
            data[PrometheusDefaults.prometheusConfigKey] = prometheus.configuration ?? PrometheusDefaults.configuration
        }
        return ConfigMap(
            metadata: ObjectMeta(
                name: ResourceNames.prometheusConfigMap(app: app.name), namespace: app.metadata.namespace,
                labels: labels, ownerReferences: [app.controllerReference()]),
            data: data)
    }

    private static func nonEmpty(_ s: String?) -> Bool { !(s ?? "").isEmpty }
}
