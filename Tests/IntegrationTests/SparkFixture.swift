import Kube
import SparkOperatorAPI

/// A Spark driver pod and its ConfigMap as spark-submit (or the operator) creates them: the
/// ConfigMap holds `spark.properties` (escapes and a continued line included) and an executor
/// pod template, and is mounted at /opt/spark/conf.
enum SparkFixture {
    static let appID = "spark-0123456789abcdef0123456789abcdef"
    static let configMapName = "spark-drv-5e1f00d2a1b3c4d5-conf-map"

    static func configMap(namespace: String) -> ConfigMap {
        ConfigMap(
            metadata: ObjectMeta(name: configMapName, namespace: namespace),
            data: [
                "spark.properties": """
                    #Java properties built from Kubernetes config map with name: \(configMapName)
                    spark.master=k8s\\://https\\://127.0.0.1\\:6443
                    spark.app.name=sim-pi
                    spark.app.id=\(appID)
                    spark.driver.host=sim-pi-svc.\(namespace).svc
                    spark.driver.port=7078
                    spark.kubernetes.container.image=spark\\:3.5.1
                    spark.kubernetes.namespace=\(namespace)
                    spark.executor.instances=2
                    spark.executor.memory=512m
                    spark.kubernetes.executor.label.team=data\\
                        -platform
                    spark.kubernetes.executor.annotation.example.com/owner=alice
                    spark.kubernetes.executor.podTemplateFile=/opt/spark/conf/executor-pod-template.yaml
                    spark.kubernetes.executor.podTemplateContainerName=spark-kubernetes-executor

                    """,
                "executor-pod-template.yaml": """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      labels:
                        template-label: from-template
                    spec:
                      containers:
                      - name: spark-kubernetes-executor
                        env:
                        - name: TEMPLATE_ENV
                          value: from-template
                        volumeMounts:
                        - name: scratch
                          mountPath: /scratch
                      volumes:
                      - name: scratch
                        emptyDir: {}

                    """,
            ])
    }

    /// The driver pod `sim-pi-driver`, running `mainClass` (bound to `nodeName`, if given).
    static func driver(
        namespace: String, mainClass: String = "org.apache.spark.examples.SparkPi", nodeName: String? = nil
    ) -> Pod {
        var pod = Pod(
            metadata: ObjectMeta(
                name: "sim-pi-driver", namespace: namespace,
                labels: ["spark-role": "driver", "spark-app-selector": appID, "spark-app-name": "sim-pi"]),
            spec: [
                "containers": [
                    [
                        "name": "spark-kubernetes-driver",
                        "image": "spark:3.5.1",
                        "args": [
                            "driver", "--properties-file", "/opt/spark/conf/spark.properties", "--class",
                            .string(mainClass), "local:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar", "1000",
                        ],
                        "env": [["name": "SPARK_CONF_DIR", "value": "/opt/spark/conf"]],
                        "volumeMounts": [["name": "spark-conf-volume-driver", "mountPath": "/opt/spark/conf"]],
                    ]
                ],
                "restartPolicy": "Never",
                "volumes": [["name": "spark-conf-volume-driver", "configMap": ["name": .string(configMapName)]]],
            ])
        if let nodeName { pod.spec?["nodeName"] = .string(nodeName) }
        return pod
    }
}
