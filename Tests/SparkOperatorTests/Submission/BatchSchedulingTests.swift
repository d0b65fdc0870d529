import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// kubeflow's volcano, yunikorn and scheduler-plugins integrations.
@Suite struct BatchSchedulingTests {
    typealias F = SubmissionFixture
    static let enabled = SubmissionOptions(enableBatchScheduler: true, kubeSchedulerNames: ["scheduler-plugins-scheduler"])

    static func app(_ scheduler: String?, _ configure: @escaping (inout SparkApplicationSpec) -> Void = { _ in }) -> SparkApplication {
        F.app { spec in
            spec.batchScheduler = scheduler
            spec.executor.instances = 2
            configure(&spec)
        }
    }

    @Test func volcano() throws {
        let plan = try F.plan(Self.app("volcano") {
            $0.batchSchedulerOptions = BatchSchedulerConfiguration()
            $0.batchSchedulerOptions?.queue = "q"
            $0.batchSchedulerOptions?.priorityClassName = "p"
        }, options: Self.enabled)
        #expect(plan.podGroup == [
            "apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "PodGroup",
            "metadata": ["name": "spark-pi-pg", "namespace": "ns", "ownerReferences": [[
                "apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication", "name": "pi", "uid": .string(F.uid),
                "controller": true, "blockOwnerDeletion": true]]],
            // 1 + 2 × 1 cores; 1408Mi + 2 × 1408Mi.
            "spec": ["minMember": 1, "minResources": ["cpu": "3", "memory": "4224Mi"], "queue": "q", "priorityClassName": "p"],
        ])
        #expect(plan.sparkProperties["spark.kubernetes.driver.annotation.scheduling.k8s.io/group-name"] == "spark-pi-pg")
        #expect(plan.sparkProperties["spark.kubernetes.executor.annotation.scheduling.k8s.io/group-name"] == "spark-pi-pg")
        #expect(try F.json(plan.driverPod)["metadata"]?["annotations"]?["scheduling.k8s.io/group-name"] == "spark-pi-pg")
        #expect(try F.json(plan.driverPod)["spec"]?["schedulerName"] == "volcano")
        #expect(plan.executorPodTemplate["spec"]?["schedulerName"] == "volcano")
    }

    @Test func volcanoResourcesOverrideAndDynamicAllocation() throws {
        let given = try F.plan(Self.app("volcano") {
            $0.batchSchedulerOptions = BatchSchedulerConfiguration()
            $0.batchSchedulerOptions?.resources = ["cpu": "10", "memory": "20Gi"]
        }, options: Self.enabled)
        #expect(given.podGroup?["spec"]?["minResources"] == ["cpu": "10", "memory": "20Gi"])
        // With dynamic allocation the initial executors are the largest of instances, min and initial.
        let dynamic = try F.plan(Self.app("volcano") {
            $0.executor.instances = nil
            $0.executor.coreRequest = "500m"
            $0.dynamicAllocation = DynamicAllocation(enabled: true)
            $0.dynamicAllocation?.minExecutors = 1
            $0.dynamicAllocation?.initialExecutors = 3
        }, options: Self.enabled)
        #expect(dynamic.podGroup?["spec"]?["minResources"] == ["cpu": "2500m", "memory": "5632Mi"])
    }

    @Test func volcanoLeavesAGroupTheDriverAlreadyNames() throws {
        let plan = try F.plan(Self.app("volcano") { $0.driver.annotations = ["scheduling.k8s.io/group-name": "mine"] }, options: Self.enabled)
        #expect(plan.podGroup == nil)
        #expect(plan.sparkProperties["spark.kubernetes.executor.annotation.scheduling.k8s.io/group-name"] == nil)
    }

    @Test func yunikorn() throws {
        let plan = try F.plan(Self.app("yunikorn") {
            $0.batchSchedulerOptions = BatchSchedulerConfiguration()
            $0.batchSchedulerOptions?.queue = "root.default"
            $0.nodeSelector = ["zone": "a"]
            $0.executor.tolerations = [["operator": "Exists"]]
        }, options: Self.enabled)
        #expect(plan.podGroup == nil)
        let p = plan.sparkProperties
        #expect(p["spark.kubernetes.driver.label.queue"] == "root.default")
        #expect(p["spark.kubernetes.executor.label.queue"] == "root.default")
        #expect(p["spark.kubernetes.driver.annotation.yunikorn.apache.org/task-group-name"] == "spark-driver")
        #expect(p["spark.kubernetes.executor.annotation.yunikorn.apache.org/task-group-name"] == "spark-executor")
        let groups = try YAML.document(try #require(p["spark.kubernetes.driver.annotation.yunikorn.apache.org/task-groups"]))
        #expect(groups == [
            ["name": "spark-driver", "minMember": 1, "minResource": ["cpu": "1", "memory": "1408Mi"], "nodeSelector": ["zone": "a"],
             "labels": ["queue": "root.default"]],
            ["name": "spark-executor", "minMember": 2, "minResource": ["cpu": "1", "memory": "1408Mi"], "nodeSelector": ["zone": "a"],
             "tolerations": [["operator": "Exists"]], "labels": ["queue": "root.default"]],
        ])
        #expect(try F.json(plan.driverPod)["spec"]?["schedulerName"] == "yunikorn")
        #expect(try F.json(plan.driverPod)["metadata"]?["labels"]?["queue"] == "root.default")
    }

    @Test func yunikornWithoutInitialExecutorsHasOnlyTheDriverGroup() throws {
        let plan = try F.plan(Self.app("yunikorn") {
            $0.executor.instances = nil
            $0.dynamicAllocation = DynamicAllocation(enabled: true)
        }, options: Self.enabled)
        let groups = try YAML.document(try #require(plan.sparkProperties["spark.kubernetes.driver.annotation.yunikorn.apache.org/task-groups"]))
        #expect(groups.arrayValue?.map { $0["name"] } == ["spark-driver"])
    }

    @Test func schedulerPlugins() throws {
        let plan = try F.plan(Self.app("scheduler-plugins-scheduler"), options: Self.enabled)
        #expect(plan.podGroup?["apiVersion"] == "scheduling.x-k8s.io/v1alpha1")
        #expect(plan.podGroup?["metadata"]?["name"] == "pi-pg")
        #expect(plan.podGroup?["spec"] == ["minMember": 1, "minResources": ["cpu": "3", "memory": "4224Mi"]])
        #expect(plan.sparkProperties["spark.kubernetes.driver.label.scheduling.x-k8s.io/pod-group"] == "pi-pg")
        #expect(plan.sparkProperties["spark.kubernetes.executor.label.scheduling.x-k8s.io/pod-group"] == "pi-pg")
        #expect(try F.json(plan.driverPod)["spec"]?["schedulerName"] == "scheduler-plugins-scheduler")
    }

    @Test func defaultBatchSchedulerAndDisabledFlag() throws {
        var options = Self.enabled
        options.defaultBatchScheduler = "volcano"
        let byDefault = try F.plan(Self.app(nil), options: options)
        #expect(byDefault.podGroup?["metadata"]?["name"] == "spark-pi-pg")
        // kubeflow's webhook sets schedulerName only from spec.batchScheduler.
        #expect(try F.json(byDefault.driverPod)["spec"]?["schedulerName"] == nil)

        let disabled = try F.plan(Self.app("volcano"))
        #expect(disabled.podGroup == nil)
        #expect(disabled.sparkProperties["spark.kubernetes.driver.annotation.scheduling.k8s.io/group-name"] == nil)
        #expect(try F.json(disabled.driverPod)["spec"]?["schedulerName"] == "volcano")
    }
}
