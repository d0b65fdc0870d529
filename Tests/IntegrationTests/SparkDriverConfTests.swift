import Kube
import SparkOperatorAPI
import Testing

@testable import KubeTesting

@Suite("SparkDriverConf")
struct SparkDriverConfTests {
    static let pod = Pod(
        metadata: ObjectMeta(name: "d", namespace: "ns"),
        spec: [
            "volumes": [
                [
                    "name": "conf",
                    "configMap": [
                        "name": "spark-drv-conf-map",
                        "items": [["key": "spark.properties", "path": "spark.properties"]],
                    ],
                ],
                ["name": "templates", "configMap": ["name": "pod-templates"]],
                ["name": "one-file", "configMap": ["name": "single"]],
                ["name": "scratch", "emptyDir": [:]],
            ]
        ])
    static let container: JSONValue = [
        "volumeMounts": [
            ["name": "conf", "mountPath": "/opt/spark/conf"],
            ["name": "templates", "mountPath": "/opt/spark/conf/templates/"],
            ["name": "one-file", "mountPath": "/etc/exec.yaml", "subPath": "executor.yaml"],
            ["name": "scratch", "mountPath": "/scratch"],
        ]
    ]

    @Test("a path resolves to the ConfigMap key behind the longest mount holding it, through items and subPath")
    func resolve() {
        func r(_ path: String) -> SparkDriverConf.ConfigMapFile? {
            SparkDriverConf.resolve(path, in: Self.pod, container: Self.container)
        }
        #expect(r("/opt/spark/conf/spark.properties") == .init(configMap: "spark-drv-conf-map", key: "spark.properties"))
        #expect(r("/opt/spark/conf/other.yaml") == nil, "items list only spark.properties")
        #expect(r("/opt/spark/conf/templates/exec.yaml") == .init(configMap: "pod-templates", key: "exec.yaml"))
        #expect(r("/etc/exec.yaml") == .init(configMap: "single", key: "executor.yaml"))
        #expect(r("/scratch/x") == nil, "not a ConfigMap")
        #expect(r("/elsewhere/x") == nil)
    }

    @Test(
        "initial executors: spark.executor.instances (default 2); with dynamic allocation the largest of min, initial and instances",
        arguments: [
            ([:], 2),
            (["spark.executor.instances": "5"], 5),
            (["spark.executor.instances": "0"], 0),
            (
                [
                    "spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.initialExecutors": "2",
                    "spark.dynamicAllocation.minExecutors": "1", "spark.executor.instances": "1",
                ], 2
            ),
            (["spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.minExecutors": "3"], 3),
            (["spark.dynamicAllocation.enabled": "true"], 1),
        ] as [([String: String], Int)])
    func initialExecutors(properties: [String: String], expected: Int) {
        #expect(SparkDriverConf(properties: properties).initialExecutors == expected)
    }
}
