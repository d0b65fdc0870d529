import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One long-running control-plane program (etcd, kube-apiserver, kube-controller-manager).
///
/// Its stdout and stderr are appended to `<stateDir>/logs/<name>.log`; its PID is written to
/// `<stateDir>/pids/<name>.pid` (read by the `ParentDeathWatchdog`) and registered with
/// `ChildProcessRegistry` (killed by the `atexit` handler).
final class ServerProcess: @unchecked Sendable {
    // @unchecked: only immutable state; after launch `Process` is only asked `isRunning` and
    // `terminationStatus`, which Foundation guards itself.
    let name: String
    let logFile: String
    let pidFile: String
    let pid: Int32
    private let process: Process

    /// `environment`: variables set (or replaced) in the inherited environment.
    init(name: String, executable: String, arguments: [String], stateDir: String, environment: [String: String] = [:]) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(stateDir)/logs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(stateDir)/pids", withIntermediateDirectories: true)
        self.name = name
        self.logFile = "\(stateDir)/logs/\(name).log"
        self.pidFile = "\(stateDir)/pids/\(name).pid"
        if !fm.fileExists(atPath: logFile) {
            _ = fm.createFile(atPath: logFile, contents: nil)
        }
        guard let log = FileHandle(forWritingAtPath: logFile) else {
            throw ControlPlaneError("cannot open \(logFile)")
        }
        defer { try? log.close() }
        try log.seekToEnd()
        try log.write(contentsOf: Data("=== \(Date()) \(executable) \(arguments.joined(separator: " "))\n".utf8))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, set in set }
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw ControlPlaneError("cannot start \(name) (\(executable)): \(error)")
        }
        self.process = process
        self.pid = process.processIdentifier
        ChildProcessRegistry.register(pid: pid, name: name)
        try "\(pid)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
    }

    var isRunning: Bool { process.isRunning }

    /// The exit status once the process has ended (its signal number if a signal ended it).
    var exitStatus: Int32 { process.isRunning ? 0 : process.terminationStatus }

    /// The last `lines` lines of the log.
    /// What ended a failed start, from the log since this process started (the file is appended
    /// to across restarts): its klog error/fatal lines and panics (a `klog.Fatal` ends with a dump
    /// of every goroutine, which would fill a plain tail), then its last lines.
    func failureSummary(lines: Int = 15) -> String {
        guard let data = FileManager.default.contents(atPath: logFile) else { return "(no log at \(logFile))" }
        var all = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if let start = all.lastIndex(where: { $0.hasPrefix("=== ") }) { all = Array(all[start...]) }
        let notable = all.filter { line in
            line.hasPrefix("panic:") || line.hasPrefix("fatal error:") || line.hasPrefix("Error:")
                || ((line.first == "F" || line.first == "E") && line.dropFirst().prefix(4).allSatisfy(\.isNumber)
                    && line.count > 5)
        }
        return (notable.suffix(10).map { "  \($0)" } + ["  …"] + all.suffix(lines).map { "  \($0)" })
            .joined(separator: "\n")
    }

    func logTail(lines: Int = 40) -> String {
        guard let data = FileManager.default.contents(atPath: logFile) else { return "(no log at \(logFile))" }
        let all = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines).joined(separator: "\n")
    }

    /// SIGTERM, then SIGKILL if still running after `grace`; returns when the process is gone.
    func terminate(grace: Duration = .seconds(10)) async {
        if process.isRunning {
            kill(pid, SIGTERM)
            let deadline = ContinuousClock.now + grace
            while process.isRunning, ContinuousClock.now < deadline {
                await Self.pause(.milliseconds(50))
            }
            if process.isRunning {
                kill(pid, SIGKILL)
                while process.isRunning {
                    await Self.pause(.milliseconds(20))
                }
            }
        }
        ChildProcessRegistry.unregister(pid: pid)
        try? FileManager.default.removeItem(atPath: pidFile)
    }

    /// Sleeps even when the task is cancelled: a cancelled caller must still not leave orphans.
    private static func pause(_ duration: Duration) async {
        do {
            try await Task.sleep(for: duration)
        } catch {
            usleep(UInt32(duration.components.attoseconds / 1_000_000_000_000))
        }
    }
}
