import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// `spec.driver.template` / `spec.executor.template` underneath what the operator builds.
@Suite struct PodTemplateMergeTests {
    typealias F = SubmissionFixture

    static let template: JSONValue = [
        "metadata": ["labels": ["team": "t", "spark-role": "ignored"], "annotations": ["a": "1"]],
        "spec": [
            "containers": [
                ["name": "helper", "image": "helper:1"],
                ["name": "spark-kubernetes-driver", "command": ["/entry"],
                 "env": [["name": "FROM_TEMPLATE", "value": "t"], ["name": "SPARK_USER", "value": "template-user"]],
                 "ports": [["name": "custom", "containerPort": 12345, "protocol": "TCP"]],
                 "resources": ["requests": ["cpu": "100m", "ephemeral-storage": "1Gi"], "limits": ["cpu": "4", "memory": "1Gi"]],
                 "volumeMounts": [["name": "cache", "mountPath": "/cache"]]],
            ],
            "volumes": [["name": "cache", "emptyDir": [:]]],
            "tolerations": [["operator": "Exists"]],
            "nodeSelector": ["os": "linux"],
            "restartPolicy": "Always",
            "priority": 5,
        ],
    ]

    static func driver(_ configure: @escaping (inout SparkApplicationSpec) -> Void = { _ in }) throws -> JSONValue {
        try F.json(try F.plan(F.app { spec in
            spec.driver.template = template
            configure(&spec)
        }).driverPod)
    }

    @Test func ourValuesWinAndTheTemplatesStay() throws {
        let pod = try Self.driver { $0.driver.coreLimit = "2"; $0.driver.tolerations = [["key": "k", "operator": "Exists"]] }
        let spec = try #require(pod["spec"])
        let containers = try #require(spec["containers"]?.arrayValue)
        // The Spark container first, merged with the template's container of the same name.
        #expect(containers.map { $0["name"] } == ["spark-kubernetes-driver", "helper"])
        let spark = containers[0]
        #expect(spark["command"] == ["/entry"])
        #expect(spark["image"] == "spark:3.5.1")
        let env = spark["env"]?.arrayValue ?? []
        #expect(env.first == ["name": "FROM_TEMPLATE", "value": "t"])
        #expect(env.filter { $0["name"] == "SPARK_USER" } == [["name": "SPARK_USER", "value": "spark"]])
        #expect(spark["ports"]?.arrayValue?.first?["name"] == "custom")
        #expect(spark["ports"]?.arrayValue?.count == 4)
        // Resources: ours per resource; the template's other resources stay.
        #expect(spark["resources"] == ["requests": ["cpu": "1", "memory": "1408Mi", "ephemeral-storage": "1Gi"],
                                       "limits": ["cpu": "2", "memory": "1408Mi"]])
        #expect(spark["volumeMounts"]?.arrayValue?.first == ["name": "cache", "mountPath": "/cache"])
        #expect(spec["volumes"]?.arrayValue?.first == ["name": "cache", "emptyDir": [:]])
        #expect(spec["tolerations"] == [["operator": "Exists"], ["key": "k", "operator": "Exists"]])
        #expect(spec["nodeSelector"] == ["os": "linux"])
        #expect(spec["restartPolicy"] == "Never")
        #expect(spec["priority"] == 5)
        // Labels merged, Spark's win.
        #expect(pod["metadata"]?["labels"]?["team"] == "t")
        #expect(pod["metadata"]?["labels"]?["spark-role"] == "driver")
        #expect(pod["metadata"]?["annotations"]?["a"] == "1")
        #expect(pod["metadata"]?["name"] == "pi-driver")
    }

    @Test func templateCPULimitStaysWithoutCoreLimit() throws {
        let spark = try F.container(try Self.driver())
        #expect(spark["resources"]?["limits"]?["cpu"] == "4")
    }

    @Test func firstContainerIsTheSparkContainerWhenNoneHasItsName() throws {
        let pod = try F.json(try F.plan(F.app {
            $0.driver.template = ["spec": ["containers": [["name": "main", "workingDir": "/work"], ["name": "other"]]]]
        }).driverPod)
        let containers = try #require(pod["spec"]?["containers"]?.arrayValue)
        #expect(containers.map { $0["name"] } == ["spark-kubernetes-driver", "other"])
        #expect(containers[0]["workingDir"] == "/work")
    }

    @Test func templateLocalDirMountReplacesTheDefault() throws {
        let pod = try F.json(try F.plan(F.app {
            $0.driver.template = ["spec": [
                "containers": [["name": "spark-kubernetes-driver", "volumeMounts": [["name": "spark-local-dir-1", "mountPath": "/mnt/disk1"]]]],
                "volumes": [["name": "spark-local-dir-1", "emptyDir": ["sizeLimit": "100Mi"]]],
            ]]
        }).driverPod)
        #expect(try F.env(pod, "SPARK_LOCAL_DIRS")?["value"] == "/mnt/disk1")
        let volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
        #expect(volumes.filter { $0["name"] == "spark-local-dir-1" } == [["name": "spark-local-dir-1", "emptyDir": ["sizeLimit": "100Mi"]]])
    }

    @Test func executorTemplateUnderneath() throws {
        let plan = try F.plan(F.app {
            $0.executor.template = ["metadata": ["labels": ["from": "template"]],
                                    "spec": ["containers": [["name": "spark-kubernetes-executor", "env": [["name": "E", "value": "t"]]],
                                                            ["name": "side", "image": "s"]]]]
            $0.executor.env = [["name": "E", "value": "ours"], ["name": "F", "value": "f"]]
            $0.executor.sidecars = [["name": "side", "image": "s2"]]
        })
        let template = plan.executorPodTemplate
        let containers = try #require(template["spec"]?["containers"]?.arrayValue)
        #expect(containers.map { $0["name"] } == ["spark-kubernetes-executor", "side"])
        #expect(containers[0]["env"] == [["name": "E", "value": "ours"], ["name": "F", "value": "f"]])
        #expect(containers[1]["image"] == "s2")
        #expect(template["metadata"]?["labels"]?["from"] == "template")
        #expect(template["metadata"]?["labels"]?["sparkoperator.k8s.io/app-name"] == "pi")
    }
}
