import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

/// The generated CRDs of `crds/` against the real API server: they install, accept every kubeflow
/// example unchanged (nothing pruned), print kubeflow's columns, and reject malformed specs.
@Suite("CRDs")
struct CRDTests {
    static let kubeflowExamples = [
        "bad-fail-application.yaml", "bad-fail-submission.yaml", "spark-pi-configmap.yaml",
        "spark-pi-custom-resource.yaml", "spark-pi-dynamic-allocation.yaml", "spark-pi-emptydir.yaml",
        "spark-pi-kube-scheduler.yaml", "spark-pi-pod-template.yaml", "spark-pi-prometheus-servlet.yaml",
        "spark-pi-prometheus.yaml", "spark-pi-python.yaml", "spark-pi-scheduled.yaml", "spark-pi-ttl.yaml",
        "spark-pi-volcano.yaml", "spark-pi-yunikorn.yaml", "spark-pi.yaml",
    ]

    @Test func crdsApplyAndBecomeEstablished() async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        // Applying again is a no-op, and is what this test checks in its own right.
        let applied = try await SparkCRDs.apply(on: plane)
        #expect(applied.stdout.contains("customresourcedefinition.apiextensions.k8s.io/sparkapplications.sparkoperator.k8s.io"))
        #expect(applied.stdout.contains("customresourcedefinition.apiextensions.k8s.io/scheduledsparkapplications.sparkoperator.k8s.io"))
        for name in SparkCRDs.names {
            let crd = try await plane.request("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/\(name)")
            let conditions = (crd.json?["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
            let status = Dictionary(
                conditions.compactMap { c in (c["type"] as? String).map { ($0, c["status"] as? String ?? "") } },
                uniquingKeysWith: { a, _ in a })
            #expect(status["Established"] == "True", "\(name): \(conditions)")
            #expect(status["NamesAccepted"] == "True", "\(name): \(conditions)")
            #expect(status["NonStructuralSchema"] == nil, "\(name) has a non-structural schema: \(conditions)")
        }
        let discovery = try await plane.request(SparkCRDs.apiPath)
        let resources = Dictionary(
            ((discovery.json?["resources"] as? [[String: Any]]) ?? []).compactMap { r in
                (r["name"] as? String).map { ($0, r) }
            }, uniquingKeysWith: { a, _ in a })
        #expect(resources["sparkapplications"]?["shortNames"] as? [String] == ["sparkapp"], "\(discovery)")
        #expect(resources["scheduledsparkapplications"]?["shortNames"] as? [String] == ["scheduledsparkapp"])
        #expect(resources["sparkapplications/status"] != nil, "no status subresource: \(discovery)")
        #expect(resources["scheduledsparkapplications/status"] != nil, "no status subresource: \(discovery)")
    }

    @Test(arguments: kubeflowExamples)
    func kubeflowExampleAppliesUnchangedAndNothingIsPruned(_ example: String) async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let ns = try await plane.createNamespace(prefix: "example")
        let original = try TestPaths.kubeflowExample(example)
        // The examples say `namespace: default`; only that line changes.
        let text = original.replacingOccurrences(
            of: #"(?m)^(\s+)namespace: default\s*$"#, with: "$1namespace: \(ns)", options: .regularExpression)
        let documents = try YAML.documents(text)
        try #require(!documents.isEmpty)

        // Client-side validation stays on: kubectl checks the published schema as users' kubectl does.
        let applied = try await plane.kubectl(["apply", "-n", ns, "-f", "-", "-o", "name"], stdin: text)
        #expect(applied.succeeded, "\(example): \(applied)")
        let created = applied.stdout.split(separator: "\n")
        #expect(created.count == documents.count, "\(example): \(applied.stdout)")

        var compared = 0
        for document in documents {
            guard let kind = document["kind"]?.stringValue, kind.hasSuffix("SparkApplication"),
                let name = document["metadata"]?["name"]?.stringValue
            else { continue }
            let plural = kind.lowercased() + "s"
            let stored = try await plane.request("\(SparkCRDs.apiPath)/namespaces/\(ns)/\(plural)/\(name)")
            try #require(stored.status == 200, "\(example): \(stored)")
            let storedSpec = try JSONCoding.decoder.decode(JSONValue.self, from: Data(stored.body.utf8))["spec"]
            let spec = try #require(document["spec"], "\(example): \(name) has no spec")
            let differences = spec.differences(from: storedSpec ?? .null, at: "spec")
            compared += 1
            #expect(differences.isEmpty, "\(example): the API server changed the spec:\n\(differences.joined(separator: "\n"))")
        }
        #expect(compared >= 1, "\(example) holds no SparkApplication or ScheduledSparkApplication")
        try await plane.deleteNamespace(ns)
    }

    @Test func sparkApplicationPrintsKubeflowsColumns() async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let ns = try await plane.createNamespace(prefix: "columns-app")
        var app = MalformedSpec.validApplication.setting(["metadata", "name"], to: "columns")
        app = app.setting(["spec", "suspend"], to: true)
        let created = try await plane.kubectl(["create", "-n", ns, "-f", "-"], stdin: try Self.json(app))
        try #require(created.succeeded, "\(created)")
        let status = try await plane.request(
            "\(SparkCRDs.apiPath)/namespaces/\(ns)/sparkapplications/columns/status", method: "PATCH",
            body: """
                {"status": {"applicationState": {"state": "RUNNING"}, "executionAttempts": 2,
                 "lastSubmissionAttemptTime": "2024-05-01T10:00:00Z", "terminationTime": "2024-05-01T10:05:00Z"}}
                """,
            contentType: "application/merge-patch+json")
        try #require(status.status == 200, "\(status)")

        let table = try await plane.kubectl("get", "sparkapp", "-n", ns)
        try #require(table.succeeded, "\(table)")
        let rows = try Self.parseTable(table.stdout)
        #expect(rows.header == ["NAME", "SUSPEND", "STATUS", "ATTEMPTS", "START", "FINISH", "AGE"], "\(table.stdout)")
        let row = try #require(rows.rows.first, "\(table.stdout)")
        #expect(row["NAME"] == "columns")
        #expect(row["SUSPEND"] == "true")
        #expect(row["STATUS"] == "RUNNING")
        #expect(row["ATTEMPTS"] == "2")
        #expect(row["START"] == "2024-05-01T10:00:00Z")
        #expect(row["FINISH"] == "2024-05-01T10:05:00Z")
        #expect(row["AGE"]?.range(of: #"^[0-9]+[smhdy]"#, options: .regularExpression) != nil, "\(table.stdout)")
        try await plane.deleteNamespace(ns)
    }

    @Test func scheduledSparkApplicationPrintsKubeflowsColumns() async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let ns = try await plane.createNamespace(prefix: "columns-scheduled")
        var app = MalformedSpec.validScheduledApplication.setting(["metadata", "name"], to: "nightly")
        app = app.setting(["spec", "schedule"], to: "@every 3m")
        app = app.setting(["spec", "timeZone"], to: "Europe/Paris")
        app = app.setting(["spec", "suspend"], to: false)
        let created = try await plane.kubectl(["create", "-n", ns, "-f", "-"], stdin: try Self.json(app))
        try #require(created.succeeded, "\(created)")
        let status = try await plane.request(
            "\(SparkCRDs.apiPath)/namespaces/\(ns)/scheduledsparkapplications/nightly/status", method: "PATCH",
            body: #"{"status": {"lastRun": "2024-05-01T10:00:00Z", "lastRunName": "nightly-1714557600"}}"#,
            contentType: "application/merge-patch+json")
        try #require(status.status == 200, "\(status)")

        let table = try await plane.kubectl("get", "scheduledsparkapp", "-n", ns)
        try #require(table.succeeded, "\(table)")
        let rows = try Self.parseTable(table.stdout)
        #expect(
            rows.header == ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "LAST RUN", "LAST RUN NAME", "AGE"],
            "\(table.stdout)")
        let row = try #require(rows.rows.first, "\(table.stdout)")
        #expect(row["NAME"] == "nightly")
        #expect(row["SCHEDULE"] == "@every 3m")
        #expect(row["TIMEZONE"] == "Europe/Paris")
        #expect(row["SUSPEND"] == "false")
        #expect(row["LAST RUN"]?.range(of: #"^[0-9]+[smhdy]"#, options: .regularExpression) != nil, "\(table.stdout)")
        #expect(row["LAST RUN NAME"] == "nightly-1714557600")
        try await plane.deleteNamespace(ns)
    }

    /// The control for the malformed cases: the specs they start from are accepted.
    @Test(arguments: [MalformedSpec.validApplication, MalformedSpec.validScheduledApplication])
    func validSpecIsAccepted(_ object: JSONValue) async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let result = try await Self.serverSideCreate(object, on: plane)
        #expect(result.succeeded, "\(result)")
    }

    @Test(arguments: MalformedSpec.all)
    func malformedSpecIsRejectedNamingTheField(_ spec: MalformedSpec) async throws {
        let plane = try await ControlPlane.shared()
        try await SparkCRDs.install(on: plane)
        let result = try await Self.serverSideCreate(spec.object, on: plane)
        #expect(!result.succeeded, "accepted: \(spec.testDescription)")
        #expect(result.stderr.contains("is invalid"), "\(result)")
        #expect(result.stderr.contains(spec.field), "\(result)")
    }

    // MARK: - Helpers

    /// `kubectl create --dry-run=server --validate=false`: only the API server judges the object.
    static func serverSideCreate(_ object: JSONValue, on plane: ControlPlane) async throws -> CommandResult {
        try await plane.kubectl(
            ["create", "-n", "default", "--dry-run=server", "--validate=false", "-f", "-"], stdin: try json(object))
    }

    static func json(_ value: JSONValue) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
    }

    /// A `kubectl get` table: the header cells, and each row as header → cell (cells located by
    /// the header's column offsets, since a cell may contain single spaces).
    static func parseTable(_ text: String) throws -> (header: [String], rows: [[String: String]]) {
        let lines = text.split(separator: "\n").map { Array($0) }
        guard let headerLine = lines.first else { throw TestFailure("empty table") }
        var starts: [Int] = []
        var i = 0
        while i < headerLine.count {
            if headerLine[i] != " " && (i == 0 || (i >= 2 && headerLine[i - 1] == " " && headerLine[i - 2] == " ")) {
                starts.append(i)
            }
            i += 1
        }
        func cells(_ line: [Character]) -> [String] {
            starts.enumerated().map { n, start in
                let end = n + 1 < starts.count ? starts[n + 1] : line.count
                guard start < line.count else { return "" }
                return String(line[start..<min(end, line.count)]).trimmingCharacters(in: .whitespaces)
            }
        }
        let header = cells(headerLine)
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, cells($0))) }
        return (header, rows)
    }
}
