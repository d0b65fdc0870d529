import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

@Suite struct SubmissionBuilderTests {
    typealias F = SubmissionFixture

    @Test func deterministicAndIdempotent() throws {
        let app = F.app { $0.driverIngressOptions = [Self.ingressOption()] }
        let options = SubmissionOptions(ingressURLFormat: "{{$appName}}.example.com")
        #expect(try F.plan(app, options: options) == (try F.plan(app, options: options)))
    }

    @Test func attemptsGetNewIDsAndPerAttemptNames() throws {
        let app = F.app()
        let first = try F.plan(app, attempt: 1)
        let second = try F.plan(app, attempt: 2)
        #expect(first.submissionID != second.submissionID)
        #expect(first.sparkAppID != second.sparkAppID)
        #expect(first.configMap.name != second.configMap.name)
        #expect(first.driverService.name != second.driverService.name)
        // kubeflow's names do not change between attempts.
        #expect(first.driverPodName == second.driverPodName)
        #expect(first.uiService?.name == second.uiService?.name)
        // The ids are those of SubmissionIdentity.
        let identity = SubmissionIdentity(uid: F.uid, attempt: 2)
        #expect(second.submissionID == identity.submissionID)
        #expect(second.sparkAppID == identity.sparkAppID)
        #expect(second.driverService.name == "pi-\(identity.resourceID)-driver-svc")
        #expect(second.configMap.name == "spark-drv-\(identity.resourceID)-conf-map")
    }

    @Test func everyObjectIsOwnedByTheApplication() throws {
        let app = F.app {
            $0.driverIngressOptions = [Self.ingressOption()]
            $0.monitoring = MonitoringSpec(exposeDriverMetrics: true, exposeExecutorMetrics: true)
            $0.monitoring?.prometheus = PrometheusSpec(jmxExporterJar: "/p.jar")
            $0.batchScheduler = "volcano"
        }
        let plan = try F.plan(app, options: SubmissionOptions(ingressURLFormat: "ui.example.com", enableBatchScheduler: true))
        let expected = OwnerReference(apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "SparkApplication", name: "pi", uid: F.uid,
                                      controller: true, blockOwnerDeletion: true)
        var metas = [plan.configMap.metadata, plan.driverPod.metadata, plan.driverService.metadata]
        metas += [try #require(plan.uiService).metadata, try #require(plan.uiIngress).metadata, try #require(plan.monitoringConfigMap).metadata]
        metas += plan.driverIngressServices.map(\.metadata) + plan.driverIngresses.map(\.metadata)
        #expect(metas.count == 8)
        for meta in metas {
            #expect(meta.ownerReferences == [expected], "\(meta.name ?? "")")
            #expect(meta.namespace == "ns")
        }
        let group = try #require(plan.podGroup)
        #expect(group["metadata"]?["ownerReferences"] == (try JSONValue(encoding: [expected])))
        // Executors are owned by the driver pod (Spark sets that); the template adds no owner.
        #expect(plan.executorPodTemplate["metadata"]?["ownerReferences"] == nil)
    }

    /// Found by `make chaos` (hostile specs): kubeflow lets the application's labels override the
    /// operator's bookkeeping labels; a driver labelled with another application's name, or
    /// `launched-by-spark-operator=false`, is lost to its operator (the application stayed
    /// RUNNING forever, or failed with "driver pod not found").
    @Test func theApplicationsLabelsCannotOverrideTheOperatorsLabels() throws {
        let hostile = [
            SparkLabels.appName: "victim", SparkLabels.submissionID: "forged", SparkLabels.launchedByOperator: "false",
        ]
        for place in ["metadata", "driver", "executor", "sparkConf"] {
            var app = F.app {
                switch place {
                case "driver": $0.driver.pod.labels = hostile
                case "executor": $0.executor.pod.labels = hostile
                case "sparkConf":
                    $0.sparkConf = Dictionary(uniqueKeysWithValues: hostile.flatMap { key, value in
                        [("spark.kubernetes.driver.label.\(key)", value), ("spark.kubernetes.executor.label.\(key)", value)]
                    })
                default: break
                }
            }
            if place == "metadata" { app.metadata.labels = hostile }
            let plan = try F.plan(app)
            let expected = [SparkLabels.appName: "pi", SparkLabels.submissionID: plan.submissionID, SparkLabels.launchedByOperator: "true"]
            for (key, value) in expected {
                #expect(plan.driverPod.metadata.labels?[key] == value, "\(place): driver \(key)")
                #expect(plan.sparkProperties["spark.kubernetes.executor.label.\(key)"] == value, "\(place): executors \(key)")
            }
        }
    }

    @Test func configMapIsImmutableAndHoldsPropertiesAndTemplate() throws {
        let plan = try F.plan(F.app())
        #expect(plan.configMap.immutable == true)
        let data = try #require(plan.configMap.data)
        #expect(Set(data.keys) == ["spark.properties", "podspec-configmap-key", "spark.kubernetes.namespace"])
        #expect(JavaProperties.parse(try #require(data["spark.properties"])) == plan.sparkProperties)
        let template = try YAML.document(try #require(data["podspec-configmap-key"]))
        #expect(template == plan.executorPodTemplate)
        #expect(data["spark.kubernetes.namespace"] == "ns")
    }

    @Test func driverInfoAtSubmission() throws {
        let plan = try F.plan(F.app(), options: SubmissionOptions(ingressURLFormat: "example.com/{{$appNamespace}}/{{$appName}}"))
        #expect(plan.driverInfo.podName == "pi-driver")
        #expect(plan.driverInfo.webUIServiceName == "pi-ui-svc")
        #expect(plan.driverInfo.webUIPort == 4040)
        #expect(plan.driverInfo.webUIIngressName == "pi-ui-ingress")
        #expect(plan.driverInfo.webUIIngressAddress == "http://example.com/ns/pi")
    }

    // MARK: Errors name the field

    @Test func requiresUIDAndNamespace() {
        var app = F.app()
        app.metadata.uid = nil
        #expect(throws: SubmissionError.self) { try F.plan(app) }
        #expect(Self.field { try F.plan(app) } == "metadata.uid")
        app = F.app(namespace: "")
        #expect(Self.field { try F.plan(app) } == "metadata.namespace")
    }

    @Test func invalidSpecIsRejectedWithValidationErrors() throws {
        let app = F.app { $0.sparkConf = ["spark.master": "local"] }
        do {
            _ = try F.plan(app)
            Issue.record("expected an error")
        } catch {
            guard case .invalidSpec(let errors) = error else { Issue.record("\(error)"); return }
            #expect(errors.map(\.field) == ["spec.sparkConf"])
            #expect(error.description.contains("spark.master"))
        }
    }

    @Test(arguments: [
        ("client mode", "spec.mode"),
        ("local file", "spec.mainApplicationFile"),
        ("file: jar", "spec.deps.jars"),
        ("local file in sparkConf", "spec.sparkConf[spark.files]"),
        ("no main class", "spec.mainClass"),
        ("reserved label", "spec.driver.labels[spark-role]"),
        ("reserved executor label", "metadata.labels[spark-app-selector]"),
        ("bind address", "spec.sparkConf[spark.driver.bindAddress]"),
        ("template file", "spec.sparkConf[spark.kubernetes.executor.podTemplateFile]"),
        ("no image", "spec.image"),
        ("bad port", "spec.sparkConf[spark.driver.port]"),
        ("mount without volume", "spec.executor.volumeMounts[0]"),
        ("local dir without volume", "spec.driver.volumeMounts[0]"),
        ("unsupported local dir volume", "spec.volumes[spark-local-dir-1]"),
        ("bad memory limit", "spec.driver.memoryLimit"),
        ("fractional driver cores", "spec.sparkConf[spark.driver.cores]"),
    ])
    func unsupportedOrInvalidInputNamesTheField(case name: String, field: String) {
        let app = F.app { spec in
            switch name {
            case "client mode": spec.mode = .client
            case "local file": spec.mainApplicationFile = "/opt/app.jar"
            case "file: jar": spec.deps = Dependencies(); spec.deps?.jars = ["local:///ok.jar", "file:///home/me/lib.jar"]
            case "local file in sparkConf": spec.sparkConf = ["spark.files": "data.csv"]
            case "no main class": spec.mainClass = nil
            case "reserved label": spec.driver.labels = ["spark-role": "x"]
            case "reserved executor label": break
            case "bind address": spec.sparkConf = ["spark.driver.bindAddress": "0.0.0.0"]
            case "template file": spec.sparkConf = ["spark.kubernetes.executor.podTemplateFile": "/tmp/t.yaml"]
            case "no image": spec.image = nil
            case "bad port": spec.sparkConf = ["spark.driver.port": "70x"]
            case "mount without volume": spec.executor.volumeMounts = [["name": "data", "mountPath": "/data"]]
            case "local dir without volume": spec.driver.volumeMounts = [["name": "spark-local-dir-x", "mountPath": "/tmp/x"]]
            case "unsupported local dir volume":
                spec.volumes = [["name": "spark-local-dir-1", "configMap": ["name": "x"]]]
                spec.driver.volumeMounts = [["name": "spark-local-dir-1", "mountPath": "/x"]]
            case "bad memory limit": spec.driver.memoryLimit = "lots"
            case "fractional driver cores": spec.sparkConf = ["spark.driver.cores": "1.5"]
            default: Issue.record("unknown case \(name)")
            }
        }
        var input = app
        if name == "reserved executor label" { input.metadata.labels = ["spark-app-selector": "x"] }
        #expect(Self.field { try F.plan(input) } == field, "\(name)")
    }

    @Test func unknownBatchSchedulerFails() {
        let app = F.app { $0.batchScheduler = "kueue-ish" }
        #expect(Self.field { try F.plan(app, options: SubmissionOptions(enableBatchScheduler: true)) } == "spec.batchScheduler")
        // Without --enable-batch-scheduler the name only becomes the pods' schedulerName.
        #expect(Self.field { try F.plan(app) } == nil)
    }

    @Test func errorDescriptionsAreActionable() {
        let error = SubmissionError.unsupported(field: "spec.mainApplicationFile", value: "/a.jar", message: "use local://")
        #expect(error.description == "spec.mainApplicationFile: unsupported value \"/a.jar\": use local://")
        #expect(SubmissionError.invalidValue(field: "f", value: "v", message: "m").description == "f: invalid value \"v\": m")
    }

    // MARK: Helpers

    static func ingressOption() -> DriverIngressConfiguration {
        var option = DriverIngressConfiguration()
        option.servicePort = 4041
        option.ingressURLFormat = "{{$appName}}-4041.example.com"
        return option
    }

    /// The field of the `SubmissionError` `body` throws, nil when it does not throw.
    static func field(_ body: () throws -> SubmissionPlan) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as SubmissionError {
            return error.field
        } catch {
            return "unexpected \(error)"
        }
    }
}
