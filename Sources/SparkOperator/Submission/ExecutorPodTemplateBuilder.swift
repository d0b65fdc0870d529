import SparkOperatorAPI

/// The executor pod template (`spark.kubernetes.executor.podTemplateFile`) the driver applies to
/// every executor it creates, carrying what kubeflow's webhook would patch into executor pods,
/// with `spec.executor.template` merged underneath.
///
/// Everything Spark derives from configuration (labels, annotations, image, resources, secrets,
/// `spark.kubernetes.executor.volumes.*`, node selector, service account, env from
/// `spark.executorEnv.*`) is applied by the driver's own feature steps and is not repeated here,
/// except the executor labels and annotations, which are written into the template's metadata
/// too so that it documents them (Spark writes the same values over them).
///
/// Known limit: Spark's `BasicExecutorFeatureStep` sets `limits.memory` to the executor's memory
/// plus overhead over whatever the template says, so `spec.executor.memoryLimit`, though written
/// into the template, does not reach executors (kubeflow's webhook patches it after Spark).
enum ExecutorPodTemplateBuilder {
    static func build(app: SparkApplication, conf: SparkConf) throws(SubmissionError) -> JSONValue {
        var pod = PodDraft(containerName: PodNames.executorContainer)
        for (key, value) in conf.withPrefix("spark.kubernetes.executor.label.") {
            if DriverPodBuilder.reservedLabels.contains(key) || key == "spark-exec-id" || key == "spark-exec-resourceprofile-id" {
                throw .invalidValue(field: DriverPodBuilder.labelField(key, spec: app.spec, app: app, role: "executor"), value: value,
                                    message: "label \(key) is reserved for Spark bookkeeping")
            }
            if !value.contains("{{") { pod.labels[key] = value }
        }
        for (key, value) in conf.withPrefix("spark.kubernetes.executor.annotation.") where !value.contains("{{") {
            pod.annotations[key] = value
        }
        let template = app.spec.executor.template
        try PodCustomization.apply(to: &pod, role: .executor, app: app, templateVolumes: PodTemplateMerge.volumeNames(template))
        var json = PodTemplateMerge.merge(template: template, into: pod.json, sparkContainer: PodNames.executorContainer)
        json["apiVersion"] = "v1"
        json["kind"] = "Pod"
        return json
    }
}
