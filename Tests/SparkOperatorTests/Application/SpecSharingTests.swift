import Foundation
import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// The cache's canonicalization (`SparkApplication.sharingSpecs`): equal specs share one
/// allocation; specs that differ share their equal driver and executor specs.
@Suite("Spec sharing in the cache")
struct SpecSharingTests {
    static func app(_ name: String, arguments: [String], executorInstances: Int32 = 2) throws -> SparkApplication {
        var app = try YAML.decode(SparkApplication.self, from: """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: \(name), namespace: ns}
            spec:
              type: Scala
              sparkVersion: 3.5.1
              mainApplicationFile: local:///x.jar
              driver: {cores: 1, memory: 512m, labels: {version: 3.5.1}}
              executor: {instances: 2, cores: 1, memory: 512m}
            """)
        app.spec.arguments = arguments
        app.spec.executor.instances = executorInstances
        return app
    }

    @Test func equalSpecsShareOneAndDifferentSpecsShareTheirEqualParts() throws {
        let canonicalize = SparkApplication.sharingSpecs(SharingPool())
        let a = canonicalize(try Self.app("a", arguments: ["1"]))
        let b = canonicalize(try Self.app("b", arguments: ["1"]))
        let c = canonicalize(try Self.app("c", arguments: ["2"]))
        let d = canonicalize(try Self.app("d", arguments: ["3"], executorInstances: 5))

        #expect(b.$spec.isShared(with: a.$spec), "equal specs: one allocation")
        #expect(!c.$spec.isShared(with: a.$spec), "the arguments differ")
        #expect(c.spec.$driver.isShared(with: a.spec.$driver), "equal driver specs: one allocation")
        #expect(c.spec.$executor.isShared(with: a.spec.$executor))
        #expect(d.spec.$driver.isShared(with: a.spec.$driver))
        #expect(!d.spec.$executor.isShared(with: a.spec.$executor), "5 executors, not 2")

        // Values unchanged, and the same JSON as without sharing.
        #expect(c == (try Self.app("c", arguments: ["2"])))
        #expect(d.spec.executor.instances == 5 && a.spec.executor.instances == 2)
        #expect(try JSONValue(encoding: d) == JSONValue(encoding: try Self.app("d", arguments: ["3"], executorInstances: 5)))

        // Copy on write: a change to one app's shared driver spec leaves the others alone.
        var changed = c
        changed.spec.driver.cores = 4
        #expect(a.spec.driver.cores == 1 && c.spec.driver.cores == 1 && changed.spec.driver.cores == 4)
        #expect(!changed.spec.$driver.isShared(with: a.spec.$driver))
    }

    @Test func aPoolPreparesOnlyValuesItHasNotSeen() {
        let pool = SharingPool<SparkApplicationSpec>()
        var prepared = 0
        func share(_ spec: SparkApplicationSpec) -> Shared<SparkApplicationSpec> {
            pool.share(Shared(wrappedValue: spec)) { prepared += 1; return Shared(wrappedValue: $0.wrappedValue) }
        }
        let first = share(SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1"))
        let second = share(SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1"))
        #expect(second.isShared(with: first))
        #expect(prepared == 1)
        _ = share(SparkApplicationSpec(type: .python, sparkVersion: "3.5.1"))
        #expect(prepared == 2 && pool.count == 2)
    }
}
