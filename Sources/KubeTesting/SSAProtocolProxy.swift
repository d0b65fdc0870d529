import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `hack/ssa-protocol-proxy.py` in front of a control plane's API server: it adds the `protocol`
/// that kube-apiserver 1.20 requires on a server-side-applied Service's ports (spark-submit 3.5
/// omits it) and passes everything else through. The benchmark's spark-submit baseline submits
/// through it.
public final class SSAProtocolProxy: @unchecked Sendable {
    let process: Process
    /// The port it listens on (127.0.0.1, TLS with the API server's serving certificate).
    public let port: Int

    init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts `script` (the repository's `hack/ssa-protocol-proxy.py`) with python3 and waits
    /// until it listens.
    public static func start(_ cp: ControlPlane, script: String) async throws -> SSAProtocolProxy {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script, "--upstream-port", "\(cp.apiServerPort)", "--cert", cp.servingCertFile,
            "--key", cp.servingKeyFile, "--ca", cp.caFile,
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        // "ready <port>" once listening; end of file if it could not start (its error is on stderr).
        let reader = stdout.fileHandleForReading
        let line: String = await Task.detached {
            var data = Data()
            while !data.contains(UInt8(ascii: "\n")) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                data.append(chunk)
            }
            return String(decoding: data, as: UTF8.self)
        }.value
        guard line.hasPrefix("ready "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            let proxy = SSAProtocolProxy(process: process, port: 0)
            proxy.stop()
            throw ControlPlaneError("\(script): \(line.isEmpty ? "exited before listening" : line)")
        }
        return SSAProtocolProxy(process: process, port: port)
    }

    public func stop() {
        // SIGKILL: a child may inherit an ignored SIGTERM from its parent.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
