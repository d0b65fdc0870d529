import Foundation
import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

enum ReferenceError: Error { case noBody }

/// Shared helpers of the submission tests.
enum SubmissionFixture {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let goldenDir = testsDir.appendingPathComponent("Golden")
    static let referenceDir = testsDir.appendingPathComponent("Fixtures/spark-submit")
    static let examplesDir = repoRoot.appendingPathComponent("Tests/SparkOperatorAPITests/Fixtures/kubeflow-examples")
    static let uid = "4a1f2b3c-0000-4000-8000-00000000c0de"

    /// A minimal valid application.
    static func app(
        name: String = "pi", namespace: String = "ns", type: SparkApplicationType = .scala,
        file: String = "local:///opt/spark/examples/jars/spark-examples.jar", configure: (inout SparkApplicationSpec) -> Void = { _ in }
    ) -> SparkApplication {
        var spec = SparkApplicationSpec(type: type, sparkVersion: "3.5.1", mainApplicationFile: file)
        spec.image = "spark:3.5.1"
        if type == .scala || type == .java { spec.mainClass = "org.apache.spark.examples.SparkPi" }
        configure(&spec)
        var meta = ObjectMeta(name: name, namespace: namespace)
        meta.uid = uid
        return SparkApplication(metadata: meta, spec: spec)
    }

    static func plan(_ app: SparkApplication, attempt: Int32 = 1, options: SubmissionOptions = SubmissionOptions()) throws(SubmissionError) -> SubmissionPlan {
        try SubmissionBuilder.plan(for: app, attempt: attempt, options: options)
    }

    /// The request bodies spark-submit 3.5.1 sent (`reference/spark-submit/<variant>/requests.jsonl`).
    static func referenceRequests(_ variant: String) throws -> [JSONValue] {
        let text = try String(contentsOf: referenceDir.appendingPathComponent("\(variant)/requests.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let request = try JSONCoding.decoder.decode(JSONValue.self, from: Data(line.utf8))
            switch request["body"] {
            case .string(let body)?: return try JSONCoding.decoder.decode(JSONValue.self, from: Data(body.utf8))
            case let body?: return body
            case nil: throw ReferenceError.noBody
            }
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> JSONValue { try JSONValue(encoding: value) }

    /// The Spark container of a pod's JSON.
    static func container(_ pod: JSONValue) throws -> JSONValue {
        try #require(pod["spec"]?["containers"]?.arrayValue?.first)
    }

    static func env(_ pod: JSONValue, _ name: String) throws -> JSONValue? {
        try container(pod)["env"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    }
}

extension JSONValue {
    /// Every string value with each `from` substring replaced by its placeholder.
    func replacingStrings(_ replacements: [(from: String, to: String)]) -> JSONValue {
        switch self {
        case .string(var s):
            for (from, to) in replacements { s = s.replacingOccurrences(of: from, with: to) }
            return .string(s)
        case .array(let a): return .array(a.map { $0.replacingStrings(replacements) })
        case .object(let o): return .object(o.mapValues { $0.replacingStrings(replacements) })
        default: return self
        }
    }

    /// Removes the value at `path` and returns it (nil when there is none). A component is an
    /// object key, `[n]` (array index) or `[key=value]` (the array element whose `key` is `value`).
    mutating func remove(_ path: [String]) -> JSONValue? {
        guard let head = path.first else { return nil }
        let rest = Array(path.dropFirst())
        if head.hasPrefix("["), head.hasSuffix("]") {
            guard case .array(var items) = self else { return nil }
            let inner = String(head.dropFirst().dropLast())
            let index: Int?
            if let n = Int(inner) {
                index = n < items.count ? n : nil
            } else {
                let parts = inner.split(separator: "=", maxSplits: 1).map(String.init)
                index = parts.count == 2 ? items.firstIndex(where: { $0[parts[0]]?.stringValue == parts[1] }) : nil
            }
            guard let i = index else { return nil }
            if rest.isEmpty {
                let removed = items.remove(at: i)
                self = .array(items)
                return removed
            }
            let removed = items[i].remove(rest)
            self = .array(items)
            return removed
        }
        guard case .object(var o) = self, var child = o[head] else { return nil }
        if rest.isEmpty {
            o[head] = nil
            self = .object(o)
            return child
        }
        let removed = child.remove(rest)
        o[head] = child
        self = .object(o)
        return removed
    }
}
