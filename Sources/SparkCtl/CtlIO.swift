import Foundation
import Synchronization

/// Where a command writes (standard output, standard error) and reads (`create -f -`).
public struct CtlIO: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    public var readInput: @Sendable () -> Data

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        readInput: @escaping @Sendable () -> Data = { Data() }
    ) {
        self.out = out
        self.err = err
        self.readInput = readInput
    }

    /// The process's standard streams, unbuffered (a followed log appears as it arrives).
    public static var standard: CtlIO {
        CtlIO(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) },
            readInput: { FileHandle.standardInput.readDataToEndOfFile() })
    }
}

/// Output kept in memory (tests, and callers that want a command's output as a string).
public final class CapturedIO: Sendable {
    private let state = Mutex<(out: String, err: String)>(("", ""))
    private let input: Data

    public init(input: Data = Data()) { self.input = input }

    public var out: String { state.withLock { $0.out } }
    public var err: String { state.withLock { $0.err } }

    public var io: CtlIO {
        CtlIO(
            out: { [self] s in state.withLock { $0.out += s } },
            err: { [self] s in state.withLock { $0.err += s } },
            readInput: { [input] in input })
    }
}
