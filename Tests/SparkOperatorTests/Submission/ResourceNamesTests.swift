import SparkOperator
import SparkOperatorAPI
import Testing

@Suite struct ResourceNamesTests {
    @Test func shortNamesAreKubeflows() {
        #expect(ResourceNames.uiService(app: "spark-pi") == "spark-pi-ui-svc")
        #expect(ResourceNames.uiIngress(app: "spark-pi") == "spark-pi-ui-ingress")
        #expect(ResourceNames.driverIngressService(app: "spark-pi", port: 4041) == "spark-pi-driver-4041")
        #expect(ResourceNames.driverIngress(app: "spark-pi", port: 4041) == "spark-pi-ing-4041")
        #expect(ResourceNames.prometheusConfigMap(app: "spark-pi") == "spark-pi-prom-conf")
        #expect(ResourceNames.volcanoPodGroup(app: "spark-pi") == "spark-spark-pi-pg")
        #expect(ResourceNames.schedulerPluginsPodGroup(app: "spark-pi") == "spark-pi-pg")
    }

    @Test func exactly63IsKept() {
        let app = String(repeating: "a", count: 63 - "-ui-svc".count)
        #expect(ResourceNames.uiService(app: app) == app + "-ui-svc")
        #expect(ResourceNames.uiService(app: app).count == 63)
    }

    @Test func longNamesAreShortenedWithAHash() throws {
        let app = String(repeating: "x", count: 60)
        let name = ResourceNames.uiService(app: app)
        #expect(name.count == 63)
        // kubeflow's shape: name[:63-len(suffix)-10]-<8 hex>-<suffix>.
        let match = try #require(name.wholeMatch(of: /(x{47})-([0-9a-f]{8})-ui-svc/))
        #expect(match.output.2 == SHA256.hexDigest(app + "-ui-svc").prefix(8))
        // Deterministic, and different names give different hashes.
        #expect(ResourceNames.uiService(app: app) == name)
        #expect(ResourceNames.uiService(app: String(repeating: "x", count: 59) + "y") != name)
        #expect(ResourceNames.uiIngress(app: app).count == 63)
    }

    @Test func driverPodNameOrder() {
        var spec = SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1")
        #expect(ResourceNames.driverPod(app: "pi", spec: spec) == "pi-driver")
        spec.sparkConf = ["spark.kubernetes.driver.pod.name": "from-conf"]
        #expect(ResourceNames.driverPod(app: "pi", spec: spec) == "from-conf")
        spec.driver.podName = "from-spec"
        #expect(ResourceNames.driverPod(app: "pi", spec: spec) == "from-spec")
        spec.driver.podName = ""
        #expect(ResourceNames.driverPod(app: "pi", spec: spec) == "from-conf")
    }

    @Test func sparkNames() {
        #expect(ResourceNames.resourceNamePrefix(app: "Spark_Pi..x", resourceID: "0123456789abcdef") == "spark-pi-x-0123456789abcdef")
        #expect(ResourceNames.driverService(app: "spark-pi", resourceID: "74d378a210295e41") == "spark-pi-74d378a210295e41-driver-svc")
        // Over 63 characters Spark falls back to spark-<id>-driver-svc.
        #expect(ResourceNames.driverService(app: String(repeating: "a", count: 40), resourceID: "74d378a210295e41")
            == "spark-74d378a210295e41-driver-svc")
        #expect(ResourceNames.driverConfigMap(resourceID: "9b2117a210296137") == "spark-drv-9b2117a210296137-conf-map")
        #expect(ResourceNames.appNameLabel("Spark Pi") == "spark-pi")
        #expect(ResourceNames.appNameLabel(String(repeating: "a", count: 70)).count == 63)
    }

    @Test func configMapVolumes() {
        #expect(ResourceNames.configMapVolume("my-config") == "my-config-vol")
        let dotted = ResourceNames.configMapVolume("my.config")
        #expect(dotted.wholeMatch(of: /my-config-[0-9a-f]{8}-vol/) != nil)
        #expect(dotted != ResourceNames.configMapVolume("my-config"))
        let long = ResourceNames.configMapVolume(String(repeating: "c", count: 80))
        #expect(long.count <= 63)
        #expect(long.hasSuffix("-vol"))
        #expect(long != ResourceNames.configMapVolume(String(repeating: "c", count: 81)))
    }
}
