import SparkOperatorAPI

/// What kubeflow's mutating webhook (`internal/webhook/sparkpod_defaulter.go`) patches into a
/// driver or executor pod, in its order, applied here directly: into the driver pod, and into the
/// executor pod template the driver applies to every executor.
///
/// Differences from the webhook, all deliberate: env vars are upserted by name (the webhook
/// appends, and the last duplicate wins in the container anyway); a volume mount whose volume is
/// neither in `spec.volumes` nor in the role's pod template fails the submission (the webhook
/// drops it silently); executor `env` is applied even when the driver has none (kubeflow checks
/// the driver's list for both roles); a ConfigMap volume name that is not a valid DNS label is
/// made one (`ResourceNames.configMapVolume`).
enum PodCustomization {
    enum Role: String, Sendable {
        case driver, executor
    }

    static func apply(
        to pod: inout PodDraft, role: Role, app: SparkApplication, templateVolumes: Set<String>
    ) throws(SubmissionError) {
        let spec = app.spec
        let podSpec = role == .driver ? spec.driver.pod : spec.executor.pod
        let path = "spec.\(role.rawValue)"
        let lifecycle = role == .driver ? spec.driver.lifecycle : spec.executor.lifecycle
        let ports = role == .driver ? spec.driver.ports : spec.executor.ports
        let priorityClassName = role == .driver ? spec.driver.priorityClassName : spec.executor.priorityClassName

        for env in podSpec.env ?? [] { pod.upsertEnv(env) }
        pod.appendEnvFrom(podSpec.envFrom ?? [])
        if let name = spec.hadoopConfigMap {
            addConfigMap(&pod, name: name, volume: PodNames.hadoopConfigMapVolume, path: PodNames.hadoopConfigMapDir)
            pod.upsertEnv("HADOOP_CONF_DIR", PodNames.hadoopConfigMapDir)
        }
        if let name = spec.sparkConfigMap {
            addConfigMap(&pod, name: name, volume: PodNames.sparkConfigMapVolume, path: PodNames.sparkConfigMapDir)
            pod.upsertEnv("SPARK_CONF_DIR", PodNames.sparkConfigMapDir)
        }
        for cm in podSpec.configMaps ?? [] {
            addConfigMap(&pod, name: cm.name, volume: ResourceNames.configMapVolume(cm.name), path: cm.path)
        }
        let volumes = spec.volumes ?? []
        var added: Set<String> = []
        for (i, mount) in (podSpec.volumeMounts ?? []).enumerated() {
            let name = mount["name"]?.stringValue ?? ""
            if name.hasPrefix(KubeflowSubmitConf.localDirPrefix) { continue }
            if let volume = volumes.first(where: { $0["name"]?.stringValue == name }) {
                if added.insert(name).inserted { pod.addVolume(volume) }
            } else if !templateVolumes.contains(name) {
                throw .invalidValue(field: "\(path).volumeMounts[\(i)]", value: name,
                                    message: "volume \(name) not found in spec.volumes (or in \(path).template)")
            }
            pod.addMount(mount)
        }
        for port in ports ?? [] {
            pod.addPort(["name": .string(port.name), "containerPort": .int(Int64(port.containerPort)), "protocol": .string(port.protocol)])
        }
        if podSpec.hostNetwork == true {
            pod.spec["hostNetwork"] = true
            pod.spec["dnsPolicy"] = "ClusterFirstWithHostNet"
        }
        pod.append("hostAliases", podSpec.hostAliases ?? [])
        for c in podSpec.initContainers ?? [] where !hasContainer(pod.spec["initContainers"]?.arrayValue ?? [], c) {
            pod.append("initContainers", [c])
        }
        for c in podSpec.sidecars ?? [] where !hasContainer([.object(pod.container)] + pod.sidecars, c) {
            pod.sidecars.append(c)
        }
        if let dns = podSpec.dnsConfig { pod.spec["dnsConfig"] = dns }
        if let priority = priorityClassName, !priority.isEmpty {
            pod.spec["priorityClassName"] = .string(priority)
            pod.spec["priority"] = nil
            pod.spec["preemptionPolicy"] = nil
        }
        if let scheduler = spec.batchScheduler.flatMap({ $0.isEmpty ? nil : $0 }) ?? podSpec.schedulerName, !scheduler.isEmpty {
            pod.spec["schedulerName"] = .string(scheduler)
        }
        pod.mergeNodeSelector(podSpec.nodeSelector ?? [:])
        if let affinity = podSpec.affinity { pod.spec["affinity"] = affinity }
        pod.append("tolerations", podSpec.tolerations ?? [])
        if let limit = podSpec.memoryLimit {
            do {
                pod.setResource("limits", "memory", try SparkMemory.kubernetesQuantity(fromJavaMemory: limit).description)
            } catch {
                throw .invalidValue(field: "\(path).memoryLimit", value: limit, message: "not a memory size such as 2g or 2Gi")
            }
        }
        if let gpu = podSpec.gpu, !gpu.name.isEmpty, gpu.quantity > 0 {
            pod.setResource("limits", gpu.name, "\(gpu.quantity)")
        }
        if PrometheusMonitoring.usesConfigMap(spec), let monitoring = spec.monitoring, let prometheus = monitoring.prometheus,
           role == .driver ? monitoring.exposeDriverMetrics : monitoring.exposeExecutorMetrics {
            addConfigMap(&pod, name: ResourceNames.prometheusConfigMap(app: app.name),
                         volume: ResourceNames.prometheusVolume(app: app.name), path: MonitoringSpec.configMountPath)
            pod.addPort(["name": .string(prometheus.effectivePortName), "containerPort": .int(Int64(prometheus.effectivePort)),
                         "protocol": "TCP"])
        }
        if let context = podSpec.securityContext { pod.container["securityContext"] = context }
        if let context = podSpec.podSecurityContext { pod.spec["securityContext"] = context }
        if let grace = podSpec.terminationGracePeriodSeconds { pod.spec["terminationGracePeriodSeconds"] = .int(grace) }
        if let lifecycle { pod.container["lifecycle"] = lifecycle }
        if podSpec.shareProcessNamespace == true { pod.spec["shareProcessNamespace"] = true }
    }

    /// A ConfigMap volume and its read-only mount (`addConfigMapVolume` + `addConfigMapVolumeMount`).
    static func addConfigMap(_ pod: inout PodDraft, name: String, volume: String, path: String) {
        pod.addVolume(["name": .string(volume), "configMap": ["name": .string(name)]])
        pod.addMount(["name": .string(volume), "readOnly": true, "mountPath": .string(path)])
    }

    /// kubeflow's `hasContainer`: a container with the same name and image.
    private static func hasContainer(_ list: [JSONValue], _ c: JSONValue) -> Bool {
        list.contains { $0["name"] == c["name"] && $0["image"] == c["image"] }
    }
}
