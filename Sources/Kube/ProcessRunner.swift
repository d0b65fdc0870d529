import Foundation

/// Runs a child process to completion off the cooperative thread pool.
enum ProcessRunner {
    struct Output: Sendable {
        var exitCode: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool
    }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    static func run(
        executable: String, arguments: [String], environment: [String: String], timeout: Duration
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try runBlocking(
                            executable: executable, arguments: arguments, environment: environment, timeout: timeout)
                    })
            }
        }
    }

    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var _data = Data()
        private var _timedOut = false
        var data: Data {
            get { lock.withLock { _data } }
            set { lock.withLock { _data = newValue } }
        }
        var timedOut: Bool {
            get { lock.withLock { _timedOut } }
            set { lock.withLock { _timedOut = newValue } }
        }
    }

    private static func runBlocking(
        executable: String, arguments: [String], environment: [String: String], timeout: Duration
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // waitUntilExit() polls a run loop (up to ~1 s late on Linux); a semaphore is prompt.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        // A script written a moment ago may still be open for writing in a child another thread
        // is forking ("Text file busy"): retry that briefly, as Go's os/exec does.
        var attempt = 0
        while true {
            do {
                try process.run()
                break
            } catch let error as NSError where error.code == Int(ETXTBSY) && attempt < 10 {
                attempt += 1
                usleep(20_000)
            } catch {
                throw LaunchError(description: "cannot start \(executable): \(KubeConfigFile.reason(error))")
            }
        }
        let stderrBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let timer = DispatchWorkItem { [process] in
            if process.isRunning {
                stderrBox.timedOut = true
                // SIGKILL: SIGTERM may be ignored (an inherited disposition) or handled slowly.
                kill(process.processIdentifier, SIGKILL)
            }
        }
        let nanos = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanos)), execute: timer)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        exited.wait()
        timer.cancel()
        return Output(
            exitCode: process.terminationStatus, stdout: stdout, stderr: stderrBox.data, timedOut: stderrBox.timedOut)
    }
}
