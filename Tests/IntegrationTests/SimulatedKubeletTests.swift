import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

/// The simulated kubelet against the real API server: every status it writes is read back from
/// the server (through a watch of the namespace, so every intermediate state is seen).
@Suite("SimulatedKubelet (real control plane)")
struct SimulatedKubeletTests {
    static let fast = SimulatedKubelet.Timing(startDelay: .milliseconds(300), runDuration: .milliseconds(800))

    @Test("a plain pod goes Pending (ContainerCreating) → Running → Succeeded, with a kubelet's status fields")
    func plainPodRunsToCompletion() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-plain")
        let kubelet = bed.kubelet(timing: Self.fast)
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            let created = try await bed.client.create(bed.pod("plain"))
            try await kubelet.waitForPhase("Succeeded", namespace: ns, name: "plain")
            try await waitUntil("the watch to deliver Succeeded") { history.phases(of: "plain").last == "Succeeded" }

            #expect(history.phases(of: "plain") == ["Pending", "Running", "Succeeded"])
            #expect(kubelet.journal.phases(namespace: ns, name: "plain") == ["Pending", "Running", "Succeeded"])
            let versions = history.versions(of: "plain")

            let creating = try #require(versions.first { $0.status?.containerStatuses != nil })
            let creatingStatus = try #require(creating.status)
            #expect(creatingStatus.phase == "Pending")
            #expect(creatingStatus.containerStatuses?.map(\.name) == ["main"])
            #expect(creatingStatus.containerStatuses?.first?.state?.waiting?.reason == "ContainerCreating")
            #expect(condition("PodScheduled", of: creating)?.status == "True")
            #expect(condition("Ready", of: creating)?.reason == "ContainersNotReady")
            #expect(creatingStatus.startTime != nil)
            #expect(creatingStatus.podIP == nil)
            #expect(creatingStatus.qosClass == "BestEffort", "the server's qosClass is kept")

            let running = try #require(versions.first { $0.status?.phase == "Running" })
            let runningStatus = try #require(running.status)
            let ip = try #require(runningStatus.podIP)
            #expect(ip.hasPrefix("10.244."))
            #expect(runningStatus.hostIP == kubelet.hostIP)
            let main = try #require(runningStatus.containerStatuses?.first)
            #expect(main.ready && main.started == true)
            let startedAt = try #require(main.state?.running?.startedAt)
            #expect(main.containerID?.hasPrefix("containerd://") == true)
            #expect(main.image == "busybox:1.36")
            #expect(condition("Ready", of: running)?.status == "True")
            #expect(condition("ContainersReady", of: running)?.status == "True")
            #expect(condition("Initialized", of: running)?.status == "True")

            // The final state, read back from the server.
            let final = try await bed.client.get(Pod.self, name: "plain", namespace: ns)
            #expect(final.metadata.uid == created.metadata.uid)
            let status = try #require(final.status)
            #expect(status.phase == "Succeeded")
            #expect(status.podIP == ip, "the pod keeps its IP")
            let terminated = try #require(status.containerStatuses?.first?.state?.terminated)
            #expect(terminated.exitCode == 0)
            #expect(terminated.reason == "Completed")
            #expect(terminated.startedAt == startedAt)
            let finishedAt = try #require(terminated.finishedAt)
            #expect(finishedAt >= startedAt)
            #expect(status.containerStatuses?.first?.ready == false)
            #expect(condition("Ready", of: final)?.status == "False")
            #expect(condition("Ready", of: final)?.reason == "PodCompleted")

            // The script's durations: Pending for startDelay, Running for runDuration.
            let journal = kubelet.events(namespace: ns, name: "plain")
            let pendingAt = try #require(journal.first { $0.phase == "Pending" }).time
            let runningAt = try #require(journal.first { $0.phase == "Running" }).time
            let succeededAt = try #require(journal.first { $0.phase == "Succeeded" }).time
            #expect(runningAt.timeIntervalSince(pendingAt) >= 0.3)
            #expect(succeededAt.timeIntervalSince(runningAt) >= 0.8)
        }
    }

    @Test(
        "a failing script ends Failed with its exit code, reason and message in the container status",
        arguments: [
            ContainerExit(exitCode: 3, reason: "Error", message: "java.lang.IllegalStateException: boom"),
            ContainerExit(exitCode: 137, reason: "OOMKilled"),
        ])
    func failingScript(exit: ContainerExit) async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-fail")
        let kubelet = bed.kubelet(timing: Self.fast) { pod in
            pod.name == "failing"
                ? .fails(exitCode: exit.exitCode, reason: exit.reason, message: exit.message) : .default(for: pod)
        }
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            _ = try await bed.client.create(bed.pod("failing"))
            try await kubelet.waitForPhase("Failed", namespace: ns, name: "failing")
            let pod = try await bed.client.get(Pod.self, name: "failing", namespace: ns)
            #expect(pod.status?.phase == "Failed")
            let terminated = try #require(pod.status?.containerStatuses?.first?.state?.terminated)
            #expect(terminated.exitCode == exit.exitCode)
            #expect(terminated.reason == exit.reason)
            #expect(terminated.message == exit.message)
            #expect(condition("Ready", of: pod)?.reason == "ContainersNotReady")
            try await waitUntil("the watch to deliver Failed") { history.phases(of: "failing").last == "Failed" }
            #expect(history.phases(of: "failing") == ["Pending", "Running", "Failed"])
        }
    }

    @Test("an image that does not exist: ErrImagePull, then ImagePullBackOff, and the pod stays Pending")
    func imagePullFailureStaysPending() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-pull")
        let kubelet = bed.kubelet(timing: Self.fast)
        let ns = bed.namespace
        let image = "registry.example.com/spark/nonexistent:3.5.1"
        try await bed.run(kubelet) { history in
            _ = try await bed.client.create(bed.pod("pull", image: image))
            try await waitUntil("ImagePullBackOff on the server") {
                waitingReason(of: history.versions(of: "pull").last) == "ImagePullBackOff"
            }
            let reasons = history.versions(of: "pull").compactMap { waitingReason(of: $0) }
            #expect(reasons == ["ContainerCreating", "ErrImagePull", "ImagePullBackOff"])
            let errImagePull = try #require(
                history.versions(of: "pull").first { waitingReason(of: $0) == "ErrImagePull" })
            #expect(errImagePull.status?.containerStatuses?.first?.state?.waiting?.message?.contains(image) == true)
            let pod = try await bed.client.get(Pod.self, name: "pull", namespace: ns)
            #expect(pod.status?.phase == "Pending")
            #expect(pod.status?.containerStatuses?.first?.state?.waiting?.message == "Back-off pulling image \"\(image)\"")
            // It stays so: nothing more happens for a while (three more start delays).
            try await Task.sleep(for: .milliseconds(900))
            #expect(kubelet.journal.phases(namespace: ns, name: "pull") == ["Pending"])
            #expect(history.phases(of: "pull") == ["Pending"])
        }
    }

    @Test("stuck Pending: CreateContainerConfigError (waiting) and Unschedulable (PodScheduled False)")
    func stuckPending() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-stuck")
        let kubelet = bed.kubelet(timing: Self.fast) { pod in
            switch pod.name {
            case "config": .waiting(reason: "CreateContainerConfigError", message: "secret \"creds\" not found")
            case "unschedulable": .unschedulable(message: "0/3 nodes are available: 3 Insufficient cpu.")
            default: .default(for: pod)
            }
        }
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            _ = try await bed.client.create(bed.pod("config"))
            _ = try await bed.client.create(bed.pod("unschedulable"))
            try await waitUntil("CreateContainerConfigError on the server") {
                waitingReason(of: history.versions(of: "config").last) == "CreateContainerConfigError"
            }
            let config = try await bed.client.get(Pod.self, name: "config", namespace: ns)
            #expect(config.status?.phase == "Pending")
            #expect(config.status?.containerStatuses?.first?.state?.waiting?.message == "secret \"creds\" not found")

            try await waitUntil("Unschedulable on the server") {
                history.versions(of: "unschedulable").last.flatMap { condition("PodScheduled", of: $0) }?.reason
                    == "Unschedulable"
            }
            let unschedulable = try await bed.client.get(Pod.self, name: "unschedulable", namespace: ns)
            let scheduled = try #require(condition("PodScheduled", of: unschedulable))
            #expect(scheduled.status == "False")
            #expect(scheduled.message == "0/3 nodes are available: 3 Insufficient cpu.")
            #expect(unschedulable.status?.phase == "Pending")
            #expect(unschedulable.status?.containerStatuses == nil, "an unscheduled pod has no container statuses")
        }
    }

    @Test("a driver pod creates its executors from its ConfigMap and template; they run, are deleted when it ends, and it Succeeds")
    func driverRunsExecutors() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-driver")
        let kubelet = bed.kubelet(timing: Self.fast) { pod in
            // Long enough for both executors to be seen Running on a loaded 2-core machine.
            pod.name == "sim-pi-driver" ? .succeeds(after: .seconds(12)) : .default(for: pod)
        }
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            _ = try await bed.client.create(SparkFixture.configMap(namespace: ns))
            let driver = try await bed.client.create(SparkFixture.driver(namespace: ns))
            let uid = try #require(driver.metadata.uid)
            try await kubelet.waitForPhase("Running", namespace: ns, name: "sim-pi-exec-1")
            try await kubelet.waitForPhase("Running", namespace: ns, name: "sim-pi-exec-2")

            // While the driver runs: its executor ConfigMap, owned by the driver.
            let configMaps = try await bed.client.list(
                ConfigMap.self, namespace: ns, options: ListOptions(labelSelector: "spark-role=executor"))
            #expect(configMaps.items.count == 1)
            let execConf = try #require(configMaps.items.first)
            #expect(execConf.name.hasPrefix("spark-exec-") && execConf.name.hasSuffix("-conf-map"))
            #expect(execConf.metadata.labels?["spark-app-selector"] == SparkFixture.appID)
            #expect(execConf.metadata.ownerReferences?.first?.uid == uid)

            for id in 1...2 {
                let name = "sim-pi-exec-\(id)"
                let pod = try #require(history.versions(of: name).first, "executor \(name) was created")
                let labels = pod.metadata.labels ?? [:]
                #expect(labels["spark-app-selector"] == SparkFixture.appID)
                #expect(labels["spark-exec-id"] == "\(id)")
                #expect(labels["spark-role"] == "executor")
                #expect(labels["spark-app-name"] == "sim-pi")
                #expect(labels["spark-exec-resourceprofile-id"] == "0")
                #expect(labels["spark-version"] == "3.5.1")
                #expect(labels["team"] == "data-platform", "spark.kubernetes.executor.label.* (a continued line)")
                #expect(labels["template-label"] == "from-template")
                #expect(pod.metadata.annotations?["example.com/owner"] == "alice")
                let owner = try #require(pod.metadata.ownerReferences?.first)
                #expect(pod.metadata.ownerReferences?.count == 1)
                #expect(owner.kind == "Pod" && owner.name == "sim-pi-driver" && owner.uid == uid)
                #expect(owner.controller == true)

                let spec = try #require(pod.spec)
                #expect(spec["restartPolicy"]?.stringValue == "Never")
                #expect(spec["hostname"]?.stringValue == name)
                let containers = spec["containers"]?.arrayValue ?? []
                #expect(containers.count == 1)
                let container = try #require(containers.first)
                #expect(container["name"]?.stringValue == "spark-kubernetes-executor")
                #expect(container["image"]?.stringValue == "spark:3.5.1")
                #expect(container["args"] == ["executor"])
                let env = envValues(container)
                #expect(env["TEMPLATE_ENV"] == "from-template")
                #expect(env["SPARK_EXECUTOR_ID"] == "\(id)")
                #expect(env["SPARK_APPLICATION_ID"] == SparkFixture.appID)
                #expect(env["SPARK_EXECUTOR_MEMORY"] == "512m")
                #expect(env["SPARK_DRIVER_URL"] == "spark://CoarseGrainedScheduler@sim-pi-svc.\(ns).svc:7078")
                #expect(envNames(container).first == "TEMPLATE_ENV", "the template's env comes first")
                #expect(container["resources"]?["requests"]?["memory"]?.stringValue == "896Mi")
                let mounts = (container["volumeMounts"]?.arrayValue ?? []).compactMap { $0["mountPath"]?.stringValue }
                #expect(mounts.contains("/scratch") && mounts.contains("/opt/spark/conf"))
                let volumes = spec["volumes"]?.arrayValue ?? []
                let scratch = try #require(volumes.first { $0["name"]?.stringValue == "scratch" })
                #expect(scratch["emptyDir"] != nil)
                #expect(
                    volumes.first { $0["name"]?.stringValue == "spark-conf-volume-exec" }?["configMap"]?["name"]?.stringValue
                        == execConf.name)
            }

            try await kubelet.waitForPhase("Succeeded", namespace: ns, name: "sim-pi-driver", timeout: .seconds(60))
            try await waitUntil("the watch to deliver the driver's end") {
                history.phases(of: "sim-pi-driver").last == "Succeeded"
            }
            #expect(history.phases(of: "sim-pi-driver") == ["Pending", "Running", "Succeeded"])
            for name in ["sim-pi-exec-1", "sim-pi-exec-2"] {
                #expect(history.phases(of: name) == ["Pending", "Running"], "\(name) ran and was deleted running")
                #expect(history.wasDeleted(name))
                // Executors ran while the driver ran …
                let executorRunning = try #require(
                    history.firstIndex { $0.pod.name == name && $0.pod.status?.phase == "Running" })
                let driverRunning = try #require(
                    history.firstIndex { $0.pod.name == "sim-pi-driver" && $0.pod.status?.phase == "Running" })
                let driverDone = try #require(
                    history.firstIndex { $0.pod.name == "sim-pi-driver" && $0.pod.status?.phase == "Succeeded" })
                #expect(driverRunning < executorRunning && executorRunning < driverDone)
                // … and were deleted before it was marked Succeeded.
                let deleted = try #require(history.firstIndex { $0.type == "DELETED" && $0.pod.name == name })
                #expect(deleted < driverDone)
            }
            let left = try await bed.client.list(
                ConfigMap.self, namespace: ns, options: ListOptions(labelSelector: "spark-role=executor"))
            #expect(left.items.isEmpty, "the executor ConfigMap is deleted with the executors")
            let kinds = kubelet.events(namespace: ns, name: "sim-pi-driver").map(\.kind)
            #expect(kinds.contains(.executorsCreated(["sim-pi-exec-1", "sim-pi-exec-2"])))
            #expect(kinds.contains(.executorsDeleted))
        }
    }

    @Test(
        "a driver whose script says so, or with spark.kubernetes.executor.deleteOnTermination=false, has its executors exit 0: they end Succeeded and stay",
        arguments: [false, true])
    func executorsSucceedAtEnd(viaProperty: Bool) async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-exec-ok")
        let kubelet = bed.kubelet(timing: Self.fast) { pod in
            guard pod.name == "sim-pi-driver" else { return .default(for: pod) }
            let script = PodScript.succeeds(after: .seconds(2))
            return viaProperty ? script : script.executorsSucceedAtEnd()
        }
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            var configMap = SparkFixture.configMap(namespace: ns)
            if viaProperty {
                configMap.data?["spark.properties"]? += "spark.kubernetes.executor.deleteOnTermination=false\n"
            }
            _ = try await bed.client.create(configMap)
            _ = try await bed.client.create(SparkFixture.driver(namespace: ns))
            try await kubelet.waitForPhase("Succeeded", namespace: ns, name: "sim-pi-driver", timeout: .seconds(60))
            try await waitUntil("the watch to deliver the driver's end (after its executors')") {
                history.phases(of: "sim-pi-driver").last == "Succeeded"
            }
            for name in ["sim-pi-exec-1", "sim-pi-exec-2"] {
                let pod = try await bed.client.get(Pod.self, name: name, namespace: ns)
                #expect(pod.status?.phase == "Succeeded")
                #expect(pod.status?.containerStatuses?.first?.state?.terminated?.exitCode == 0)
                let done = try #require(kubelet.events(namespace: ns, name: name).first { $0.phase == "Succeeded" })
                let driverDone = try #require(
                    kubelet.events(namespace: ns, name: "sim-pi-driver").first { $0.phase == "Succeeded" })
                #expect(done.time <= driverDone.time, "executors end before their driver")
                // Running may be skipped when the driver ends before the executor started (a
                // loaded machine); what matters is that it ends Succeeded and stays.
                let phases = history.phases(of: name)
                #expect(phases.first == "Pending" && phases.last == "Succeeded", "\(phases)")
                #expect(!history.wasDeleted(name))
            }
            #expect(
                kubelet.events(namespace: ns, name: "sim-pi-driver").map(\.kind).contains(
                    .executorsStopped(["sim-pi-exec-1", "sim-pi-exec-2"])))
        }
    }

    @Test("a driver waits in ContainerCreating until its ConfigMap exists; an executor template it cannot read fails it, as Spark")
    func driverWaitsForItsConfigMapAndNeedsItsTemplate() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-conf")
        let kubelet = bed.kubelet(timing: Self.fast)
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            _ = try await bed.client.create(SparkFixture.driver(namespace: ns))
            try await kubelet.waitForPhase("Pending", namespace: ns, name: "sim-pi-driver")
            // Three start delays and more: without the ConfigMap to mount, it cannot start.
            try await Task.sleep(for: .seconds(1))
            #expect(kubelet.journal.phases(namespace: ns, name: "sim-pi-driver") == ["Pending"])
            #expect(waitingReason(of: history.versions(of: "sim-pi-driver").last) == "ContainerCreating")

            var configMap = SparkFixture.configMap(namespace: ns)
            configMap.data?["executor-pod-template.yaml"] = nil
            _ = try await bed.client.create(configMap)
            try await kubelet.waitForPhase("Failed", namespace: ns, name: "sim-pi-driver")
            let pod = try await bed.client.get(Pod.self, name: "sim-pi-driver", namespace: ns)
            let terminated = try #require(pod.status?.containerStatuses?.first?.state?.terminated)
            #expect(terminated.exitCode == 1)
            #expect(
                terminated.message?.hasPrefix(
                    "Could not load pod from template file /opt/spark/conf/executor-pod-template.yaml") == true)
            try await waitUntil("the watch to deliver Failed") { history.phases(of: "sim-pi-driver").last == "Failed" }
            #expect(history.phases(of: "sim-pi-driver") == ["Pending", "Running", "Failed"])
            #expect(kubelet.events(namespace: ns, name: "sim-pi-driver").contains { event in
                if case .driverFailedToStart = event.kind { return true }
                return false
            })
            let executors = try await bed.client.list(
                Pod.self, namespace: ns, options: ListOptions(labelSelector: "spark-role=executor"))
            #expect(executors.items.isEmpty)
        }
    }

    @Test("kubeflow's bad-fail-application: a driver with main class non-existent fails with exit code 101 and no executors")
    func missingMainClassFails() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-101")
        let kubelet = bed.kubelet(timing: Self.fast)
        let ns = bed.namespace
        try await bed.run(kubelet) { _ in
            _ = try await bed.client.create(SparkFixture.configMap(namespace: ns))
            _ = try await bed.client.create(SparkFixture.driver(namespace: ns, mainClass: "non-existent"))
            try await kubelet.waitForPhase("Failed", namespace: ns, name: "sim-pi-driver")
            let pod = try await bed.client.get(Pod.self, name: "sim-pi-driver", namespace: ns)
            let terminated = try #require(pod.status?.containerStatuses?.first?.state?.terminated)
            #expect(terminated.exitCode == 101)
            #expect(terminated.reason == "Error")
            #expect(terminated.message?.contains("ClassNotFoundException: non-existent") == true)
            let executors = try await bed.client.list(
                Pod.self, namespace: ns, options: ListOptions(labelSelector: "spark-role=executor"))
            #expect(executors.items.isEmpty)
            #expect(!kubelet.events(namespace: ns, name: "sim-pi-driver").contains { $0.kind == .executorsDeleted })
        }
    }

    @Test("deleting a running pod removes it: at once without a node, and with a nodeName once the kubelet confirms")
    func deletingRunningPods() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-delete")
        let kubelet = bed.kubelet(timing: Self.fast) { _ in .runsForever }
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            _ = try await bed.client.create(bed.pod("unbound"))
            var bound = bed.pod("bound", nodeName: "sim-node-1")
            bound.spec?["terminationGracePeriodSeconds"] = 30
            _ = try await bed.client.create(bound)
            try await kubelet.waitForPhase("Running", namespace: ns, name: "unbound")
            try await kubelet.waitForPhase("Running", namespace: ns, name: "bound")

            // No nodeName: the API server deletes the pod at once (its graceful delete needs no kubelet).
            _ = try await bed.client.delete(Pod.self, name: "unbound", namespace: ns)
            #expect(try await !exists(bed, "unbound"), "gone as soon as the DELETE returns")
            try await kubelet.journal.waitFor(namespace: ns, name: "unbound", "gone") { $0.kind == .gone }

            // A nodeName: the API server only sets a deletionTimestamp and waits for the kubelet.
            let marked = try await bed.client.delete(Pod.self, name: "bound", namespace: ns)
            #expect(marked?.metadata.deletionTimestamp != nil, "a graceful delete of a bound pod waits for the kubelet")
            try await waitUntil("the bound pod to be gone", timeout: .seconds(15)) { try await !exists(bed, "bound") }
            // The kubelet records its delete when the answer arrives, which may be after the pod was seen gone.
            _ = try await kubelet.journal.waitFor(namespace: ns, name: "bound", "deleted with grace period 0") { $0.kind == .deletedWithGracePeriodZero }
            let kinds = kubelet.events(namespace: ns, name: "bound").map(\.kind)
            #expect(kinds.contains(.deletionRequested))
            // Before the pod went, its container was terminated by the SIGTERM.
            try await waitUntil("the watch to deliver the deletion") { history.wasDeleted("bound") }
            let last = try #require(history.versions(of: "bound").last)
            #expect(last.status?.phase == "Failed")
            #expect(last.status?.containerStatuses?.first?.state?.terminated?.exitCode == 143)
        }
    }

    @Test("a running driver that is deleted (gracefully: it has a node) deletes its executors first, as Spark's shutdown does")
    func deletingARunningDriverDeletesItsExecutorsFirst() async throws {
        let bed = try await KubeletTestBed.make(prefix: "kubelet-del-driver")
        let kubelet = bed.kubelet(timing: Self.fast) { pod in
            pod.name == "sim-pi-driver" ? .runsForever : .default(for: pod)
        }
        let ns = bed.namespace
        try await bed.run(kubelet) { history in
            _ = try await bed.client.create(SparkFixture.configMap(namespace: ns))
            _ = try await bed.client.create(SparkFixture.driver(namespace: ns, nodeName: "sim-node-1"))
            try await kubelet.waitForPhase("Running", namespace: ns, name: "sim-pi-exec-1")
            try await kubelet.waitForPhase("Running", namespace: ns, name: "sim-pi-exec-2")
            let marked = try await bed.client.delete(Pod.self, name: "sim-pi-driver", namespace: ns)
            #expect(marked?.metadata.deletionTimestamp != nil)
            try await waitUntil("the driver to be gone", timeout: .seconds(15)) { history.wasDeleted("sim-pi-driver") }
            // While the driver still existed (the garbage collector does nothing before its owner is
            // gone), the kubelet deleted the executors, then terminated the driver.
            let driverTerminated = try #require(
                history.firstIndex { $0.pod.name == "sim-pi-driver" && $0.pod.status?.phase == "Failed" })
            for name in ["sim-pi-exec-1", "sim-pi-exec-2"] {
                let deleted = try #require(history.firstIndex { $0.type == "DELETED" && $0.pod.name == name })
                #expect(deleted < driverTerminated)
            }
            _ = try await kubelet.journal.waitFor(namespace: ns, name: "sim-pi-driver", "deleted with grace period 0") { $0.kind == .deletedWithGracePeriodZero }
            let kinds = kubelet.events(namespace: ns, name: "sim-pi-driver").map(\.kind)
            #expect(kinds.contains(.executorsDeleted))
        }
    }

    @Test("the kubelet rides out an API server restart: running pods stay, new pods run, deletes are seen")
    func survivesAPIServerRestart() async throws {
        let plane = try await ControlPlane.start()
        defer { Task { await plane.stop() } }
        let bed = try await KubeletTestBed.make(prefix: "kubelet-restart", plane: plane)
        let kubelet = bed.kubelet(timing: Self.fast) { pod in
            switch pod.name {
            case "long": .runsForever
            case "during": PodScript.succeeds().startingAfter(.seconds(1))
            default: .default(for: pod)
            }
        }
        let ns = bed.namespace
        try await bed.run(kubelet) { _ in
            _ = try await bed.client.create(bed.pod("long"))
            try await kubelet.waitForPhase("Running", namespace: ns, name: "long")
            _ = try await bed.client.create(bed.pod("during"))
            try await kubelet.waitForPhase("Pending", namespace: ns, name: "during")
            try await plane.restartAPIServer()

            _ = try await bed.client.create(bed.pod("after"))
            try await kubelet.waitForPhase("Succeeded", namespace: ns, name: "after", timeout: .seconds(60))
            try await kubelet.waitForPhase("Succeeded", namespace: ns, name: "during", timeout: .seconds(60))
            let during = try await bed.client.get(Pod.self, name: "during", namespace: ns)
            #expect(during.status?.phase == "Succeeded")
            let long = try await bed.client.get(Pod.self, name: "long", namespace: ns)
            #expect(long.status?.phase == "Running")
            _ = try await bed.client.delete(Pod.self, name: "long", namespace: ns)
            try await kubelet.journal.waitFor(namespace: ns, name: "long", timeout: .seconds(30), "gone") { $0.kind == .gone }
        }
    }
}

// MARK: - Helpers

private func condition(_ type: String, of pod: Pod) -> PodCondition? {
    pod.status?.conditions?.first { $0.type == type }
}

private func exists(_ bed: KubeletTestBed, _ name: String) async throws -> Bool {
    do {
        _ = try await bed.client.get(Pod.self, name: name, namespace: bed.namespace)
        return true
    } catch let error as KubeAPIError where error.isNotFound {
        return false
    }
}

private func waitingReason(of pod: Pod?) -> String? {
    pod?.status?.containerStatuses?.first?.state?.waiting?.reason
}

private func envValues(_ container: JSONValue) -> [String: String] {
    var values: [String: String] = [:]
    for e in container["env"]?.arrayValue ?? [] {
        if let name = e["name"]?.stringValue, let value = e["value"]?.stringValue { values[name] = value }
    }
    return values
}

private func envNames(_ container: JSONValue) -> [String] {
    (container["env"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
}
