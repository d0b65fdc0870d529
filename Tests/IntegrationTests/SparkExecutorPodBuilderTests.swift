import Kube
import SparkOperatorAPI
import Testing

@testable import KubeTesting

/// Executor pods as a Spark 3.5.1 driver builds them (compare
/// /work/shared/reference/spark-submit-executor-pod.json), without and with a pod template.
@Suite("SparkExecutorPodBuilder")
struct SparkExecutorPodBuilderTests {
    static let driver = Pod(
        metadata: {
            var m = ObjectMeta(
                name: "spark-pi-74d378a210295e41-driver", namespace: "default",
                labels: ["spark-role": "driver", "spark-version": "3.5.1", "spark-app-name": "spark-pi"])
            m.uid = "711a8351-2bc1-4fd1-a986-cea95990ada3"
            return m
        }(),
        spec: ["containers": [["name": "spark-kubernetes-driver", "image": "spark:3.5.1"]]])

    static let properties = [
        "spark.app.name": "spark-pi",
        "spark.app.id": "spark-990df2a549d5498ab869b9708adeb88b",
        "spark.driver.host": "spark-pi-74d378a210295e41-driver-svc.default.svc",
        "spark.driver.port": "7078",
        "spark.kubernetes.container.image": "spark:3.5.1",
        "spark.kubernetes.memoryOverheadFactor": "0.1",
        "spark.kubernetes.resource.type": "java",
    ]

    func builder(_ properties: [String: String] = properties, template: JSONValue? = nil) -> SparkExecutorPodBuilder {
        SparkExecutorPodBuilder(
            driver: Self.driver, properties: properties, template: template,
            appId: properties["spark.app.id"] ?? "spark-app", namePrefix: "spark-pi-74d378a210295e41",
            configMapName: "spark-exec-1e92a9a2103e4038-conf-map")
    }

    @Test("without a template: the reference executor pod's names, labels, env, resources, volumes and owner")
    func referenceShape() throws {
        let pod = builder().pod(executorId: 1, localDir: "/var/data/spark-f9c3854f")
        #expect(pod.name == "spark-pi-74d378a210295e41-exec-1")
        #expect(pod.namespace == "default")
        #expect(
            pod.metadata.labels == [
                "spark-app-name": "spark-pi", "spark-app-selector": "spark-990df2a549d5498ab869b9708adeb88b",
                "spark-exec-id": "1", "spark-exec-resourceprofile-id": "0", "spark-role": "executor",
                "spark-version": "3.5.1",
            ])
        #expect(
            pod.metadata.ownerReferences == [
                OwnerReference(
                    apiVersion: "v1", kind: "Pod", name: "spark-pi-74d378a210295e41-driver",
                    uid: "711a8351-2bc1-4fd1-a986-cea95990ada3", controller: true)
            ])
        let spec = try #require(pod.spec)
        #expect(spec["restartPolicy"] == "Never")
        #expect(spec["hostname"] == "spark-pi-74d378a210295e41-exec-1")
        #expect(
            spec["volumes"] == [
                ["name": "spark-conf-volume-exec", "configMap": ["name": "spark-exec-1e92a9a2103e4038-conf-map"]],
                ["name": "spark-local-dir-1", "emptyDir": [:]],
            ])
        let containers = try #require(spec["containers"]?.arrayValue)
        #expect(containers.count == 1)
        let c = containers[0]
        #expect(c["name"] == "spark-kubernetes-executor")
        #expect(c["image"] == "spark:3.5.1")
        #expect(c["imagePullPolicy"] == "IfNotPresent")
        #expect(c["args"] == ["executor"])
        #expect(c["ports"] == [["name": "blockmanager", "containerPort": 7079]])
        #expect(
            c["resources"] == ["requests": ["cpu": "1", "memory": "1408Mi"], "limits": ["memory": "1408Mi"]])
        #expect(
            c["volumeMounts"] == [
                ["name": "spark-conf-volume-exec", "mountPath": "/opt/spark/conf"],
                ["name": "spark-local-dir-1", "mountPath": "/var/data/spark-f9c3854f"],
            ])
        let env = c["env"]?.arrayValue ?? []
        #expect(
            env.compactMap { $0["name"]?.stringValue } == [
                "SPARK_USER", "SPARK_DRIVER_URL", "SPARK_EXECUTOR_CORES", "SPARK_EXECUTOR_MEMORY", "SPARK_APPLICATION_ID",
                "SPARK_CONF_DIR", "SPARK_EXECUTOR_ID", "SPARK_RESOURCE_PROFILE_ID", "SPARK_JAVA_OPT_0",
                "SPARK_EXECUTOR_POD_IP", "SPARK_EXECUTOR_POD_NAME", "SPARK_LOCAL_DIRS",
            ])
        let values = Dictionary(env.compactMap { e in e["value"]?.stringValue.map { (e["name"]!.stringValue!, $0) } }) { a, _ in a }
        #expect(values["SPARK_DRIVER_URL"] == "spark://CoarseGrainedScheduler@spark-pi-74d378a210295e41-driver-svc.default.svc:7078")
        #expect(values["SPARK_EXECUTOR_MEMORY"] == "1024m")
        #expect(values["SPARK_EXECUTOR_CORES"] == "1")
        #expect(values["SPARK_EXECUTOR_ID"] == "1")
        #expect(values["SPARK_JAVA_OPT_0"] == "-Dspark.driver.port=7078")
        #expect(values["SPARK_LOCAL_DIRS"] == "/var/data/spark-f9c3854f")
        #expect(
            env.first { $0["name"] == "SPARK_EXECUTOR_POD_IP" }?["valueFrom"]
                == ["fieldRef": ["apiVersion": "v1", "fieldPath": "status.podIP"]])
    }

    @Test("a template: its metadata, spec and other containers are kept; Spark's container is merged into the named one, last")
    func templateMerge() throws {
        let template: JSONValue = [
            "metadata": ["labels": ["spark-role": "sneaky", "tier": "batch"], "annotations": ["a": "1"]],
            "spec": [
                "securityContext": ["runAsUser": 185],
                "tolerations": [["operator": "Exists", "effect": "NoSchedule"]],
                "nodeSelector": ["kubernetes.io/os": "linux"],
                "volumes": [["name": "spark-local-dir-1", "emptyDir": ["sizeLimit": "100Mi"]]],
                "containers": [
                    ["name": "sidecar", "image": "envoy:1"],
                    [
                        "name": "spark-kubernetes-executor", "image": "ignored:1", "args": ["--verbose"],
                        "env": [["name": "KEY0", "value": "VALUE0"]],
                        "ports": [["name": "custom", "containerPort": 12345]],
                        "volumeMounts": [["name": "spark-local-dir-1", "mountPath": "/mnt/disk1"]],
                        "resources": [
                            "requests": ["cpu": "1", "memory": "1Gi", "ephemeral-storage": "1Gi"],
                            "limits": ["cpu": "1500m", "memory": "1512Mi"],
                        ],
                    ],
                ],
            ],
        ]
        var properties = Self.properties
        properties["spark.kubernetes.executor.podTemplateContainerName"] = "spark-kubernetes-executor"
        properties["spark.kubernetes.executor.label.team"] = "data"
        properties["spark.kubernetes.executor.annotation.owner"] = "{{APP_ID}}/{{EXECUTOR_ID}}"
        properties["spark.kubernetes.executor.node.selector.pool"] = "spark"
        properties["spark.executor.memory"] = "2g"
        properties["spark.executor.cores"] = "2"
        properties["spark.kubernetes.executor.limit.cores"] = "3"
        properties["spark.executorEnv.FOO"] = "bar"
        let pod = builder(properties, template: template).pod(executorId: 2, localDir: "/var/data/unused")

        #expect(pod.metadata.labels?["tier"] == "batch")
        #expect(pod.metadata.labels?["team"] == "data")
        #expect(pod.metadata.labels?["spark-role"] == "executor", "Spark's labels win")
        #expect(pod.metadata.annotations == ["a": "1", "owner": "spark-990df2a549d5498ab869b9708adeb88b/2"])
        let spec = try #require(pod.spec)
        #expect(spec["securityContext"] == ["runAsUser": 185])
        #expect(spec["tolerations"] == [["operator": "Exists", "effect": "NoSchedule"]])
        #expect(spec["nodeSelector"] == ["kubernetes.io/os": "linux", "pool": "spark"])
        #expect(
            spec["volumes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == [
                "spark-local-dir-1", "spark-conf-volume-exec",
            ], "the template's local dir is used, none added")
        let containers = try #require(spec["containers"]?.arrayValue)
        #expect(containers.compactMap { $0["name"]?.stringValue } == ["sidecar", "spark-kubernetes-executor"])
        #expect(containers[0] == ["name": "sidecar", "image": "envoy:1"])
        let c = containers[1]
        #expect(c["image"] == "spark:3.5.1", "the image comes from the properties")
        #expect(c["args"] == ["--verbose", "executor"])
        #expect(c["ports"] == [["name": "blockmanager", "containerPort": 7079]], "Spark replaces the ports")
        #expect(
            c["resources"] == [
                "requests": ["cpu": "2", "memory": "2432Mi", "ephemeral-storage": "1Gi"],
                "limits": ["cpu": "3", "memory": "2432Mi"],
            ])
        let env = c["env"]?.arrayValue ?? []
        #expect(env.first == ["name": "KEY0", "value": "VALUE0"])
        #expect(env.contains(["name": "FOO", "value": "bar"]))
        #expect(env.last == ["name": "SPARK_LOCAL_DIRS", "value": "/mnt/disk1"])
        #expect(
            c["volumeMounts"] == [
                ["name": "spark-local-dir-1", "mountPath": "/mnt/disk1"],
                ["name": "spark-conf-volume-exec", "mountPath": "/opt/spark/conf"],
            ])
    }

    @Test("memory: overhead factor, explicit overhead, Python's default factor")
    func memory() throws {
        func memory(_ extra: [String: String]) -> String? {
            var p = Self.properties
            p.removeValue(forKey: "spark.kubernetes.memoryOverheadFactor")
            p.merge(extra) { _, new in new }
            let c = builder(p).pod(executorId: 1, localDir: "/d").spec?["containers"]?.arrayValue?.first
            return c?["resources"]?["requests"]?["memory"]?.stringValue
        }
        #expect(memory([:]) == "1408Mi")
        #expect(memory(["spark.executor.memory": "8g"]) == "9011Mi")
        #expect(memory(["spark.executor.memory": "1g", "spark.executor.memoryOverhead": "1g"]) == "2048Mi")
        #expect(memory(["spark.kubernetes.resource.type": "python"]) == "1433Mi")
        #expect(memory(["spark.kubernetes.resource.type": "python", "spark.executor.pyspark.memory": "100m"]) == "1533Mi")
    }

    @Test("names: the prefix, Spark's hostname of a long name, the app name label")
    func names() {
        #expect(SparkExecutorPodBuilder.namePrefix(driver: Self.driver, properties: [:]) == "spark-pi-74d378a210295e41")
        #expect(
            SparkExecutorPodBuilder.namePrefix(
                driver: Self.driver, properties: ["spark.kubernetes.executor.podNamePrefix": "custom"]) == "custom")
        var other = Self.driver
        other.metadata.name = "my-driver-pod"
        let derived = SparkExecutorPodBuilder.namePrefix(driver: other, properties: ["spark.app.name": "My App"])
        #expect(derived.hasPrefix("my-app-") && derived.count == "my-app-".count + 16, "\(derived)")

        let long = String(repeating: "a", count: 60) + ".b-exec-12"
        let hostname = SparkExecutorPodBuilder.hostname(long)
        #expect(hostname.count <= 63)
        #expect(hostname.hasSuffix("_b-exec-12"))
        #expect(SparkExecutorPodBuilder.hostname("--x-exec-1") == "x-exec-1")
        #expect(SparkExecutorPodBuilder.appNameLabel("Spark Pi__Job") == "spark-pi-job")
        #expect(SparkExecutorPodBuilder.uniqueID().count == 16)
    }
}
