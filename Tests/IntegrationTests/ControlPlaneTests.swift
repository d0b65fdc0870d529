import Foundation
import KubeTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("ControlPlane")
struct ControlPlaneTests {
    @Test func sharedControlPlaneServesKubectlWithTheCachedV120Binary() async throws {
        let plane = try await ControlPlane.shared()
        let version = try await plane.kubectl("version", "--short")
        #expect(version.succeeded, "\(version)")
        #expect(version.stdout.contains("Client Version: v1.20."))
        #expect(version.stdout.contains("Server Version: v1.20."))
        #expect(plane.url == "https://127.0.0.1:\(plane.apiServerPort)")
        for file in [plane.caFile, plane.kubeconfigPath, plane.operatorKubeconfigPath] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
        }
        #expect(plane.stateDir.hasPrefix("/tmp/"))
        let again = try await ControlPlane.shared()
        #expect(again === plane)
    }

    @Test func everyComponentIsRunning() async throws {
        let plane = try await ControlPlane.shared()
        let pids = await plane.pids
        for pid in [pids.etcd, pids.apiServer, pids.controllerManager] {
            #expect(kill(pid, 0) == 0, "process \(pid) is not running")
        }
        let health = try await plane.request("/healthz")
        #expect(health.status == 200 && health.body == "ok", "\(health)")
        let etcd = try await Command.run(plane.binaries.curl, ["-s", "\(plane.etcdURL)/health"])
        #expect(etcd.stdout.contains(#""health":"true""#), "\(etcd)")
    }

    /// Every suite installs the CRDs it needs; only the first installation of a kind restarts
    /// kube-controller-manager (its garbage collector then watches the kind at once).
    @Test func installingKnownCRDsAgainKeepsTheControllerManager() async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let before = await plane.pids.controllerManager
        let installed = try await plane.installCRDs(from: TestPaths.crdsDirectory.path)
        #expect(Set(installed) == Set(SparkCRDs.names))
        #expect(await plane.pids.controllerManager == before, "kube-controller-manager was restarted")
    }

    @Test func restartAPIServerKeepsPortAndDataThenStopLeavesNothingBehind() async throws {
        let plane = try await ControlPlane.start()
        let before = await plane.pids
        let created = try await plane.kubectl("create", "configmap", "survivor", "-n", "default", "--from-literal=k=v")
        #expect(created.succeeded, "\(created)")

        try await plane.restartAPIServer()

        let after = await plane.pids
        #expect(after.apiServer != before.apiServer)
        #expect(kill(before.apiServer, 0) != 0, "the old kube-apiserver is still running")
        #expect(after.etcd == before.etcd && after.controllerManager == before.controllerManager)
        let read = try await plane.kubectl("get", "configmap", "survivor", "-n", "default", "-o", "jsonpath={.data.k}")
        #expect(read.succeeded && read.stdout == "v", "\(read)")

        await plane.stop()
        for pid in [after.etcd, after.apiServer, after.controllerManager] {
            #expect(kill(pid, 0) != 0, "process \(pid) still running after stop()")
        }
        if ProcessInfo.processInfo.environment["SPARK_OPERATOR_KEEP_STATE"] != "1" {
            #expect(!FileManager.default.fileExists(atPath: plane.stateDir))
        }
    }
}
