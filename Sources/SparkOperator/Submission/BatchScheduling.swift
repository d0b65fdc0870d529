import SparkOperatorAPI

/// kubeflow's batch schedulers (`internal/scheduler/*`), applied when `--enable-batch-scheduler`
/// is on and the application names one (`spec.batchScheduler`, else `--default-batch-scheduler`):
///
/// - **volcano**: PodGroup `scheduling.volcano.sh/v1beta1` `spark-<app>-pg` (minMember 1,
///   minResources = `batchSchedulerOptions.resources` or driver + initial executors' requests,
///   queue, priorityClassName) and annotation `scheduling.k8s.io/group-name` on driver and
///   executors — unless the driver already carries that annotation.
/// - **yunikorn**: label `queue=<queue>` on driver and executors (when a queue is given),
///   annotations `yunikorn.apache.org/task-group-name` (`spark-driver`/`spark-executor`) and, on
///   the driver, `yunikorn.apache.org/task-groups` (JSON; the executor group only when there are
///   initial executors).
/// - **a name in `--kube-scheduler-names`**: scheduler-plugins PodGroup
///   `scheduling.x-k8s.io/v1alpha1` `<app>-pg` (minMember 1, minResources) and label
///   `scheduling.x-k8s.io/pod-group=<app>-pg` on the application, hence on its pods.
///
/// Any other name fails the submission, as kubeflow's "failed to get scheduler". Independently
/// of the flag, the pods' `schedulerName` is `spec.batchScheduler` when set (kubeflow's webhook).
enum BatchScheduling {
    static let volcano = "volcano"
    static let yunikorn = "yunikorn"
    static let volcanoGroupAnnotation = "scheduling.k8s.io/group-name"
    static let schedulerPluginsPodGroupLabel = "scheduling.x-k8s.io/pod-group"

    /// Applies the scheduler's changes to the application (labels, annotations) and returns the
    /// PodGroup to create, if any.
    static func configure(
        _ app: inout SparkApplication, options: SubmissionOptions, resources: PodResources
    ) throws(SubmissionError) -> JSONValue? {
        guard options.enableBatchScheduler else { return nil }
        var name = options.defaultBatchScheduler ?? ""
        if let own = app.spec.batchScheduler, !own.isEmpty { name = own }
        if name.isEmpty { return nil }

        if name == volcano {
            if app.spec.driver.annotations?[volcanoGroupAnnotation] != nil { return nil }
            let group = ResourceNames.volcanoPodGroup(app: app.name)
            app.spec.driver.annotations = (app.spec.driver.annotations ?? [:]).merging([volcanoGroupAnnotation: group]) { _, n in n }
            app.spec.executor.annotations = (app.spec.executor.annotations ?? [:]).merging([volcanoGroupAnnotation: group]) { _, n in n }
            var spec: [String: JSONValue] = ["minMember": 1, "minResources": .object(minResources(app.spec, resources).mapValues { .string($0) })]
            if let queue = app.spec.batchSchedulerOptions?.queue { spec["queue"] = .string(queue) }
            if let priority = app.spec.batchSchedulerOptions?.priorityClassName { spec["priorityClassName"] = .string(priority) }
            return podGroup(apiVersion: "scheduling.volcano.sh/v1beta1", name: group, app: app, spec: .object(spec))
        }
        if name == yunikorn {
            try configureYunikorn(&app, resources: resources)
            return nil
        }
        if options.kubeSchedulerNames.contains(name) {
            let group = ResourceNames.schedulerPluginsPodGroup(app: app.name)
            app.metadata.labels = (app.metadata.labels ?? [:]).merging([schedulerPluginsPodGroupLabel: group]) { _, n in n }
            let spec: JSONValue = ["minMember": 1, "minResources": .object(minResources(app.spec, resources).mapValues { .string($0) })]
            return podGroup(apiVersion: "scheduling.x-k8s.io/v1alpha1", name: group, app: app, spec: spec)
        }
        throw .unsupported(
            field: app.spec.batchScheduler == nil ? "--default-batch-scheduler" : "spec.batchScheduler", value: name,
            message: "unknown batch scheduler: use volcano, yunikorn or one of --kube-scheduler-names (\(options.kubeSchedulerNames.joined(separator: ", ")))")
    }

    /// `batchSchedulerOptions.resources` when given, else the driver's requests plus the initial
    /// executors' requests (cpu and memory as the pods request them).
    static func minResources(_ spec: SparkApplicationSpec, _ resources: PodResources) -> [String: String] {
        if let given = spec.batchSchedulerOptions?.resources, !given.isEmpty {
            return given.mapValues { $0.stringValue ?? $0.intValue.map { "\($0)" } ?? "\($0)" }
        }
        let executors = Int64(initialExecutors(spec))
        var cpu = resources.driverCPU
        var memory = Quantity.mebibytes(resources.driverMemoryMiB)
        cpu += resources.executorCPU.multiplied(by: executors)
        memory += Quantity.mebibytes(resources.executorMemoryMiB).multiplied(by: executors)
        return ["cpu": cpu.description, "memory": memory.description]
    }

    /// Executors at start: with dynamic allocation the largest of instances, `minExecutors` and
    /// `initialExecutors` (Spark's `getInitialTargetExecutorNumber`), else `instances` (1 by default).
    static func initialExecutors(_ spec: SparkApplicationSpec) -> Int32 {
        let instances = spec.executor.instances ?? spec.sparkConf?["spark.executor.instances"].flatMap { Int32($0) }
        if spec.dynamicAllocation?.enabled == true {
            let da = spec.dynamicAllocation
            return max(instances ?? 0, da?.minExecutors ?? 0, da?.initialExecutors ?? 0)
        }
        return instances ?? 1
    }

    private static func configureYunikorn(_ app: inout SparkApplication, resources: PodResources) throws(SubmissionError) {
        if let queue = app.spec.batchSchedulerOptions?.queue {
            app.spec.driver.labels = (app.spec.driver.labels ?? [:]).merging(["queue": queue]) { _, n in n }
            app.spec.executor.labels = (app.spec.executor.labels ?? [:]).merging(["queue": queue]) { _, n in n }
        }
        let spec = app.spec
        func group(_ name: String, members: Int32, cpu: Quantity, memoryMiB: Int64, pod: SparkPodSpec) -> JSONValue {
            var g: [String: JSONValue] = [
                "name": .string(name), "minMember": .int(Int64(members)),
                "minResource": ["cpu": .string(cpu.description), "memory": .string(Quantity.mebibytes(memoryMiB).description)],
            ]
            let selector = (spec.nodeSelector ?? [:]).merging(pod.nodeSelector ?? [:]) { _, n in n }
            if !selector.isEmpty { g["nodeSelector"] = .object(selector.mapValues { .string($0) }) }
            if let t = pod.tolerations, !t.isEmpty { g["tolerations"] = .array(t) }
            if let a = pod.affinity { g["affinity"] = a }
            if let l = pod.labels, !l.isEmpty { g["labels"] = .object(l.mapValues { .string($0) }) }
            return .object(g)
        }
        var groups = [group("spark-driver", members: 1, cpu: resources.driverCPU, memoryMiB: resources.driverMemoryMiB, pod: spec.driver.pod)]
        let executors = initialExecutors(spec)
        if executors > 0 {
            groups.append(group("spark-executor", members: executors, cpu: resources.executorCPU,
                                memoryMiB: resources.executorMemoryMiB, pod: spec.executor.pod))
        }
        let json = JSONValue.array(groups).compactJSON
        app.spec.driver.annotations = (app.spec.driver.annotations ?? [:]).merging([
            "yunikorn.apache.org/task-group-name": "spark-driver", "yunikorn.apache.org/task-groups": json,
        ]) { _, n in n }
        app.spec.executor.annotations = (app.spec.executor.annotations ?? [:]).merging([
            "yunikorn.apache.org/task-group-name": "spark-executor",
        ]) { _, n in n }
    }

    private static func podGroup(apiVersion: String, name: String, app: SparkApplication, spec: JSONValue) -> JSONValue {
        let owner: [String: JSONValue] = [
            "apiVersion": .string(SparkApplication.resourceType.apiVersion), "kind": .string(SparkApplication.resourceType.kind),
            "name": .string(app.name), "uid": .string(app.metadata.uid ?? ""), "controller": true, "blockOwnerDeletion": true,
        ]
        return [
            "apiVersion": .string(apiVersion), "kind": "PodGroup",
            "metadata": ["name": .string(name), "namespace": .string(app.namespace), "ownerReferences": [.object(owner)]],
            "spec": spec,
        ]
    }
}
