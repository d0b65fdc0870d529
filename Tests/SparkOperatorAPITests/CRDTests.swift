import Foundation
import Kube
import SparkOperatorAPI
import Testing

@Suite("CustomResourceDefinitions")
struct CRDTests {
    /// `crds/`, and its copy in `deploy/` (kustomize 2.0 of kubectl 1.20 reads only files inside
    /// the kustomization's tree): both written by `make crds`.
    @Test("the committed CRDs are up to date with the Swift types (run `make crds`)", arguments: ["crds", "deploy/base/crds"])
    func committedCRDsAreCurrent(_ directory: String) throws {
        for (fileName, crd) in try CustomResourceDefinitions.all() {
            let url = Fixtures.repoRoot.appendingPathComponent(directory).appendingPathComponent(fileName)
            let committed = try String(contentsOf: url, encoding: .utf8)
            #expect(committed == (try CRDFile.render(crd)), "\(directory)/\(fileName) is stale: run `make crds`")
        }
    }

    @Test func namesAndColumnsMatchKubeflow() throws {
        let crd = try CustomResourceDefinitions.sparkApplication
        #expect(crd["metadata"]?["name"] == "sparkapplications.sparkoperator.k8s.io")
        #expect(crd["spec"]?["names"]?["shortNames"] == ["sparkapp"])
        #expect(crd["spec"]?["scope"] == "Namespaced")
        let version = crd["spec"]?["versions"]?.arrayValue?.first
        #expect(version?["name"] == "v1beta2")
        #expect(version?["subresources"] == ["status": [:]])
        let columns = version?["additionalPrinterColumns"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(columns == ["Suspend", "Status", "Attempts", "Start", "Finish", "Age"])
        let scheduled = try CustomResourceDefinitions.scheduledSparkApplication
        #expect(scheduled["spec"]?["names"]?["shortNames"] == ["scheduledsparkapp"])
        #expect(scheduled["metadata"]?["annotations"]?["api-approved.kubernetes.io"] != nil)
    }

    @Test("each CRD stays far below the 256 KiB last-applied-configuration limit")
    func compact() throws {
        for (_, crd) in try CustomResourceDefinitions.all() {
            #expect(try JSONCoding.encoder.encode(crd).count < 64 * 1024)
        }
    }

    /// Every property of every type's schema is one of its coding keys and vice versa, so the
    /// schema cannot drift from the Codable fields.
    /// kube-apiserver does not enforce `format: int32`; a number out of its range would be
    /// accepted and then not decode into the operator's types (found by `make chaos`). Every
    /// int32 states its range.
    @Test func everyInt32StatesItsRange() throws {
        func check(_ schema: JSONValue, _ path: String, _ count: inout Int) {
            guard case .object(let o) = schema else {
                if case .array(let a) = schema { for (i, v) in a.enumerated() { check(v, "\(path)[\(i)]", &count) } }
                return
            }
            if o["format"]?.stringValue == "int32" {
                count += 1
                let min = o["minimum"]?.intValue, max = o["maximum"]?.intValue
                #expect(min != nil && min! >= Int64(Int32.min), "\(path): minimum \(String(describing: min))")
                #expect(max != nil && max! <= Int64(Int32.max), "\(path): maximum \(String(describing: max))")
            }
            for (k, v) in o { check(v, "\(path).\(k)", &count) }
        }
        for (name, crd) in try CustomResourceDefinitions.all() {
            var count = 0
            check(crd, name, &count)
            #expect(count > 5, "\(name): \(count) int32 fields")
        }
    }

    @Test(arguments: SchemaDrift.cases)
    func schemaMatchesCodingKeys(_ c: SchemaDrift) {
        let schemaKeys = Set(c.schema.properties?.keys.map { $0 } ?? [])
        #expect(schemaKeys == c.codingKeys, "\(c.name)")
        for required in c.schema.required ?? [] {
            #expect(c.codingKeys.contains(required), "\(c.name).\(required)")
        }
    }
}

struct SchemaDrift: Sendable, CustomTestStringConvertible {
    var name: String
    var schema: JSONSchemaProps
    var codingKeys: Set<String>
    var testDescription: String { name }

    static func of<T: SchemaDescribed, K: CodingKey & CaseIterable>(_ t: T.Type, _ keys: K.Type, plus extra: [String] = [])
        -> SchemaDrift
    {
        SchemaDrift(
            name: String(describing: t), schema: t.schema,
            codingKeys: Set(keys.allCases.map(\.stringValue) + extra))
    }

    static let podKeys = SparkPodSpec.CodingKeys.allCases.map(\.stringValue)

    static let cases: [SchemaDrift] = [
        of(SparkApplicationSpec.self, SparkApplicationSpec.CodingKeys.self),
        of(SparkPodSpec.self, SparkPodSpec.CodingKeys.self),
        of(DriverSpec.self, DriverSpec.CodingKeys.self, plus: podKeys),
        of(ExecutorSpec.self, ExecutorSpec.CodingKeys.self, plus: podKeys),
        of(RestartPolicy.self, RestartPolicy.CodingKeys.self),
        of(Dependencies.self, Dependencies.CodingKeys.self),
        of(DynamicAllocation.self, DynamicAllocation.CodingKeys.self),
        of(BatchSchedulerConfiguration.self, BatchSchedulerConfiguration.CodingKeys.self),
        of(MonitoringSpec.self, MonitoringSpec.CodingKeys.self),
        of(PrometheusSpec.self, PrometheusSpec.CodingKeys.self),
        of(SparkUIConfiguration.self, SparkUIConfiguration.CodingKeys.self),
        of(DriverIngressConfiguration.self, DriverIngressConfiguration.CodingKeys.self),
        of(GPUSpec.self, GPUSpec.CodingKeys.self),
        of(NamePath.self, NamePath.CodingKeys.self),
        of(NameKey.self, NameKey.CodingKeys.self),
        of(SecretInfo.self, SecretInfo.CodingKeys.self),
        of(Port.self, Port.CodingKeys.self),
        of(ApplicationState.self, ApplicationState.CodingKeys.self),
        of(DriverInfo.self, DriverInfo.CodingKeys.self),
        of(SparkApplicationStatus.self, SparkApplicationStatus.CodingKeys.self),
        of(ScheduledSparkApplicationSpec.self, ScheduledSparkApplicationSpec.CodingKeys.self),
        of(ScheduledSparkApplicationStatus.self, ScheduledSparkApplicationStatus.CodingKeys.self),
    ]
}
