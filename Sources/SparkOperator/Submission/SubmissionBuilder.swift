import Kube
import SparkOperatorAPI

/// Builds, without running spark-submit and without I/O, everything one submission attempt of a
/// SparkApplication creates: what spark-submit 3.5 (cluster mode) would create from the arguments
/// kubeflow gives it, the changes kubeflow's mutating webhook would make to the pods (applied to
/// the driver pod directly and to the executors through a pod template), and the objects
/// kubeflow's controller creates itself (UI Service and Ingress, driver ingresses, Prometheus
/// ConfigMap, PodGroup).
///
/// The result is a function of the application, the attempt number and the options only: ids and
/// names derive from `metadata.uid`, `metadata.generation` and `attempt` (`SubmissionIdentity`), so a restarted
/// operator plans the very same objects and can adopt the ones that already exist.
public enum SubmissionBuilder {
    /// Plans submission attempt `attempt` (1 for the first; the reconciler passes the attempt it
    /// is making, e.g. `status.submissionAttempts + 1`) of `app`, which must have
    /// `metadata.uid` and `metadata.namespace`. kubeflow's spec defaults are applied first and
    /// the spec is validated; anything spark-submit or kubeflow would refuse, and anything only a
    /// submitter with its own disk could do, throws a `SubmissionError` naming the field.
    public static func plan(for app: SparkApplication, attempt: Int32, options: SubmissionOptions) throws(SubmissionError) -> SubmissionPlan {
        guard let uid = app.metadata.uid, !uid.isEmpty else {
            throw .invalidValue(field: "metadata.uid", value: "", message: "required: ids and names are derived from it")
        }
        guard let namespace = app.metadata.namespace, !namespace.isEmpty else {
            throw .invalidValue(field: "metadata.namespace", value: "", message: "required")
        }
        var app = app
        app.spec = app.spec.withDefaults()
        let errors = validate(app)
        if !errors.isEmpty { throw .invalidSpec(errors) }
        if app.spec.mode != .cluster {
            throw .unsupported(field: "spec.mode", value: app.spec.mode?.rawValue ?? "",
                               message: "only cluster mode is supported: the driver runs in its own pod")
        }

        let identity = SubmissionIdentity(uid: uid, attempt: attempt, generation: app.metadata.generation)
        let name = app.name
        let driverPodName = ResourceNames.driverPod(app: name, spec: app.spec)
        let resourceLabels = [KubeflowSubmitConf.appNameLabel: name, KubeflowSubmitConf.submissionIDLabel: identity.submissionID]
        var driverInfo = DriverInfo()
        driverInfo.podName = driverPodName

        // kubeflow configWebUI: a UI Ingress on a sub-path makes the UI serve under it.
        var uiURL: IngressURL?
        if options.enableUIService, let format = options.ingressURLFormat, !format.isEmpty {
            let url = try IngressURL(format: format, appName: name, appNamespace: namespace, appID: identity.sparkAppID,
                                     field: "--ingress-url-format")
            if !url.path.isEmpty {
                var conf = app.spec.sparkConf ?? [:]
                conf["spark.ui.proxyBase"] = url.path
                conf["spark.ui.proxyRedirectUri"] = "/"
                app.spec.sparkConf = conf
            }
            uiURL = url
        }
        PrometheusMonitoring.configure(&app.spec, app: name, namespace: namespace)
        let resources = try PodResources(spec: app.spec)
        let podGroup = try BatchScheduling.configure(&app, options: options, resources: resources)

        let kubeflowConf = try KubeflowSubmitConf.build(app: app, submissionID: identity.submissionID, driverPodName: driverPodName)
        let driverServiceName = ResourceNames.driverService(app: name, resourceID: identity.resourceID)
        let configMapName = ResourceNames.driverConfigMap(resourceID: identity.resourceID)
        let submit = try SparkSubmitConf(
            kubeflow: kubeflowConf, app: app, identity: identity, driverServiceName: driverServiceName, options: options)
        let conf = submit.conf
        if conf["spark.kubernetes.executor.container.image"] ?? conf["spark.kubernetes.container.image"] == nil {
            throw .invalidValue(field: "spec.image", value: "", message: "required: the container image of the executors (or spec.executor.image)")
        }

        let driverPod = try DriverPodBuilder(
            app: app, submit: submit, resources: resources, podName: driverPodName, configMapName: configMapName,
            sparkUser: options.sparkUser, localDirUUID: identity.localDirUUID
        ).build()
        let executorTemplate = try ExecutorPodTemplateBuilder.build(app: app, conf: conf)

        var operatorLabels = resourceLabels
        operatorLabels[KubeflowSubmitConf.createdByLabel] = "true"
        let configMap = ConfigMap(
            metadata: ObjectMeta(name: configMapName, namespace: namespace, labels: operatorLabels, ownerReferences: [app.controllerReference()]),
            data: [
                PodNames.propertiesKey: JavaProperties.render(
                    conf.values, comment: "Java properties built from Kubernetes config map with name: \(configMapName)"),
                PodNames.podTemplateKey: executorTemplate.prettyJSON,
                "spark.kubernetes.namespace": namespace,
            ],
            immutable: true)
        let driverService = DriverServiceBuilder.build(
            name: driverServiceName, app: app, conf: conf, driverPod: driverPod, submit: submit, operatorLabels: operatorLabels)

        var uiService: KubeService?
        var uiIngress: Ingress?
        if options.enableUIService {
            let ui = app.spec.sparkUIOptions
            let serviceName = ResourceNames.uiService(app: name)
            let port = UIExposure.ServicePort(
                name: app.spec.uiServicePortName, port: app.spec.uiServicePort, targetPort: app.spec.uiTargetPort,
                type: app.spec.uiServiceType, labels: ui?.serviceLabels, annotations: ui?.serviceAnnotations)
            uiService = UIExposure.service(name: serviceName, app: app, port: port, resourceLabels: resourceLabels)
            driverInfo.webUIServiceName = serviceName
            driverInfo.webUIPort = port.port
            if let url = uiURL {
                let ingressName = ResourceNames.uiIngress(app: name)
                let annotations = (options.ingressAnnotations ?? [:]).merging(ui?.ingressAnnotations ?? [:]) { _, n in n }
                let tls = (ui?.ingressTLS?.isEmpty == false) ? ui?.ingressTLS : options.ingressTLS
                uiIngress = UIExposure.ingress(
                    name: ingressName, app: app, url: url, serviceName: serviceName, servicePort: port.port,
                    className: options.ingressClassName, tls: tls, annotations: annotations, resourceLabels: resourceLabels)
                driverInfo.webUIIngressName = ingressName
                driverInfo.webUIIngressAddress = url.description
            }
        }

        var driverIngressServices: [KubeService] = []
        var driverIngresses: [Ingress] = []
        for (i, option) in (app.spec.driverIngressOptions ?? []).enumerated() {
            guard let servicePort = option.servicePort else {
                throw .invalidValue(field: "spec.driverIngressOptions[\(i)].servicePort", value: "", message: "required")
            }
            let serviceName = ResourceNames.driverIngressService(app: name, port: servicePort)
            let port = UIExposure.ServicePort(
                name: option.servicePortName ?? "driver-ing-\(servicePort)", port: servicePort, targetPort: servicePort,
                type: option.serviceType ?? "ClusterIP", labels: option.serviceLabels, annotations: option.serviceAnnotations)
            driverIngressServices.append(UIExposure.service(name: serviceName, app: app, port: port, resourceLabels: resourceLabels))
            if let format = option.ingressURLFormat, !format.isEmpty {
                let url = try IngressURL(format: format, appName: name, appNamespace: namespace, appID: identity.sparkAppID,
                                         field: "spec.driverIngressOptions[\(i)].ingressURLFormat")
                driverIngresses.append(UIExposure.ingress(
                    name: ResourceNames.driverIngress(app: name, port: servicePort), app: app, url: url, serviceName: serviceName,
                    servicePort: servicePort, className: options.ingressClassName, tls: option.ingressTLS,
                    annotations: option.ingressAnnotations ?? [:], resourceLabels: resourceLabels))
            }
        }

        let monitoringConfigMap = PrometheusMonitoring.configMap(
            spec: app.spec, app: app,
            labels: [KubeflowSubmitConf.createdByLabel: "true", KubeflowSubmitConf.appNameLabel: name])

        return SubmissionPlan(
            submissionID: identity.submissionID, sparkAppID: identity.sparkAppID, driverPodName: driverPodName,
            configMap: configMap, driverPod: driverPod, driverService: driverService, uiService: uiService, uiIngress: uiIngress,
            driverIngressServices: driverIngressServices, driverIngresses: driverIngresses,
            monitoringConfigMap: monitoringConfigMap, podGroup: podGroup, sparkProperties: conf.values,
            executorPodTemplate: executorTemplate, driverInfo: driverInfo)
    }
}
