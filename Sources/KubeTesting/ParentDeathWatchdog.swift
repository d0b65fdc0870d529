import Foundation

/// Kills a control plane's children when the test process dies in any way, SIGKILL included.
///
/// A small bash process reads its stdin, a pipe whose only writer is the test process. When the
/// test process exits or is killed, the kernel closes that pipe, `cat` sees end-of-file, and the
/// watchdog kills every PID listed in `<stateDir>/pids/*.pid` whose command line mentions the
/// state directory (so a recycled PID is never hit), then deletes the state directory unless
/// `SPARK_OPERATOR_KEEP_STATE=1`. (Foundation starts children in their own process group, so a
/// Ctrl-C of the test run would not reach them otherwise; and `PR_SET_PDEATHSIG` is out of reach
/// through `Process`.) The pipe's write end is close-on-exec, so no other child inherits it.
final class ParentDeathWatchdog: @unchecked Sendable {
    // @unchecked: immutable after init; the write end is closed once, under `closed`'s lock.
    private let process: Process
    private let writer: FileHandle
    private let closed = LockedValue(false)
    let pid: Int32

    static let script = #"""
        trap '' INT TERM HUP
        dir=$1; keep=$2
        cat >/dev/null
        pids=()
        for f in "$dir"/pids/*.pid; do
          [ -f "$f" ] || continue
          p=$(cat "$f")
          if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$dir"; then
            kill -TERM "$p" 2>/dev/null && pids+=("$p")
          fi
        done
        for _ in $(seq 1 50); do
          alive=0
          for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
          [ $alive = 0 ] && break
          sleep 0.1
        done
        for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
        [ "$keep" = 1 ] || rm -rf -- "$dir"
        """#

    init(stateDir: String, bash: String, keepState: Bool) throws {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bash)
        process.arguments = ["-c", Self.script, "spark-operator-watchdog", stateDir, keepState ? "1" : "0"]
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ControlPlaneError("cannot start the watchdog (\(bash)): \(error)")
        }
        try? pipe.fileHandleForReading.close()
        self.process = process
        self.writer = pipe.fileHandleForWriting
        self.pid = process.processIdentifier
    }

    /// Lets the watchdog run its cleanup now (after an orderly stop there is nothing left to kill).
    func release() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            try? writer.close()
        }
    }
}
