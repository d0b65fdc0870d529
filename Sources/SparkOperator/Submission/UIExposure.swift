import Kube
import SparkOperatorAPI

/// The Spark UI Service and Ingress and the `driverIngressOptions` Services and Ingresses, as
/// kubeflow creates them (`web_ui.go`, `driveringress.go`):
///
/// - Service: one port (name, port, targetPort, `protocol: TCP` written out), selector
///   `sparkoperator.k8s.io/app-name=<app>` + `spark-role=driver`, type, labels
///   `app-name` + `submission-id` (replaced by the configuration's `serviceLabels` when given) +
///   `created-by-spark-operator=true`, annotations `serviceAnnotations`.
/// - Ingress (`networking.k8s.io/v1`): one rule for the URL's host; path `pathType:
///   ImplementationSpecific` to the Service port; a sub-path becomes `<path>(/|$)(.*)` with
///   annotation `nginx.ingress.kubernetes.io/rewrite-target: /$2`; class, TLS and annotations.
enum UIExposure {
    struct ServicePort {
        var name: String
        var port: Int32
        var targetPort: Int32
        var type: String
        var labels: [String: String]?
        var annotations: [String: String]?
    }

    static func service(name: String, app: SparkApplication, port: ServicePort, resourceLabels: [String: String]) -> KubeService {
        var labels = (port.labels?.isEmpty == false ? port.labels : nil) ?? resourceLabels
        labels[KubeflowSubmitConf.createdByLabel] = "true"
        let spec: JSONValue = [
            "ports": [["name": .string(port.name), "port": .int(Int64(port.port)), "targetPort": .int(Int64(port.targetPort)), "protocol": "TCP"]],
            "selector": [KubeflowSubmitConf.appNameLabel: .string(app.name), "spark-role": "driver"],
            "type": .string(port.type),
        ]
        return KubeService(
            metadata: ObjectMeta(name: name, namespace: app.metadata.namespace, labels: labels,
                                 annotations: port.annotations?.isEmpty == false ? port.annotations : nil,
                                 ownerReferences: [app.controllerReference()]),
            spec: spec)
    }

    static func ingress(
        name: String, app: SparkApplication, url: IngressURL, serviceName: String, servicePort: Int32, className: String?,
        tls: [JSONValue]?, annotations: [String: String], resourceLabels: [String: String]
    ) -> Ingress {
        var annotations = annotations
        if url.hasSubPath { annotations["nginx.ingress.kubernetes.io/rewrite-target"] = "/$2" }
        var path: [String: JSONValue] = [
            "backend": ["service": ["name": .string(serviceName), "port": ["number": .int(Int64(servicePort))]]],
            "pathType": "ImplementationSpecific",
        ]
        if !url.ingressPath.isEmpty { path["path"] = .string(url.ingressPath) }
        var rule: [String: JSONValue] = ["http": ["paths": [.object(path)]]]
        if !url.host.isEmpty { rule["host"] = .string(url.host) }
        var spec: [String: JSONValue] = ["rules": [.object(rule)]]
        if let tls, !tls.isEmpty { spec["tls"] = .array(tls) }
        if let className, !className.isEmpty { spec["ingressClassName"] = .string(className) }
        var labels = resourceLabels
        labels[KubeflowSubmitConf.createdByLabel] = "true"
        return Ingress(
            metadata: ObjectMeta(name: name, namespace: app.metadata.namespace, labels: labels,
                                 annotations: annotations.isEmpty ? nil : annotations, ownerReferences: [app.controllerReference()]),
            spec: .object(spec))
    }
}
