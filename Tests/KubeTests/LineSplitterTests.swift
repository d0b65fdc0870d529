import Testing

@testable import Kube

@Suite("LineSplitter")
struct LineSplitterTests {
    static let lines = [
        #"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"1"}}}"#,
        #"{"type":"MODIFIED","object":{"metadata":{"name":"ü-ñ","resourceVersion":"2"}}}"#,
        #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"3"}}}"#,
    ]
    /// Three lines, a blank line in between, a CRLF, and a last line without newline.
    static let stream = Array((lines[0] + "\n\n" + lines[1] + "\r\n" + lines[2]).utf8)

    static func split(_ chunks: [ArraySlice<UInt8>]) throws -> [String] {
        var splitter = LineSplitter()
        var out: [[UInt8]] = []
        for chunk in chunks { out += try splitter.append(chunk) }
        if let last = splitter.finish() { out.append(last) }
        return out.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func wholeStreamInOneChunk() throws {
        #expect(try Self.split([Self.stream[...]]) == Self.lines)
    }

    @Test func everySplitPoint() throws {
        for i in 0...Self.stream.count {
            let chunks = [Self.stream[..<i], Self.stream[i...]]
            #expect(try Self.split(chunks) == Self.lines, "split at \(i)")
        }
    }

    @Test func everyPairOfSplitPoints() throws {
        let n = Self.stream.count
        for i in stride(from: 0, through: n, by: 3) {
            for j in i...n {
                let chunks = [Self.stream[..<i], Self.stream[i..<j], Self.stream[j...]]
                #expect(try Self.split(chunks) == Self.lines, "split at \(i), \(j)")
            }
        }
    }

    @Test func byteByByte() throws {
        #expect(try Self.split(Self.stream.indices.map { Self.stream[$0...$0] }) == Self.lines)
    }

    @Test func randomChunkings() throws {
        var rng = SeededRandom(seed: 42)
        for round in 0..<500 {
            var chunks: [ArraySlice<UInt8>] = []
            var i = 0
            while i < Self.stream.count {
                let size = Int.random(in: 0...40, using: &rng)
                let end = min(Self.stream.count, i + size)
                chunks.append(Self.stream[i..<end])
                i = end
            }
            #expect(try Self.split(chunks) == Self.lines, "round \(round)")
        }
    }

    @Test func linesAreReturnedAsSoonAsComplete() throws {
        var splitter = LineSplitter()
        #expect(try splitter.append(Array("ab".utf8)).isEmpty)
        #expect(splitter.pendingByteCount == 2)
        #expect(try splitter.append(Array("c\nde\nf".utf8)) == [Array("abc".utf8), Array("de".utf8)])
        #expect(splitter.pendingByteCount == 1)
        #expect(splitter.finish() == Array("f".utf8))
        #expect(splitter.finish() == nil)
    }

    @Test func blankLinesAndEmptyChunks() throws {
        #expect(try Self.split([[], Array("\n\n \n".utf8)[...], [], Array("x\n\n".utf8)[...], []]) == ["x"])
        #expect(try Self.split([]) == [])
    }

    @Test func overlongLineFails() throws {
        var splitter = LineSplitter(maximumLineLength: 8)
        #expect(try splitter.append(Array("12345\n".utf8)).count == 1)
        #expect(throws: LineSplitter.LineTooLong.self) { try splitter.append(Array("123456789".utf8)) }
    }
}
