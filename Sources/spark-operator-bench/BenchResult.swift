import Foundation
import Synchronization

/// What one benchmark measured, for `BENCHMARKS.md` (the rows) and `BENCHMARKS.json` (the rows,
/// the raw numbers and the targets). Each subcommand writes one with `--json <file>`; `report`
/// merges them.
struct BenchResult: Codable, Sendable {
    /// `apps`, `store-list`, `schedules`, `spark-submit`.
    var benchmark: String
    var title: String
    /// What was run (counts, concurrency, …), one line.
    var setup: String
    var rows: [Row] = []
    /// Raw numbers (seconds, bytes, ratios), keyed `phase.figure`.
    var numbers: [String: Double] = [:]
    var targets: [Target] = []
    var notes: [String] = []

    struct Row: Codable, Sendable {
        var figure: String
        var value: String
    }

    /// One of the issue's targets, and whether the measured figure meets it.
    struct Target: Codable, Sendable {
        var target: String
        var measured: String
        var met: Bool
    }

    mutating func row(_ figure: String, _ value: String) { rows.append(Row(figure: figure, value: value)) }

    mutating func target(_ target: String, measured: String, met: Bool) {
        targets.append(Target(target: target, measured: measured, met: met))
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    static func read(from path: String) throws -> BenchResult {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(BenchResult.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The rows as a Markdown table.
    var markdownTable: String {
        var lines = ["| figure | value |", "|---|---|"]
        for r in rows { lines.append("| \(r.figure) | \(r.value) |") }
        return lines.joined(separator: "\n")
    }

    func printTable() {
        print("")
        print(markdownTable)
        for t in targets { print("target \(t.met ? "MET   " : "MISSED") \(t.target): \(t.measured)") }
    }
}

/// Percentiles of a sample (nearest rank).
struct Percentiles: Sendable {
    let sorted: [Double]
    init(_ values: [Double]) { sorted = values.sorted() }
    var count: Int { sorted.count }
    func callAsFunction(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }
    var max: Double { sorted.last ?? .nan }
    var median: Double { self(0.5) }
}

func median(_ values: [Double]) -> Double { Percentiles(values).median }

/// `0.123 s` or `123 ms`.
func secs(_ s: Double) -> String {
    guard s.isFinite else { return "–" }
    return s < 1 ? String(format: "%.0f ms", s * 1000) : String(format: "%.2f s", s)
}

/// An atomic integer that closures can share (an `Atomic` itself cannot be captured).
final class SharedCounter: Sendable {
    private let value = Atomic<Int64>(0)
    func add(_ n: Int64) { value.add(n, ordering: .relaxed) }
    func raise(to n: Int64) {
        var current = value.load(ordering: .relaxed)
        while n > current {
            let (exchanged, original) = value.compareExchange(expected: current, desired: n, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
    var load: Int64 { value.load(ordering: .relaxed) }
}
