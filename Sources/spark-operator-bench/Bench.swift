import Foundation
import ArgumentParser

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-operator-bench",
        abstract: "Benchmarks of spark-operator against a real kube-apiserver started on 127.0.0.1.",
        discussion: "Build in release mode (`make bench`); the machine is shared and noisy, so compare ratios measured in one run.",
        subcommands: [AppsBenchmark.self, StoreListBenchmark.self, ScheduleBenchmark.self, ReportCommand.self])
}

func mib(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
