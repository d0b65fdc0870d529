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
/// No thread blocks while a command runs: stdin, stdout and stderr are temporary files, and the
/// end of the process arrives through `terminationHandler`. (Blocking pipe readers on Dispatch
/// threads can starve the pool when dozens of parallel tests each run kubectl.)
public enum Command {
    /// Runs `executable` with `arguments`, feeding `stdin` (or /dev/null) and capturing both outputs.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil
    ) async throws -> CommandResult {
        let fm = FileManager.default
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("kubetesting-command-\(UUID().uuidString)").path
        let (inPath, outPath, errPath) = ("\(base).in", "\(base).out", "\(base).err")
        defer {
            for path in [inPath, outPath, errPath] { try? fm.removeItem(atPath: path) }
        }
        func open(_ path: String, contents: Data?, forWriting: Bool) throws -> FileHandle {
            guard fm.createFile(atPath: path, contents: contents),
                let handle = forWriting ? FileHandle(forWritingAtPath: path) : FileHandle(forReadingAtPath: path)
            else { throw ControlPlaneError("cannot create \(path)") }
            return handle
        }
        let input = try stdin.map { try open(inPath, contents: $0, forWriting: false) }
        let output = try open(outPath, contents: nil, forWriting: true)
        let errors = try open(errPath, contents: nil, forWriting: true)
        defer {
            for handle in [input, output, errors] { try? handle?.close() }
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = input ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: ControlPlaneError("cannot run \(executable): \(error)"))
            }
        }
        return CommandResult(
            status: status,
            stdout: String(decoding: fm.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: fm.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    /// The first executable named `name` on `$PATH` (then /usr/bin, /bin), or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        return dirs.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
