import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// kubeflow's Prometheus monitoring with its defaults.
@Suite struct MonitoringTests {
    typealias F = SubmissionFixture

    static func app(driver: Bool = true, executor: Bool = true, _ configure: (inout MonitoringSpec) -> Void = { _ in }) -> SparkApplication {
        F.app { spec in
            var monitoring = MonitoringSpec(exposeDriverMetrics: driver, exposeExecutorMetrics: executor)
            monitoring.prometheus = PrometheusSpec(jmxExporterJar: "/prometheus/jmx.jar")
            configure(&monitoring)
            spec.monitoring = monitoring
            spec.driver.javaOptions = "-Xss4m"
        }
    }

    @Test func defaults() throws {
        let plan = try F.plan(Self.app())
        let cm = try #require(plan.monitoringConfigMap)
        #expect(cm.name == "pi-prom-conf")
        #expect(cm.data == ["metrics.properties": PrometheusDefaults.metricsProperties, "prometheus.yaml": PrometheusDefaults.configuration])
        #expect(cm.metadata.labels?["sparkoperator.k8s.io/created-by-spark-operator"] == "true")
        #expect(PrometheusDefaults.metricsProperties.hasPrefix("\n*.sink.jmx.class=org.apache.spark.metrics.sink.JmxSink\n"))
        #expect(PrometheusDefaults.configuration.hasPrefix("\nlowercaseOutputName: true\nattrNameSnakeCase: true\nrules:\n  - pattern: "))
        #expect(PrometheusDefaults.configuration.hasSuffix("      executor_id: \"$3\"\n"))

        let p = plan.sparkProperties
        let agent = "-javaagent:/prometheus/jmx.jar=8090:/etc/metrics/conf/prometheus.yaml"
        #expect(p["spark.driver.extraJavaOptions"] == "-Xss4m " + agent)
        #expect(p["spark.executor.extraJavaOptions"] == agent)
        #expect(p["spark.metrics.namespace"] == "ns.pi")
        #expect(p["spark.metrics.conf"] == "/etc/metrics/conf/metrics.properties")
        for role in ["driver", "executor"] {
            #expect(p["spark.kubernetes.\(role).annotation.prometheus.io/scrape"] == "true")
            #expect(p["spark.kubernetes.\(role).annotation.prometheus.io/port"] == "8090")
            #expect(p["spark.kubernetes.\(role).annotation.prometheus.io/path"] == "/metrics")
        }
        let driver = try F.json(plan.driverPod)
        #expect(driver["metadata"]?["annotations"]?["prometheus.io/port"] == "8090")
        for pod in [driver, plan.executorPodTemplate] {
            let container = try F.container(pod)
            #expect(container["ports"]?.arrayValue?.contains(["name": "jmx-exporter", "containerPort": 8090, "protocol": "TCP"]) == true)
            #expect(container["volumeMounts"]?.arrayValue?.contains(["name": "pi-prom-conf-vol", "readOnly": true, "mountPath": "/etc/metrics/conf"]) == true)
            #expect(pod["spec"]?["volumes"]?.arrayValue?.contains(["name": "pi-prom-conf-vol", "configMap": ["name": "pi-prom-conf"]]) == true)
        }
    }

    @Test func onlyExposedRoles() throws {
        let plan = try F.plan(Self.app(driver: true, executor: false))
        #expect(plan.sparkProperties["spark.executor.extraJavaOptions"] == nil)
        #expect(plan.sparkProperties["spark.kubernetes.executor.annotation.prometheus.io/scrape"] == nil)
        #expect(try F.container(plan.executorPodTemplate)["ports"] == nil)
        #expect(try F.container(try F.json(plan.driverPod))["ports"]?.arrayValue?.count == 4)
    }

    @Test func customPortConfigurationAndFiles() throws {
        let plan = try F.plan(Self.app {
            $0.prometheus?.port = 9100
            $0.prometheus?.portName = "metrics"
            $0.prometheus?.configuration = "rules: []"
            $0.metricsProperties = "*.sink.console.class=org.apache.spark.metrics.sink.ConsoleSink"
        })
        #expect(plan.monitoringConfigMap?.data == ["metrics.properties": "*.sink.console.class=org.apache.spark.metrics.sink.ConsoleSink",
                                                   "prometheus.yaml": "rules: []"])
        #expect(plan.sparkProperties["spark.executor.extraJavaOptions"] == "-javaagent:/prometheus/jmx.jar=9100:/etc/metrics/conf/prometheus.yaml")
        #expect(try F.container(plan.executorPodTemplate)["ports"] == [["name": "metrics", "containerPort": 9100, "protocol": "TCP"]])

        // Files in the image: no ConfigMap entry for them; with both, no ConfigMap and no volume.
        let oneFile = try F.plan(Self.app { $0.metricsPropertiesFile = "/opt/metrics.properties" })
        #expect(oneFile.monitoringConfigMap?.data?.keys.sorted() == ["prometheus.yaml"])
        #expect(oneFile.sparkProperties["spark.metrics.conf"] == "/opt/metrics.properties")
        let both = try F.plan(Self.app { $0.metricsPropertiesFile = "/opt/metrics.properties"; $0.prometheus?.configFile = "/opt/jmx.yaml" })
        #expect(both.monitoringConfigMap == nil)
        #expect(both.sparkProperties["spark.executor.extraJavaOptions"] == "-javaagent:/prometheus/jmx.jar=8090:/opt/jmx.yaml")
        #expect(try F.container(both.executorPodTemplate)["volumeMounts"] == nil)
        #expect(try F.container(both.executorPodTemplate)["ports"] == nil)
    }

    @Test func monitoringWithoutPrometheusChangesNothing() throws {
        let plain = try F.plan(F.app())
        let plan = try F.plan(F.app { $0.monitoring = MonitoringSpec(exposeDriverMetrics: true, exposeExecutorMetrics: true) })
        #expect(plan.monitoringConfigMap == nil)
        #expect(plan.sparkProperties == plain.sparkProperties)
    }
}
