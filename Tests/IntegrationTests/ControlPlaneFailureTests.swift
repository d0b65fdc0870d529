import Foundation
import KubeTesting
import Testing

@Suite("ControlPlane failures")
struct ControlPlaneFailureTests {
    @Test func missingBinariesNameTheInstaller() throws {
        let error = #expect(throws: ControlPlaneError.self) {
            try ControlPlaneBinaries.locate(in: "/nonexistent/spark-operator/bin")
        }
        #expect(error?.message.contains("/nonexistent/spark-operator/bin/kube-apiserver") == true)
        #expect(error?.message.contains("make control-plane") == true)
    }

    @Test func apiServerThatExitsFailsTheStartWithItsLogAndLeavesNothingRunning() async throws {
        var binaries = try ControlPlaneBinaries.locate()
        let script = FileManager.default.temporaryDirectory
            .appendingPathComponent("broken-apiserver-\(UUID().uuidString).sh").path
        // As kube-apiserver dies on a klog.Fatal: the message, then a dump of every goroutine.
        try """
            #!/bin/sh
            echo "I1125 10:19:28.100000 1 server.go:1] starting" >&2
            echo "F1125 10:19:28.123456 1 server.go:2] broken-apiserver: unknown flag $1" >&2
            for i in $(seq 1 60); do echo "\tgoroutine frame $i" >&2; done
            exit 3

            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        defer { try? FileManager.default.removeItem(atPath: script) }
        binaries.kubeAPIServer = script

        let error = await #expect(throws: ControlPlaneError.self) {
            _ = try await ControlPlane.start(binaries: binaries)
        }
        let message = error?.message ?? ""
        #expect(message.contains("kube-apiserver exited with status 3 before being ready"), "\(message)")
        // The fatal line, though 60 lines of stack follow it; and the end of the log.
        #expect(message.contains("F1125 10:19:28.123456 1 server.go:2] broken-apiserver: unknown flag --bind-address=127.0.0.1"), "\(message)")
        #expect(message.contains("goroutine frame 60"), "\(message)")
        #expect(!message.contains("I1125"), "only what ended it: \(message)")
        // The etcd it had started is stopped and its state directory removed.
        let stateDir = try #require(
            message.range(of: #"/tmp/spark-operator-cp\.[A-Za-z0-9]+"#, options: .regularExpression)
                .map { String(message[$0]) }, "\(message)")
        let pgrep = try #require(Command.which("pgrep"))
        let etcds = try await Command.run(pgrep, ["-f", "etcd --name test --data-dir \(stateDir)/"])
        #expect(etcds.stdout.isEmpty, "etcd still running: \(etcds.stdout)")
        if ProcessInfo.processInfo.environment["SPARK_OPERATOR_KEEP_STATE"] != "1" {
            #expect(!FileManager.default.fileExists(atPath: stateDir))
        }
    }
}
