import ArgumentParser
import Foundation
import KubeTesting

/// Merges the JSON of the benchmarks run by `make bench` into `BENCHMARKS.md` (tables and the
/// issue's targets, met or missed) and `BENCHMARKS.json` (everything, for machines).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Merge benchmark JSON files into BENCHMARKS.md and BENCHMARKS.json.")

    @Argument(help: "JSON files written by the benchmarks' --json.") var inputs: [String]
    @Option(help: "Markdown output.") var markdown = "BENCHMARKS.md"
    @Option(help: "JSON output.") var json = "BENCHMARKS.json"

    struct Machine: Codable {
        var cores: Int
        var cpu: String
        var memory: String
        var loadAverageAtReport: String
        var kernel: String
    }

    struct Report: Codable {
        var date: String
        var commit: String
        var machine: Machine
        var benchmarks: [BenchResult]
    }

    func run() async throws {
        let results = try inputs.map(BenchResult.read(from:))
        let machine = Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            cpu: Self.procField("/proc/cpuinfo", "model name") ?? "?",
            memory: Self.procField("/proc/meminfo", "MemTotal") ?? "?",
            loadAverageAtReport: ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?")
                .split(separator: " ").prefix(3).joined(separator: " "),
            kernel: ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "?")
                .trimmingCharacters(in: .whitespacesAndNewlines))
        let commit = (try? await Command.run("/usr/bin/git", ["-C", BenchControlPlane.repoRoot, "rev-parse", "--short", "HEAD"]))?
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        let date = ISO8601DateFormatter().string(from: Date())
        let report = Report(date: date, commit: commit, machine: machine, benchmarks: results)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(report).write(to: URL(fileURLWithPath: json))

        var md: [String] = [
            "# Benchmarks",
            "",
            "Written by `make bench` (release builds; a private kube-apiserver v1.20.2 + etcd on 127.0.0.1; "
                + "the operator is the release `spark-operator` binary, a child process). Do not edit: run `make bench` again.",
            "",
            "- date: \(date), commit \(commit)",
            "- machine: \(machine.cores) cores (\(machine.cpu)), \(machine.memory) memory, Linux \(machine.kernel); "
                + "shared with other work, so figures are medians within one run and comparisons are ratios within it; "
                + "load average when the report was written: \(machine.loadAverageAtReport)",
            "- JSON of the same figures: `BENCHMARKS.json`; what each figure means: `docs/benchmarks.md`",
            "",
        ]
        let targets = results.flatMap(\.targets)
        if !targets.isEmpty {
            md += ["## Targets (issue #8)", "", "| target | measured | met |", "|---|---|---|"]
            for t in targets { md.append("| \(t.target) | \(t.measured) | \(t.met ? "yes" : "**no**") |") }
            md.append("")
        }
        for r in results {
            md += ["## \(r.title) (`spark-operator-bench \(r.benchmark)`)", "", r.setup + ".", "", r.markdownTable, ""]
            for n in r.notes { md += [n, ""] }
        }
        try md.joined(separator: "\n").write(toFile: markdown, atomically: true, encoding: .utf8)
        print("wrote \(markdown) and \(json)")
    }

    static func procField(_ path: String, _ name: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
