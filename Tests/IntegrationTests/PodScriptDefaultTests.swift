import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("PodScript.default(for:)")
struct PodScriptDefaultTests {
    static func pod(role: String? = nil, image: String = "spark:3.5.1", args: [String] = [], initImage: String? = nil) -> Pod {
        var spec: JSONValue = [
            "containers": [
                ["name": "sidecar", "image": "envoy:1"],
                ["name": "spark-kubernetes-driver", "image": .string(image), "args": .array(args.map { .string($0) })],
            ]
        ]
        if let initImage { spec["initContainers"] = [["name": "init", "image": .string(initImage)]] }
        return Pod(metadata: ObjectMeta(name: "p", labels: role.map { ["spark-role": $0] }), spec: spec)
    }

    @Test("an image naming nonexistent or does-not-exist fails to pull, for those containers")
    func badImages() {
        let script = PodScript.default(for: Self.pod(image: "example.com/nonexistent:1"))
        guard case .staysWaiting(let states, let containers) = script.course else {
            Issue.record("expected staysWaiting, got \(script)")
            return
        }
        #expect(states.map(\.reason) == ["ErrImagePull", "ImagePullBackOff"])
        #expect(containers == ["spark-kubernetes-driver"])
        let initScript = PodScript.default(for: Self.pod(initImage: "busybox-does-not-exist"))
        guard case .staysWaiting(_, let initContainers) = initScript.course else {
            Issue.record("expected staysWaiting, got \(initScript)")
            return
        }
        #expect(initContainers == ["init"])
    }

    @Test("a driver with main class non-existent exits 101 without executors; other drivers and pods succeed")
    func drivers() {
        let bad = PodScript.default(
            for: Self.pod(role: "driver", args: ["driver", "--class", "non-existent", "local:///non-existent.jar"]))
        guard case .exits(let exit) = bad.course else {
            Issue.record("expected exits, got \(bad)")
            return
        }
        #expect(exit.exitCode == 101)
        #expect(!bad.createsExecutors)
        let good = PodScript.default(for: Self.pod(role: "driver", args: ["driver", "--class", "org.apache.spark.examples.SparkPi"]))
        #expect(good == .succeeds())
        #expect(PodScript.default(for: Self.pod()) == .succeeds())
    }

    @Test("an executor runs until its driver deletes it")
    func executors() {
        #expect(PodScript.default(for: Self.pod(role: "executor")) == .runsForever)
    }
}
