import Foundation
import Kube
import SparkOperatorAPI
import Testing

@Suite("Optional spec sections kept out of line")
struct OutOfLineTests {
    static let yaml = """
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata: {name: a, namespace: ns}
        spec:
          type: Scala
          sparkVersion: 3.5.1
          mainApplicationFile: local:///x.jar
          driver: {cores: 1}
          executor: {instances: 2}
        """

    @Test func absentSectionsStayAbsentAndCostEightBytes() throws {
        let app = try YAML.decode(SparkApplication.self, from: Self.yaml)
        #expect(app.spec.monitoring == nil && app.spec.deps == nil && app.spec.sparkUIOptions == nil)
        #expect(app.spec.batchSchedulerOptions == nil && app.spec.dynamicAllocation == nil)
        let spec = try #require(try JSONValue(encoding: app)["spec"]?.objectValue)
        for key in ["monitoring", "deps", "sparkUIOptions", "batchSchedulerOptions", "dynamicAllocation"] {
            #expect(spec[key] == nil, "\(key) is not encoded when nil")
        }
        #expect(MemoryLayout<OutOfLine<MonitoringSpec>>.size == 8)
        #expect(MemoryLayout<SparkApplicationSpec>.size < 500, "\(MemoryLayout<SparkApplicationSpec>.size)")
    }

    @Test func setSectionsRoundTripAndMutateAsValues() throws {
        var app = try YAML.decode(SparkApplication.self, from: Self.yaml + """

              deps: {jars: [local:///a.jar]}
              dynamicAllocation: {enabled: true, maxExecutors: 4}
            """)
        #expect(app.spec.deps?.jars == ["local:///a.jar"])
        #expect(app.spec.dynamicAllocation?.maxExecutors == 4)
        let json = try JSONValue(encoding: app)
        #expect(json["spec"]?["deps"]?["jars"] == ["local:///a.jar"])
        #expect(try JSONCoding.decoder.decode(SparkApplication.self, from: JSONCoding.encoder.encode(app)) == app)

        let copy = app
        app.spec.dynamicAllocation?.maxExecutors = 8
        #expect(app.spec.dynamicAllocation?.maxExecutors == 8 && copy.spec.dynamicAllocation?.maxExecutors == 4)
        #expect(app != copy)
        app.spec.deps = nil
        #expect(try JSONValue(encoding: app)["spec"]?["deps"] == nil)
        app.spec.dynamicAllocation?.maxExecutors = 4
        app.spec.deps = copy.spec.deps
        #expect(app == copy && app.hashValue == copy.hashValue)
    }
}
