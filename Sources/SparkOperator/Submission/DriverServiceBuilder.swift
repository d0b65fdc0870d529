import Kube
import SparkOperatorAPI

/// The headless driver Service spark-submit 3.5 creates (`DriverServiceFeatureStep`): no cluster
/// IP, single-stack IPv4, ports `driver-rpc-port`, `blockmanager` and `spark-ui` with
/// `protocol: TCP` written out (the 1.20 API server rejects a server-side apply without it), the
/// driver pod's Spark and custom labels as selector, labels `spark-app-selector` and
/// `spark.kubernetes.driver.service.label.*`, annotations `…service.annotation.*`.
enum DriverServiceBuilder {
    static func build(
        name: String, app: SparkApplication, conf: SparkConf, driverPod: Pod, submit: SparkSubmitConf, operatorLabels: [String: String]
    ) -> KubeService {
        let appID = conf["spark.app.id"] ?? ""
        var labels = Dictionary(uniqueKeysWithValues: conf.withPrefix("spark.kubernetes.driver.service.label.").map { ($0.key, $0.value) })
        labels["spark-app-selector"] = appID
        labels.merge(operatorLabels) { _, n in n }
        let annotations = Dictionary(uniqueKeysWithValues: conf.withPrefix("spark.kubernetes.driver.service.annotation.").map { ($0.key, $0.value) })
        // The selector is the driver's labels from configuration (`KubernetesDriverConf.labels`),
        // not those a template or the webhook add.
        var selector: [String: JSONValue] = [:]
        for (key, value) in conf.withPrefix("spark.kubernetes.driver.label.") {
            selector[key] = .string(DriverPodBuilder.substituteIDs(value, appID: appID))
        }
        for key in DriverPodBuilder.reservedLabels { selector[key] = driverPod.metadata.labels?[key].map { .string($0) } }
        func port(_ name: String, _ number: Int32) -> JSONValue {
            ["name": .string(name), "port": .int(Int64(number)), "targetPort": .int(Int64(number)), "protocol": "TCP"]
        }
        let spec: JSONValue = [
            "clusterIP": "None",
            "ipFamilies": .array((conf["spark.kubernetes.driver.service.ipFamilies"] ?? "IPv4").split(separator: ",").map { .string(String($0)) }),
            "ipFamilyPolicy": .string(conf["spark.kubernetes.driver.service.ipFamilyPolicy"] ?? "SingleStack"),
            "ports": [port("driver-rpc-port", submit.driverPort), port("blockmanager", submit.blockManagerPort), port("spark-ui", submit.uiPort)],
            "selector": .object(selector),
        ]
        return KubeService(
            metadata: ObjectMeta(
                name: name, namespace: app.metadata.namespace, labels: labels, annotations: annotations.isEmpty ? nil : annotations,
                ownerReferences: [app.controllerReference()]),
            spec: spec)
    }
}
