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
/// threads can starve the pool when dozens of parallel tests each run kubectl.) The files are
/// unlinked as soon as they are open, so nothing is left behind even if the test process is killed.
public enum Command {
    /// Runs `executable` with `arguments`, feeding `stdin` (or /dev/null) and capturing both outputs.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String]? = nil
    ) async throws -> CommandResult {
        let input = try stdin.map { try AnonymousFile(contents: $0) }
        let output = try AnonymousFile()
        let errors = try AnonymousFile()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = input?.reader ?? FileHandle.nullDevice
        process.standardOutput = output.writer
        process.standardError = errors.writer
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
            stdout: String(decoding: output.readAll(), as: UTF8.self),
            stderr: String(decoding: errors.readAll(), as: UTF8.self))
    }

    /// A temporary file that is already unlinked: a write handle and an independent read handle
    /// (both at offset 0), closed when this is released.
    private final class AnonymousFile {
        let writer: FileHandle
        let reader: FileHandle

        init(contents: Data? = nil) throws {
            let path = URL(fileURLWithPath: NSTemporaryDirectory())
                .appendingPathComponent("kubetesting-command-\(UUID().uuidString)").path
            let fm = FileManager.default
            defer { try? fm.removeItem(atPath: path) }
            guard fm.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: 0o600]),
                let writer = FileHandle(forWritingAtPath: path), let reader = FileHandle(forReadingAtPath: path)
            else { throw ControlPlaneError("cannot create a temporary file at \(path)") }
            self.writer = writer
            self.reader = reader
        }

        func readAll() -> Data {
            (try? reader.readToEnd()) ?? Data()
        }

        deinit {
            try? writer.close()
            try? reader.close()
        }
    }

    /// The first executable named `name` on `$PATH` (then /usr/bin, /bin), or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        return dirs.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
