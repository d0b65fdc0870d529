import KubeTesting
import SparkOperatorAPI
import Testing

/// A valid SparkApplication or ScheduledSparkApplication with one change that its CRD schema
/// must reject, and the field path the API server's message must name.
struct MalformedSpec: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable {
        case sparkApplication = "SparkApplication"
        case scheduledSparkApplication = "ScheduledSparkApplication"
    }

    var kind: Kind
    /// The path of the change from the object's root; the last element is the key to set.
    var path: [String]
    /// The new value, or nil to remove the key.
    var value: JSONValue?
    /// The field the rejection must name, e.g. `spec.driver.cores`.
    var field: String

    var testDescription: String {
        let change = value.map { v in
            "= " + ((try? JSONCoding.encoder.encode(v)).map { String(decoding: $0, as: UTF8.self) } ?? "\(v)")
        }
        return "\(kind.rawValue) \(path.joined(separator: ".")) \(change ?? "removed") → \(field)"
    }

    /// The whole object, as JSON.
    var object: JSONValue {
        let base = kind == .sparkApplication ? Self.validApplication : Self.validScheduledApplication
        return base.setting(path[...], to: value)
    }

    static func app(_ path: String, _ value: JSONValue?, field: String? = nil) -> MalformedSpec {
        MalformedSpec(
            kind: .sparkApplication, path: path.split(separator: ".").map(String.init), value: value,
            field: field ?? path)
    }

    static func scheduled(_ path: String, _ value: JSONValue?, field: String? = nil) -> MalformedSpec {
        MalformedSpec(
            kind: .scheduledSparkApplication, path: path.split(separator: ".").map(String.init), value: value,
            field: field ?? path)
    }

    static let validSpec: JSONValue = [
        "type": "Scala",
        "mode": "cluster",
        "sparkVersion": "3.5.1",
        "image": "apache/spark:3.5.1",
        "mainClass": "org.apache.spark.examples.SparkPi",
        "mainApplicationFile": "local:///opt/spark/examples/jars/spark-examples.jar",
        "arguments": ["100"],
        "restartPolicy": ["type": "Never"],
        "driver": ["cores": 1, "memory": "512m", "serviceAccount": "spark"],
        "executor": ["cores": 1, "instances": 2, "memory": "512m"],
    ]

    static let validApplication: JSONValue = [
        "apiVersion": "sparkoperator.k8s.io/v1beta2",
        "kind": "SparkApplication",
        "metadata": ["name": "malformed"],
        "spec": validSpec,
    ]

    static let validScheduledApplication: JSONValue = [
        "apiVersion": "sparkoperator.k8s.io/v1beta2",
        "kind": "ScheduledSparkApplication",
        "metadata": ["name": "malformed"],
        "spec": ["schedule": "@every 5m", "concurrencyPolicy": "Allow", "template": validSpec],
    ]

    static let monitoring: JSONValue = [
        "exposeDriverMetrics": true, "exposeExecutorMetrics": true,
        "prometheus": ["jmxExporterJar": "/prometheus/jmx_prometheus_javaagent.jar", "port": 8090],
    ]

    static let all: [MalformedSpec] = [
        // Wrong types.
        app("spec.driver.cores", "two"),
        app("spec.executor.cores", "two"),
        app("spec.driver.memory", 512),
        app("spec.timeToLiveSeconds", "x"),
        app("spec.dynamicAllocation", ["enabled": "yes-please"], field: "spec.dynamicAllocation.enabled"),
        app("spec.arguments", "notalist"),
        app("spec.deps", ["jars": "a.jar"], field: "spec.deps.jars"),
        app("spec.sparkConf", "spark.a=b"),
        app("spec.executor.deleteOnTermination", "no"),
        app("spec.sparkConf", ["spark.executor.instances": 2], field: "spec.sparkConf.spark.executor.instances"),
        app("spec.volumes", ["name": "data"]),
        // Unknown enum values.
        app("spec.type", "Go"),
        app("spec.mode", "local"),
        app("spec.restartPolicy.type", "Sometimes"),
        app("spec.pythonVersion", "4"),
        // Below the minimums.
        app("spec.executor.instances", 0),
        app("spec.executor.instances", -1),
        app("spec.driver.cores", 0),
        app("spec.executor.cores", 0),
        app("spec.restartPolicy", ["type": "OnFailure", "onFailureRetryInterval": 0],
            field: "spec.restartPolicy.onFailureRetryInterval"),
        app("spec.restartPolicy", ["type": "OnFailure", "onFailureRetries": -1],
            field: "spec.restartPolicy.onFailureRetries"),
        app("spec.restartPolicy", ["type": "OnFailure", "onSubmissionFailureRetries": -1],
            field: "spec.restartPolicy.onSubmissionFailureRetries"),
        app("spec.restartPolicy", ["type": "OnFailure", "onSubmissionFailureRetryInterval": 0],
            field: "spec.restartPolicy.onSubmissionFailureRetryInterval"),
        app("spec.monitoring", monitoring.setting(["prometheus", "port"], to: 80),
            field: "spec.monitoring.prometheus.port"),
        app("spec.monitoring", monitoring.setting(["prometheus", "port"], to: 49152),
            field: "spec.monitoring.prometheus.port"),
        app("spec.sparkUIOptions", ["servicePort": 0], field: "spec.sparkUIOptions.servicePort"),
        // Patterns (kubeflow's podName pattern is unanchored: only a name without any [a-z0-9] fails).
        app("spec.driver.podName", "DRIVER_POD"),
        // Missing required fields.
        app("spec.driver", nil),
        app("spec.executor", nil),
        app("spec.sparkVersion", nil),
        app("spec.type", nil),
        app("spec.mainApplicationFile", nil),
        app("spec.monitoring", monitoring.setting(["exposeDriverMetrics"], to: nil),
            field: "spec.monitoring.exposeDriverMetrics"),
        app("spec.monitoring", monitoring.setting(["prometheus", "jmxExporterJar"], to: nil),
            field: "spec.monitoring.prometheus.jmxExporterJar"),
        // (The 1.20 API server names a required field inside an array without the index.)
        app("spec.driverIngressOptions", [["servicePort": 4041, "servicePortName": "extra-ui"]],
            field: "spec.driverIngressOptions.ingressURLFormat"),
        app("spec.driver.gpu", ["name": "nvidia.com/gpu"], field: "spec.driver.gpu.quantity"),
        // ScheduledSparkApplication.
        scheduled("spec.schedule", nil),
        scheduled("spec.template", nil),
        scheduled("spec.schedule", 5),
        scheduled("spec.suspend", "maybe"),
        scheduled("spec.successfulRunHistoryLimit", "one"),
        scheduled("spec.template.executor.instances", 0),
        scheduled("spec.template.type", "Go"),
        scheduled("spec.template.driver", nil),
    ]
}
