import Foundation
import Kube
import Logging
import SparkOperatorAPI

/// What a Spark driver does against the API server, simulated for a driver pod that runs:
/// reads its configuration (`SparkDriverConf`), creates the executor ConfigMap
/// (`spark-exec-<id>-conf-map`, labelled and owned like Spark's) and its initial executor pods
/// (`SparkExecutorPodBuilder`); at its end deletes them by label, as `SparkContext.stop()` does,
/// or has them exit 0.
struct SimulatedSparkDriver: Sendable {
    let client: KubeClient
    let retry: KubeletRetry
    let registry: PodRegistry
    let journal: KubeletJournal
    let logger: Logger

    /// The executors a driver created.
    struct Executors: Sendable {
        var appID: String
        var names: [String]
        /// `spark.kubernetes.executor.deleteOnTermination` (default true): false keeps them, ended.
        var deleteOnTermination: Bool
    }

    /// Creates the driver's executors; throws `SparkDriverConf.StartError` when Spark could not
    /// start (its executor pod template is missing, or the API server rejects an executor pod).
    func start(_ handle: PodHandle) async throws -> Executors {
        let driver = handle.latest
        let conf = try await retry.run("reading the configuration of driver \(driver.key)") {
            try await SparkDriverConf.load(driver: driver, client: client)
        }
        let appID =
            conf.properties["spark.app.id"] ?? driver.metadata.labels?["spark-app-selector"]
            ?? "spark-" + driver.uid.replacingOccurrences(of: "-", with: "")
        handle.executorAppID = appID
        let configMapName = "spark-exec-\(SparkExecutorPodBuilder.uniqueID())-conf-map"
        let builder = SparkExecutorPodBuilder(
            driver: driver, properties: conf.properties, template: conf.executorTemplate, appId: appID,
            namePrefix: SparkExecutorPodBuilder.namePrefix(driver: driver, properties: conf.properties),
            configMapName: configMapName)

        let configMap = ConfigMap(
            metadata: ObjectMeta(
                name: configMapName, namespace: driver.namespace,
                labels: ["spark-app-selector": appID, "spark-role": "executor"],
                ownerReferences: [ownerReference(driver)]),
            data: ["spark.kubernetes.namespace": driver.namespace], immutable: true)
        try await create(configMap, what: "executor ConfigMap \(configMapName)")

        var names: [String] = []
        for id in stride(from: 1, through: conf.initialExecutors, by: 1) {
            let pod = builder.pod(executorId: id, localDir: "/var/data/spark-\(UUID().uuidString.lowercased())")
            try await create(pod, what: "executor pod \(pod.name)")
            names.append(pod.name)
        }
        journal.record(KubeletEvent(namespace: handle.namespace, name: handle.name, uid: handle.uid, kind: .executorsCreated(names)))
        let keep = conf.properties["spark.kubernetes.executor.deleteOnTermination"]?.lowercased() == "false"
        return Executors(appID: appID, names: names, deleteOnTermination: !keep)
    }

    /// At the driver's end: deletes its executors, or (`end` is `.succeed`, or the driver's
    /// `spark.kubernetes.executor.deleteOnTermination` is false) has them exit 0 and waits until
    /// they have.
    func stop(_ executors: Executors, of handle: PodHandle, _ end: PodScript.ExecutorsAtEnd, timeout: Duration) async throws {
        switch executors.deleteOnTermination ? end : .succeed {
        case .delete:
            try await deleteExecutors(appID: executors.appID, of: handle)
        case .succeed:
            var stopped: [PodHandle] = []
            for name in executors.names {
                // The watch may not have delivered a just-created executor yet.
                let executor = try? await eventually("executor \(handle.namespace)/\(name) taken on", timeout: timeout) {
                    registry.handle(namespace: handle.namespace, name: name)
                }
                guard let executor else { continue }
                executor.stopRequested.fire(.completed)
                stopped.append(executor)
            }
            for executor in stopped {
                _ = try await eventually("executor \(executor.namespace)/\(executor.name) to end", timeout: timeout) {
                    executor.finished.value != nil || executor.isGone ? true : nil
                }
            }
            journal.record(
                KubeletEvent(
                    namespace: handle.namespace, name: handle.name, uid: handle.uid, kind: .executorsStopped(executors.names)))
        }
    }

    /// Deletes the executor pods and ConfigMap labelled with the driver's app id (if it created any).
    func deleteExecutors(of handle: PodHandle) async throws {
        guard let appID = handle.executorAppID else { return }
        try await deleteExecutors(appID: appID, of: handle)
    }

    private func deleteExecutors(appID: String, of handle: PodHandle) async throws {
        let selector = ListOptions(labelSelector: "spark-app-selector=\(appID),spark-role=executor")
        try await retry.run("deleting the executors of \(handle.namespace)/\(handle.name)") {
            try await client.deleteCollection(Pod.self, namespace: handle.namespace, listOptions: selector)
            try await client.deleteCollection(ConfigMap.self, namespace: handle.namespace, listOptions: selector)
        }
        journal.record(KubeletEvent(namespace: handle.namespace, name: handle.name, uid: handle.uid, kind: .executorsDeleted))
    }

    private func ownerReference(_ driver: Pod) -> OwnerReference {
        OwnerReference(apiVersion: "v1", kind: "Pod", name: driver.name, uid: driver.uid, controller: true)
    }

    private func create<T: KubernetesObject>(_ object: T, what: String) async throws {
        do {
            _ = try await retry.run("creating \(what)") { try await client.create(object) }
        } catch let error as KubeAPIError where error.isAlreadyExists {
            logger.debug("\(what) exists already")
        } catch let error as KubeAPIError {
            throw SparkDriverConf.StartError(description: "the API server rejected \(what): \(error)")
        }
    }
}
