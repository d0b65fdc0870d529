/// kubeflow's defaults for Prometheus monitoring (`pkg/common/prometheus.go`), byte for byte.
public enum PrometheusDefaults {
    /// Key of the `metrics.properties` file in the `<app>-prom-conf` ConfigMap.
    public static let metricsPropertiesKey = "metrics.properties"
    /// Key of the JMX exporter configuration in the `<app>-prom-conf` ConfigMap.
    public static let prometheusConfigKey = "prometheus.yaml"

    /// `DefaultMetricsProperties`.
    public static let metricsProperties = """

        *.sink.jmx.class=org.apache.spark.metrics.sink.JmxSink
        driver.source.jvm.class=org.apache.spark.metrics.source.JvmSource
        executor.source.jvm.class=org.apache.spark.metrics.source.JvmSource
        """

    /// `DefaultPrometheusConfiguration` (JMX exporter rules).
    public static let configuration = #"""

        lowercaseOutputName: true
        attrNameSnakeCase: true
        rules:
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.(BlockManager|DAGScheduler|jvm)\.(\S+)><>Value
            name: spark_driver_$3_$4
            type: GAUGE
            labels:
              app_namespace: "$1"
              app_id: "$2"
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.(\S+)\.StreamingMetrics\.streaming\.(\S+)><>Value
            name: spark_streaming_driver_$4
            type: GAUGE
            labels:
              app_namespace: "$1"
              app_id: "$2"
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.spark\.streaming\.(\S+)\.(\S+)><>Value
            name: spark_structured_streaming_driver_$4
            type: GAUGE
            labels:
              app_namespace: "$1"
              app_id: "$2"
              query_name: "$3"
          - pattern: metrics<name=(\S+)\.(\S+)\.(\S+)\.executor\.(\S+)><>Value
            name: spark_executor_$4
            type: GAUGE
            labels:
              app_namespace: "$1"
              app_id: "$2"
              executor_id: "$3"
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.DAGScheduler\.(.*)><>Count
            name: spark_driver_DAGScheduler_$3_count
            type: COUNTER
            labels:
              app_namespace: "$1"
              app_id: "$2"
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.HiveExternalCatalog\.(.*)><>Count
            name: spark_driver_HiveExternalCatalog_$3_count
            type: COUNTER
            labels:
              app_namespace: "$1"
              app_id: "$2"
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.CodeGenerator\.(.*)><>Count
            name: spark_driver_CodeGenerator_$3_count
            type: COUNTER
            labels:
              app_namespace: "$1"
              app_id: "$2"
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.LiveListenerBus\.(.*)><>Count
            name: spark_driver_LiveListenerBus_$3_count
            type: COUNTER
            labels:
              app_namespace: "$1"
              app_id: "$2"
          - pattern: metrics<name=(\S+)\.(\S+)\.driver\.LiveListenerBus\.(.*)><>Value
            name: spark_driver_LiveListenerBus_$3
            type: GAUGE
            labels:
              app_namespace: "$1"
              app_id: "$2"
          - pattern: metrics<name=(\S+)\.(\S+)\.(.*)\.executor\.(.*)><>Count
            name: spark_executor_$4_count
            type: COUNTER
            labels:
              app_namespace: "$1"
              app_id: "$2"
              executor_id: "$3"
          - pattern: metrics<name=(\S+)\.(\S+)\.([0-9]+)\.(jvm|NettyBlockTransfer)\.(.*)><>Value
            name: spark_executor_$4_$5
            type: GAUGE
            labels:
              app_namespace: "$1"
              app_id: "$2"
              executor_id: "$3"
          - pattern: metrics<name=(\S+)\.(\S+)\.([0-9]+)\.HiveExternalCatalog\.(.*)><>Count
            name: spark_executor_HiveExternalCatalog_$4_count
            type: COUNTER
            labels:
              app_namespace: "$1"
              app_id: "$2"
              executor_id: "$3"
          - pattern: metrics<name=(\S+)\.(\S+)\.([0-9]+)\.CodeGenerator\.(.*)><>Count
            name: spark_executor_CodeGenerator_$4_count
            type: COUNTER
            labels:
              app_namespace: "$1"
              app_id: "$2"
              executor_id: "$3"

        """#
}
