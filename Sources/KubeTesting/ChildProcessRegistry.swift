import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every control-plane child process still running, and every state directory still to delete,
/// so that an `atexit` handler can stop them when the test process exits normally.
///
/// (When the test process is killed instead, `ParentDeathWatchdog` does the same job.)
enum ChildProcessRegistry {
    private struct State: Sendable {
        var children: [Int32: String] = [:]
        var stateDirs: Set<String> = []
        var atexitInstalled = false
    }

    private static let state = LockedValue(State())

    /// Whether state directories are kept after exit (`SPARK_OPERATOR_KEEP_STATE=1`), for post-mortems.
    static var keepState: Bool {
        ProcessInfo.processInfo.environment["SPARK_OPERATOR_KEEP_STATE"] == "1"
    }

    static func register(pid: Int32, name: String) {
        installAtexitOnce()
        state.withLock { $0.children[pid] = name }
    }

    static func unregister(pid: Int32) {
        _ = state.withLock { $0.children.removeValue(forKey: pid) }
    }

    static func register(stateDir: String) {
        installAtexitOnce()
        _ = state.withLock { $0.stateDirs.insert(stateDir) }
    }

    static func unregister(stateDir: String) {
        _ = state.withLock { $0.stateDirs.remove(stateDir) }
    }

    private static func installAtexitOnce() {
        let install = state.withLock { s in
            defer { s.atexitInstalled = true }
            return !s.atexitInstalled
        }
        if install {
            atexit { ChildProcessRegistry.stopAllAtExit() }
        }
    }

    /// SIGTERM to every child, up to 2 s for them to exit, SIGKILL to the rest; then deletes the
    /// state directories (unless kept). Synchronous: it runs inside `exit()`.
    static func stopAllAtExit() {
        let (children, dirs) = state.withLock { s in
            defer {
                s.children = [:]
                s.stateDirs = []
            }
            return (Array(s.children.keys), Array(s.stateDirs))
        }
        for pid in children { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(2)
        while children.contains(where: isAlive), Date() < deadline {
            usleep(20_000)
        }
        for pid in children where isAlive(pid) { kill(pid, SIGKILL) }
        if !keepState {
            for dir in dirs { try? FileManager.default.removeItem(atPath: dir) }
        }
    }

    /// Alive and not a zombie (a zombie has exited but is not reaped yet).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        #if os(Linux)
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.first != "Z"
        }
        #endif
        return true
    }
}
