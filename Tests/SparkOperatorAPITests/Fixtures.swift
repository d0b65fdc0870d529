import Foundation
import Kube
import SparkOperatorAPI

/// Test inputs: kubeflow's example YAMLs (copied from shared/reference, the prometheus template's
/// `{IMAGE_REGISTRY}/{IMAGE_REPOSITORY}` replaced by `example.com/spark`).
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let examplesDir = repoRoot.appendingPathComponent("Tests/SparkOperatorAPITests/Fixtures/kubeflow-examples")

    static var exampleNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examplesDir.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: examplesDir.appendingPathComponent(name), encoding: .utf8)
    }

    /// The SparkApplication and ScheduledSparkApplication documents of an example file.
    static func sparkDocuments(_ name: String) throws -> [JSONValue] {
        try YAML.documents(text(name)).filter {
            $0["apiVersion"]?.stringValue == "sparkoperator.k8s.io/v1beta2"
        }
    }
}
