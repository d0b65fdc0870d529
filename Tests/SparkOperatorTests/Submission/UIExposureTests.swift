import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// kubeflow's UI Service and Ingress rules and `driverIngressOptions`.
@Suite struct UIExposureTests {
    typealias F = SubmissionFixture

    @Test func defaultUIService() throws {
        let plan = try F.plan(F.app())
        let svc = try #require(plan.uiService)
        #expect(svc.name == "pi-ui-svc")
        #expect(svc.metadata.labels == ["sparkoperator.k8s.io/app-name": "pi", "sparkoperator.k8s.io/submission-id": plan.submissionID,
                                        "sparkoperator.k8s.io/created-by-spark-operator": "true"])
        #expect(svc.metadata.annotations == nil)
        #expect(svc.spec == [
            "ports": [["name": "spark-driver-ui-port", "port": 4040, "targetPort": 4040, "protocol": "TCP"]],
            "selector": ["sparkoperator.k8s.io/app-name": "pi", "spark-role": "driver"],
            "type": "ClusterIP",
        ])
        #expect(plan.uiIngress == nil)
    }

    @Test func uiServiceDisabled() throws {
        let plan = try F.plan(F.app(), options: SubmissionOptions(enableUIService: false, ingressURLFormat: "x.example.com"))
        #expect(plan.uiService == nil)
        #expect(plan.uiIngress == nil)
        #expect(plan.driverInfo.webUIServiceName == nil)
    }

    @Test func uiPortsFollowSparkUIPortAndOptions() throws {
        // Without sparkUIOptions the Service port is spark.ui.port.
        let conf = try #require(try F.plan(F.app { $0.sparkConf = ["spark.ui.port": "4041"] }).uiService?.spec)
        #expect(conf["ports"]?.arrayValue?.first?["port"] == 4041)
        #expect(conf["ports"]?.arrayValue?.first?["targetPort"] == 4041)
        // With sparkUIOptions: its port (else 4040), its name, type, labels (replacing ours) and annotations.
        let svc = try #require(try F.plan(F.app {
            $0.sparkConf = ["spark.ui.port": "4041"]
            $0.sparkUIOptions = SparkUIConfiguration()
            $0.sparkUIOptions?.servicePort = 80
            $0.sparkUIOptions?.servicePortName = "http"
            $0.sparkUIOptions?.serviceType = "NodePort"
            $0.sparkUIOptions?.serviceLabels = ["exposed": "yes"]
            $0.sparkUIOptions?.serviceAnnotations = ["lb": "internal"]
        }).uiService)
        #expect(svc.spec?["ports"] == [["name": "http", "port": 80, "targetPort": 4041, "protocol": "TCP"]])
        #expect(svc.spec?["type"] == "NodePort")
        #expect(svc.metadata.labels == ["exposed": "yes", "sparkoperator.k8s.io/created-by-spark-operator": "true"])
        #expect(svc.metadata.annotations == ["lb": "internal"])
        let defaultPort = try #require(try F.plan(F.app { $0.sparkUIOptions = SparkUIConfiguration() }).uiService?.spec)
        #expect(defaultPort["ports"]?.arrayValue?.first?["port"] == 4040)
    }

    @Test func ingressOnAHost() throws {
        let options = SubmissionOptions(ingressURLFormat: "{{$appName}}.{{ $appNamespace }}.example.com", ingressClassName: "nginx")
        let plan = try F.plan(F.app(), options: options)
        let ingress = try #require(plan.uiIngress)
        #expect(ingress.name == "pi-ui-ingress")
        #expect(ingress.spec == [
            "rules": [["host": "pi.ns.example.com", "http": ["paths": [[
                "backend": ["service": ["name": "pi-ui-svc", "port": ["number": 4040]]], "pathType": "ImplementationSpecific",
            ]]]]],
            "ingressClassName": "nginx",
        ])
        #expect(ingress.metadata.annotations == nil)
        #expect(ingress.metadata.labels?["sparkoperator.k8s.io/app-name"] == "pi")
        // No sub-path: the UI is not told to serve under a proxy base.
        #expect(plan.sparkProperties["spark.ui.proxyBase"] == nil)
    }

    @Test func ingressOnASubPath() throws {
        var options = SubmissionOptions(ingressURLFormat: "https://spark.example.com/{{$appNamespace}}/{{$appName}}")
        options.ingressAnnotations = ["a": "operator", "b": "operator"]
        options.ingressTLS = [["hosts": ["spark.example.com"], "secretName": "operator-tls"]]
        let plan = try F.plan(F.app { $0.sparkConf = ["spark.ui.proxyBase": "/mine"] }, options: options)
        let ingress = try #require(plan.uiIngress)
        let path = try #require(ingress.spec?["rules"]?.arrayValue?.first?["http"]?["paths"]?.arrayValue?.first)
        #expect(ingress.spec?["rules"]?.arrayValue?.first?["host"] == "spark.example.com")
        #expect(path["path"] == "/ns/pi(/|$)(.*)")
        #expect(ingress.metadata.annotations == ["a": "operator", "b": "operator", "nginx.ingress.kubernetes.io/rewrite-target": "/$2"])
        #expect(ingress.spec?["tls"] == [["hosts": ["spark.example.com"], "secretName": "operator-tls"]])
        // kubeflow sets these over the application's own.
        #expect(plan.sparkProperties["spark.ui.proxyBase"] == "/ns/pi")
        #expect(plan.sparkProperties["spark.ui.proxyRedirectUri"] == "/")
        #expect(plan.driverInfo.webUIIngressAddress == "https://spark.example.com/ns/pi")

        // The application's annotations and TLS win over the operator's.
        let own = try #require(try F.plan(F.app {
            $0.sparkUIOptions = SparkUIConfiguration()
            $0.sparkUIOptions?.ingressAnnotations = ["b": "app"]
            $0.sparkUIOptions?.ingressTLS = [["secretName": "app-tls"]]
        }, options: options).uiIngress)
        #expect(own.metadata.annotations?["a"] == "operator")
        #expect(own.metadata.annotations?["b"] == "app")
        #expect(own.spec?["tls"] == [["secretName": "app-tls"]])
    }

    @Test func appIDInTheURL() throws {
        let plan = try F.plan(F.app(), options: SubmissionOptions(ingressURLFormat: "ui.example.com/{{$appId}}"))
        #expect(plan.sparkProperties["spark.ui.proxyBase"] == "/" + plan.sparkAppID)
    }

    @Test func driverIngressOptions() throws {
        var option = DriverIngressConfiguration()
        option.servicePort = 8080
        option.ingressURLFormat = "{{$appName}}-api.example.com/x"
        option.ingressAnnotations = ["i": "1"]
        option.ingressTLS = [["secretName": "api-tls"]]
        var second = DriverIngressConfiguration()
        second.servicePort = 9090
        second.servicePortName = "grpc"
        second.serviceType = "LoadBalancer"
        second.serviceLabels = ["l": "1"]
        second.serviceAnnotations = ["s": "1"]
        second.ingressURLFormat = "grpc.example.com"
        let plan = try F.plan(F.app { $0.driverIngressOptions = [option, second] }, options: SubmissionOptions(ingressClassName: "nginx"))
        #expect(plan.driverIngressServices.map(\.name) == ["pi-driver-8080", "pi-driver-9090"])
        #expect(plan.driverIngressServices[0].spec?["ports"] == [["name": "driver-ing-8080", "port": 8080, "targetPort": 8080, "protocol": "TCP"]])
        #expect(plan.driverIngressServices[0].spec?["type"] == "ClusterIP")
        #expect(plan.driverIngressServices[1].spec?["ports"]?.arrayValue?.first?["name"] == "grpc")
        #expect(plan.driverIngressServices[1].spec?["type"] == "LoadBalancer")
        #expect(plan.driverIngressServices[1].metadata.labels == ["l": "1", "sparkoperator.k8s.io/created-by-spark-operator": "true"])
        #expect(plan.driverIngressServices[1].metadata.annotations == ["s": "1"])
        #expect(plan.driverIngresses.map(\.name) == ["pi-ing-8080", "pi-ing-9090"])
        let first = plan.driverIngresses[0]
        #expect(first.metadata.annotations == ["i": "1", "nginx.ingress.kubernetes.io/rewrite-target": "/$2"])
        #expect(first.spec?["tls"] == [["secretName": "api-tls"]])
        #expect(first.spec?["ingressClassName"] == "nginx")
        #expect(first.spec?["rules"]?.arrayValue?.first?["http"]?["paths"]?.arrayValue?.first?["backend"]
            == ["service": ["name": "pi-driver-8080", "port": ["number": 8080]]])
        // Driver ingresses do not move the UI.
        #expect(plan.sparkProperties["spark.ui.proxyBase"] == nil)
    }

    @Test(arguments: [
        ("spark.example.com", "http", "spark.example.com", ""),
        ("spark.example.com/", "http", "spark.example.com", "/"),
        ("https://h:8443/a/b?x=1", "https", "h:8443", "/a/b"),
    ])
    func ingressURLParts(format: String, scheme: String, host: String, path: String) throws {
        let url = try IngressURL(format: format, appName: "a", appNamespace: "n", appID: "i")
        #expect(url.scheme == scheme)
        #expect(url.host == host)
        #expect(url.path == path)
        #expect(url.hasSubPath == (path.count > 1))
    }
}
