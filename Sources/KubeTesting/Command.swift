import Foundation

/// The outcome of a finished command.
public struct CommandResult: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public var succeeded: Bool { status == 0 }

    public var description: String {
        "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
    }
}

/// Runs short-lived commands (openssl, curl, kubectl) to completion.
///
/// The blocking work (pipe reads, waiting for exit) runs on a Dispatch thread, never on the
/// cooperative pool, so that many tests can run commands at once on a 2-core machine.
public enum Command {
    /// Runs `executable` with `arguments`, feeding `stdin` (or /dev/null) and capturing both outputs.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil
    ) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try runBlocking(executable, arguments, stdin: stdin, environment: environment)
                    })
            }
        }
    }

    /// The blocking form of `run`, for synchronous setup code.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = stdin.map { _ in Pipe() }
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe ?? FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw ControlPlaneError("cannot run \(executable): \(error)")
        }
        let group = DispatchGroup()
        let errData = LockedValue(Data())
        DispatchQueue.global().async(group: group) {
            let data = errPipe.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = data }
        }
        if let inPipe, let stdin {
            DispatchQueue.global().async(group: group) {
                let writer = inPipe.fileHandleForWriting
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        exited.wait()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self))
    }

    /// The first executable named `name` on `$PATH` (then /usr/bin, /bin), or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        return dirs.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
