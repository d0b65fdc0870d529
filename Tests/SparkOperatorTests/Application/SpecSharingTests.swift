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

    /// The address of a string's UTF-8 storage: two strings sharing one allocation have the same.
    static func storage(_ s: String?) -> UnsafeRawPointer? {
        guard var copy = s else { return nil }
        return copy.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func specsThatDifferShareTheStringsTheyRepeat() throws {
        let canonicalize = SparkApplication.sharingSpecs(SharingPool())
        func decoded(_ name: String, _ arguments: [String]) throws -> SparkApplication {
            // Decoded from JSON, as the cache's objects are: every string its own allocation.
            var app = try Self.app(name, arguments: arguments)
            app.metadata.namespace = "a-namespace-of-more-than-15-bytes"
            app.metadata.labels = ["sparkoperator.k8s.io/scheduled-app-name": "nightly-\(name)"]
            app.spec.image = "docker.io/apache/spark:3.5.1-scala2.12"
            app.spec.mainClass = "org.apache.spark.examples.SparkPi"
            return try JSONDecoder().decode(SparkApplication.self, from: JSONEncoder().encode(app))
        }
        let rawA = try decoded("a", ["1"]), rawB = try decoded("b", ["2"])
        #expect(Self.storage(rawA.spec.image) != Self.storage(rawB.spec.image), "decoded apart, stored apart")
        let a = canonicalize(rawA), b = canonicalize(rawB)
        #expect(!b.$spec.isShared(with: a.$spec), "the arguments differ")
        for (x, y) in [(a.spec.image, b.spec.image), (a.spec.mainClass, b.spec.mainClass),
                       (a.spec.mainApplicationFile, b.spec.mainApplicationFile),
                       (a.apiVersion, b.apiVersion), (a.kind, b.kind), (a.metadata.namespace, b.metadata.namespace),
                       (a.metadata.labels?.keys.first, b.metadata.labels?.keys.first)] {
            #expect(x != nil && Self.storage(x) == Self.storage(y), "\(x ?? "nil") is stored once")
        }
        // Values unchanged: the same JSON as without sharing.
        #expect(try JSONValue(encoding: a) == JSONValue(encoding: rawA))
        #expect(try JSONValue(encoding: b) == JSONValue(encoding: rawB))
        #expect(b.metadata.labels == ["sparkoperator.k8s.io/scheduled-app-name": "nightly-b"])
    }

    @Test func anInternerIsBounded() {
        let interner = Interner(capacity: 3, maxValueBytes: 40)
        let first = interner.intern(String(repeating: "x", count: 20))
        let again = interner.intern(String(repeating: "x", count: 20))
        #expect(Self.storage(first) == Self.storage(again))
        _ = interner.intern("short")  // inline: nothing to share, not kept
        _ = interner.intern(String(repeating: "y", count: 41))  // too large to keep
        #expect(interner.count == 1)
        for c in ["a", "b", "c"] { _ = interner.intern(String(repeating: c, count: 20)) }
        #expect(interner.count == 1, "full at 3: started over with the 4th")
        #expect(interner.intern(String(repeating: "x", count: 20)) == first)
    }

    struct Colliding: Hashable, Sendable {
        var n: Int
        func hash(into hasher: inout Hasher) { hasher.combine(n < 0 ? 1 : 0) }
    }

    @Test func aPoolKeepsValuesWhoseHashesCollideApartAndPrunesThem() {
        let pool = SharingPool<Colliding>()
        var held = (0..<3).map { pool.share(Shared(wrappedValue: Colliding(n: $0))) }
        #expect(!held[1].isShared(with: held[0]) && !held[2].isShared(with: held[1]), "equal hashes, different values")
        for i in 0..<3 { #expect(pool.share(Shared(wrappedValue: Colliding(n: i))).isShared(with: held[i])) }
        // The first value of the hash is gone; 1100 short-lived values make the pool prune.
        held.removeFirst()
        for i in 0..<1100 { _ = pool.share(Shared(wrappedValue: Colliding(n: -1 - i))) }
        #expect(pool.count < 1100, "pruned: \(pool.count)")
        for (i, kept) in zip(1..., held) { #expect(pool.share(Shared(wrappedValue: Colliding(n: i))).isShared(with: kept)) }
        let again = pool.share(Shared(wrappedValue: Colliding(n: 0)))
        #expect(pool.share(Shared(wrappedValue: Colliding(n: 0))).isShared(with: again))
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
