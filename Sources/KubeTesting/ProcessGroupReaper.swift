import Foundation

/// Kills the process kubelet's pod process groups when the test process dies in any way,
/// SIGKILL included (a JVM left behind would hold ports and gigabytes). Like
/// `ParentDeathWatchdog`: a bash process reads a pipe only we write; at its end-of-file it
/// SIGTERMs, then SIGKILLs, every process group listed in `<directory>/*.pgid`.
final class ProcessGroupReaper: @unchecked Sendable {
    // @unchecked: immutable after init; the write end is closed once, under `closed`'s lock.
    let directory: String
    private let process: Process
    private let writer: FileHandle
    private let closed = LockedValue(false)

    static let script = #"""
        trap '' INT TERM HUP
        dir=$1
        cat >/dev/null
        groups=()
        for f in "$dir"/*.pgid; do
          [ -f "$f" ] || continue
          g=$(cat "$f"); kill -TERM -- "-$g" 2>/dev/null && groups+=("$g")
        done
        [ ${#groups[@]} = 0 ] && exit 0
        for _ in $(seq 1 30); do
          alive=0
          for g in "${groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
          [ $alive = 0 ] && exit 0
          sleep 0.1
        done
        for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null; done
        """#

    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Command.which("bash") ?? "/bin/bash")
        process.arguments = ["-c", Self.script, "process-kubelet-reaper", directory]
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try? pipe.fileHandleForReading.close()
        self.process = process
        self.writer = pipe.fileHandleForWriting
    }

    func register(processGroup: Int32) {
        try? "\(processGroup)\n".write(toFile: "\(directory)/\(processGroup).pgid", atomically: true, encoding: .utf8)
    }

    func unregister(processGroup: Int32) {
        try? FileManager.default.removeItem(atPath: "\(directory)/\(processGroup).pgid")
    }

    /// Lets the reaper run now (kills what is still registered) and exit.
    func release() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            try? writer.close()
        }
    }

    deinit { release() }
}
