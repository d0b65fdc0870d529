import Foundation
import Kube
import KubeTesting
import Logging
import SparkOperatorAPI
import Testing

/// The process kubelet's own behaviour, with plain shell commands in a "Spark image" (a
/// container `command` replaces the image's entrypoint): fast, no JVM.
@Suite("ProcessKubeletIntegration")
struct ProcessKubeletTests {
    /// Runs `body` with a process kubelet on a new namespace.
    func withKubelet(_ body: (ControlPlane, KubeClient, String, ProcessKubelet) async throws -> Void) async throws {
        let plane = try await ControlPlane.shared()
        let ns = try await plane.createNamespace(prefix: "pk", waitForServiceAccount: true)
        let client = try KubeClient(kubeconfig: plane.kubeconfigPath)
        var logger = Logger(label: "process-kubelet")
        logger.logLevel = .warning
        let kubelet = try ProcessKubelet(
            client: client, configuration: try ProcessKubelet.installedSpark(controlPlane: plane), namespace: ns, logger: logger)
        defer { Task { try? await client.shutdown() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await kubelet.run() }
            defer { group.cancelAll() }
            try await body(plane, client, ns, kubelet)
        }
        try? await plane.deleteNamespace(ns)
        try? FileManager.default.removeItem(atPath: kubelet.configuration.workDirectory)
    }

    func pod(_ name: String, _ ns: String, image: String = "apache/spark:3.5.1", script: String, extra: String = "") throws -> Pod {
        try YAML.decode(
            Pod.self,
            from: """
                apiVersion: v1
                kind: Pod
                metadata: {name: \(name), namespace: \(ns), labels: {app: probe}}
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: main
                    image: \(image)
                    command: ["/bin/sh", "-c", \(JSONValue.string(script).compactJSON)]
                    env:
                    - {name: MY_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: MY_LABEL, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
                    - {name: GREETING, value: "hello from $(MY_LABEL)"}
                \(extra)
                """)
    }

    /// A pod waits in ContainerCreating for its ConfigMap, then runs in its own sandbox: its
    /// hostname, its own loopback IP, cluster DNS for the API server, a service-account token
    /// that authenticates, its volumes at their paths — and nothing of that on the host. It
    /// exits 3: Failed with the exit code and the log tail as message.
    @Test func podRunsInItsSandboxAfterItsConfigMapAppears() async throws {
        try await withKubelet { plane, client, ns, kubelet in
            let probePath = "/etc/pk-probe-\(ns)"
            let script = """
                echo "hostname=$(hostname)"; echo "ip=$MY_IP"; echo "greeting=$GREETING"
                echo "config=$(cat \(probePath)/greeting.txt)"
                grep -q "kubernetes.default.svc" /etc/hosts && echo "dns=ok"
                T=/var/run/secrets/kubernetes.io/serviceaccount
                curl -s --cacert $T/ca.crt -H "Authorization: Bearer $(cat $T/token)" \
                  https://kubernetes.default.svc:\(plane.apiServerPort)/api/v1/namespaces/\(ns)/pods/sandboxed | grep -o 'system:serviceaccount:[a-z0-9:-]*' | head -1
                echo scratch > /var/data/scratch/file && echo "emptyDir=ok"
                echo "tmp=$(ls /tmp | wc -l)"
                exit 3
                """
            let volumes = """
                    volumeMounts:
                    - {name: cfg, mountPath: \(probePath)}
                    - {name: scratch, mountPath: /var/data/scratch}
                  volumes:
                  - {name: cfg, configMap: {name: greeting}}
                  - {name: scratch, emptyDir: {}}
                """
            _ = try await client.create(try pod("sandboxed", ns, script: script, extra: volumes))
            try await waitUntil("the pod waits for its ConfigMap") {
                let pod = try await client.get(Pod.self, name: "sandboxed", namespace: ns)
                return pod.status?.containerStatuses?.first?.state?.waiting?.message?.contains(#"configmap "greeting" not found"#) == true
            }
            _ = try await client.create(ConfigMap(metadata: ObjectMeta(name: "greeting", namespace: ns), data: ["greeting.txt": "hi"]))
            try await kubelet.waitForPhase("Failed", namespace: ns, name: "sandboxed", timeout: .seconds(30))

            let log = kubelet.log(namespace: ns, name: "sandboxed")
            let pod = try await client.get(Pod.self, name: "sandboxed", namespace: ns)
            let ip = try #require(pod.status?.podIP)
            #expect(ip.hasPrefix("127.") && ip != "127.0.0.1")
            for line in [
                "hostname=sandboxed", "ip=\(ip)", "greeting=hello from probe", "config=hi", "dns=ok",
                "system:serviceaccount:\(ns):default", "emptyDir=ok", "tmp=0",
            ] {
                #expect(log.contains(line), "\(line) in:\n\(log)")
            }
            let terminated = pod.status?.containerStatuses?.first?.state?.terminated
            #expect(terminated?.exitCode == 3 && terminated?.reason == "Error")
            #expect(terminated?.message?.contains("emptyDir=ok") == true, "\(String(describing: terminated?.message))")
            // Nothing of the pod's filesystem on the host.
            #expect(!FileManager.default.fileExists(atPath: probePath))
            #expect(!FileManager.default.fileExists(atPath: "/var/data/scratch"))
            #expect(!FileManager.default.fileExists(atPath: "/var/run/secrets/kubernetes.io"))
        }
    }

    /// A projected service-account volume (what API servers from 1.21 inject): the kubelet gets
    /// the token from the TokenRequest API, bound to the pod, and it authenticates as the pod's
    /// ServiceAccount; the downward API part writes the pod's labels.
    @Test func projectedTokenComesFromTheTokenRequestAPI() async throws {
        try await withKubelet { plane, client, ns, kubelet in
            let path = "/var/run/secrets/kubernetes.io/serviceaccount"
            let script = """
                curl -s --cacert \(path)/ca.crt -H "Authorization: Bearer $(cat \(path)/token)" \
                  https://kubernetes.default.svc:\(plane.apiServerPort)/api/v1/namespaces/\(ns)/secrets | grep -o 'system:serviceaccount:[a-z0-9:-]*' | head -1
                echo "label=$(cat \(path)/app)"
                """
            let extra = """
                    volumeMounts:
                    - {name: kube-api-access, mountPath: \(path)}
                  automountServiceAccountToken: false
                  volumes:
                  - name: kube-api-access
                    projected:
                      sources:
                      - serviceAccountToken: {path: token, expirationSeconds: 3607}
                      - configMap: {name: kube-root-ca, items: [{key: ca.crt, path: ca.crt}]}
                      - downwardAPI: {items: [{path: app, fieldRef: {fieldPath: "metadata.labels['app']"}}]}
                """
            let ca = try String(contentsOfFile: plane.caFile, encoding: .utf8)
            _ = try await client.create(ConfigMap(metadata: ObjectMeta(name: "kube-root-ca", namespace: ns), data: ["ca.crt": ca]))
            _ = try await client.create(try pod("projected", ns, script: script, extra: extra))
            try await kubelet.waitForPhase("Succeeded", namespace: ns, name: "projected", timeout: .seconds(30))
            let log = kubelet.log(namespace: ns, name: "projected")
            #expect(log.contains("system:serviceaccount:\(ns):default"), "\(log)")
            #expect(log.contains("label=probe"), "\(log)")
        }
    }

    /// Deleting a running pod SIGTERMs its process group; the process exits within the grace period.
    @Test func deletingAPodStopsItsProcessesWithSIGTERM() async throws {
        try await withKubelet { _, client, ns, kubelet in
            let script = "grep -E 'SigIgn' /proc/self/status; trap 'echo got TERM; exit 0' TERM; echo started; while true; do sleep 0.1; done"
            _ = try await client.create(try pod("long", ns, script: script))
            let started = try await kubelet.waitForPhase("Running", namespace: ns, name: "long")
            _ = started
            try await waitUntil("the process to print") { kubelet.log(namespace: ns, name: "long").contains("started") }
            let pid = try #require(kubelet.events(namespace: ns, name: "long").compactMap { event -> Int32? in
                if case .processStarted(let pid, _) = event.kind { return pid }
                return nil
            }.first)
            try await client.delete(Pod.self, name: "long", namespace: ns)
            try await waitUntil("the process to exit", timeout: .seconds(10)) {
                kubelet.events(namespace: ns, name: "long").contains { if case .processExited = $0.kind { true } else { false } }
            }
            #expect(kubelet.log(namespace: ns, name: "long").contains("got TERM"))
            // A container starts with default signal handling, whatever its kubelet ignores.
            #expect(kubelet.log(namespace: ns, name: "long").contains("SigIgn:\t0000000180000000"))
            try await waitUntil("the graceful delete to be finished by the kubelet") {
                kubelet.events(namespace: ns, name: "long").contains { $0.kind == .deletedWithGracePeriodZero }
            }
            #expect(kill(-pid, 0) != 0, "process group \(pid) is gone")
        }
    }

    /// Stopping the kubelet stops its pods' processes: none outlives it.
    @Test func stoppingTheKubeletKillsItsPodsProcesses() async throws {
        var pid: Int32 = 0
        try await withKubelet { _, client, ns, kubelet in
            _ = try await client.create(try pod("sleeper", ns, script: "echo up; exec sleep 1000"))
            try await waitUntil("the process to run") { kubelet.log(namespace: ns, name: "sleeper").contains("up") }
            pid = try #require(kubelet.events(namespace: ns, name: "sleeper").compactMap { event -> Int32? in
                if case .processStarted(let pid, _) = event.kind { return pid }
                return nil
            }.first)
            #expect(kill(-pid, 0) == 0)
        }
        try await waitUntil("the process group to be gone", timeout: .seconds(10)) { kill(-pid, 0) != 0 }
    }

    /// An image the kubelet cannot run: ErrImagePull, then ImagePullBackOff, and no process.
    @Test func anImageItCannotRunIsReportedAsAPullFailure() async throws {
        try await withKubelet { _, client, ns, kubelet in
            _ = try await client.create(try pod("nope", ns, image: "registry.example.com/app:1", script: "true"))
            try await waitUntil("ImagePullBackOff", timeout: .seconds(10)) {
                let pod = try await client.get(Pod.self, name: "nope", namespace: ns)
                return pod.status?.containerStatuses?.first?.state?.waiting?.reason == "ImagePullBackOff"
            }
            let events = kubelet.events(namespace: ns, name: "nope")
            #expect(events.contains { $0.kind == .statusWritten(phase: "Pending", reason: "ErrImagePull") })
            #expect(!events.contains { if case .processStarted = $0.kind { true } else { false } })
        }
    }
}
