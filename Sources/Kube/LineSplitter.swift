/// Splits a byte stream that arrives in arbitrary chunks into lines (newline-delimited JSON).
///
/// A line may be split over any number of chunks and a chunk may hold many lines. Lines are
/// returned without their `\n` (and without a trailing `\r`); empty lines are skipped. The bytes
/// after the last newline are held until more arrive or `finish()` returns them. Each byte is
/// scanned once, so a long line arriving in many small chunks costs linear time.
public struct LineSplitter: Sendable {
    private var buffer: [UInt8] = []
    /// Bytes at the start of `buffer` known to contain no newline.
    private var scanned = 0
    /// A line longer than this is an error (protects memory against a misbehaving server).
    public var maximumLineLength: Int

    public struct LineTooLong: Error, Sendable, CustomStringConvertible {
        public var limit: Int
        public var description: String { "a watch event line exceeds \(limit) bytes" }
    }

    public init(maximumLineLength: Int = 128 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    /// Bytes held back, waiting for their newline.
    public var pendingByteCount: Int { buffer.count }

    /// Adds a chunk; returns the complete lines it finished, in order.
    public mutating func append<Bytes: Sequence<UInt8>>(_ chunk: Bytes) throws -> [[UInt8]] {
        buffer.append(contentsOf: chunk)
        var lines: [[UInt8]] = []
        var lineStart = 0
        var i = scanned
        while i < buffer.count {
            if buffer[i] == UInt8(ascii: "\n") {
                emit(buffer[lineStart..<i], into: &lines)
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart > 0 {
            buffer.removeSubrange(0..<lineStart)
        }
        scanned = buffer.count
        if buffer.count > maximumLineLength {
            throw LineTooLong(limit: maximumLineLength)
        }
        return lines
    }

    /// The end of the stream: returns the last line if it had no trailing newline.
    public mutating func finish() -> [UInt8]? {
        defer {
            buffer = []
            scanned = 0
        }
        var lines: [[UInt8]] = []
        emit(buffer[...], into: &lines)
        return lines.first
    }

    private func emit(_ slice: ArraySlice<UInt8>, into lines: inout [[UInt8]]) {
        var line = slice
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return }
        lines.append(Array(line))
    }
}
