import Foundation

/// Files of this repository that the integration tests read.
enum TestPaths {
    /// The repository root (three levels above this file: Tests/IntegrationTests/TestPaths.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `crds/`, generated from the Swift API types by `make crds`.
    static var crdsDirectory: URL { repoRoot.appendingPathComponent("crds") }

    /// kubeflow's examples, copied unchanged except that `spark-pi-prometheus.yaml` has its
    /// `{IMAGE_REGISTRY}/{IMAGE_REPOSITORY}` placeholders replaced by `example.com/spark`.
    static var kubeflowExamples: URL {
        repoRoot.appendingPathComponent("Tests/SparkOperatorAPITests/Fixtures/kubeflow-examples")
    }

    /// The text of a kubeflow example; fails clearly when the fixture is missing.
    static func kubeflowExample(_ name: String) throws -> String {
        let file = kubeflowExamples.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw TestFailure("kubeflow example fixture missing: \(file.path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A precondition of a test that does not hold (a missing file, an unexpected command failure).
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
