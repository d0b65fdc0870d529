import Foundation
import Synchronization

/// The chaos results: each scenario adds its lines; they are printed, and appended to the file
/// named by `SPARK_CHAOS_REPORT` when set (`make chaos` prints that file at the end).
enum ChaosReport {
    static var isFull: Bool { ProcessInfo.processInfo.environment["SPARK_CHAOS"] == "full" }
    static var form: String { isFull ? "full" : "short" }

    private static let lock = Mutex(())

    static func record(_ scenario: String, _ lines: [String]) {
        let text = "### \(scenario) (\(form) form)\n" + lines.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        print("[chaos] " + text, terminator: "")
        guard let path = ProcessInfo.processInfo.environment["SPARK_CHAOS_REPORT"], !path.isEmpty else { return }
        lock.withLock { _ in
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        }
    }
}

/// Reproducible randomness (SplitMix64): the seed is `SPARK_CHAOS_SEED`, else the clock, and is
/// reported so a failing run can be repeated.
struct ChaosRandom: RandomNumberGenerator {
    private(set) var state: UInt64
    let seed: UInt64

    init() {
        let env = ProcessInfo.processInfo.environment["SPARK_CHAOS_SEED"].flatMap { UInt64($0) }
        seed = env ?? UInt64(Date().timeIntervalSince1970 * 1000)
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A random duration in `range` (milliseconds).
    mutating func duration(_ range: ClosedRange<Int>) -> Duration { .milliseconds(Int.random(in: range, using: &self)) }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    var formatted: String { String(format: "%.1f s", seconds) }
}
