import Kube

extension PodScript {
    /// The kubelet's default behaviour, which makes kubeflow's examples meaningful:
    /// - a container whose image names `nonexistent` or `does-not-exist` → `imagePullFails`
    ///   (`ErrImagePull`, then `ImagePullBackOff`; the pod stays Pending);
    /// - a driver (`spark-role=driver`) whose container args name a main class (`--class`)
    ///   `non-existent` (kubeflow's `bad-fail-application.yaml`) → runs briefly and fails with
    ///   exit code 101 and a ClassNotFound message, without executors, as spark-submit in the driver
    ///   pod does;
    /// - an executor (`spark-role=executor`) → runs until its driver deletes it;
    /// - everything else → succeeds.
    public static func `default`(for pod: Pod) -> PodScript {
        let all = pod.initContainers + pod.containers
        let badImages = all.filter { container in
            let image = container["image"]?.stringValue?.lowercased() ?? ""
            return image.contains("nonexistent") || image.contains("does-not-exist")
        }
        if let first = badImages.first {
            return .imagePullFails(
                image: first["image"]?.stringValue ?? "", containers: badImages.compactMap { $0["name"]?.stringValue })
        }
        switch pod.sparkRole {
        case "driver":
            if let mainClass = mainClass(of: pod), isMissingClass(mainClass) {
                return .classNotFound(mainClass)
            }
            return .succeeds()
        case "executor":
            return .runsForever
        default:
            return .succeeds()
        }
    }

    /// A Spark driver whose main class does not load: spark-submit logs it and exits 101
    /// (`SparkSubmit.CLASS_NOT_FOUND_EXIT_STATUS`) before any SparkContext, so no executors.
    public static func classNotFound(_ mainClass: String) -> PodScript {
        PodScript(
            .exits(
                ContainerExit(
                    exitCode: 101, reason: "Error",
                    message: "Error: Failed to load class \(mainClass).\njava.lang.ClassNotFoundException: \(mainClass)")),
            runDuration: .milliseconds(100), createsExecutors: false)
    }

    /// The value after `--class` in the main container's args (spark-submit's driver command).
    static func mainClass(of pod: Pod) -> String? {
        let args = pod.mainContainer?.args ?? []
        guard let i = args.firstIndex(of: "--class"), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    private static func isMissingClass(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.contains("non-existent") || n.contains("nonexistent") || n.contains("does-not-exist")
    }
}
