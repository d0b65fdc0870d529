import Foundation
import KubeTesting
import SparkOperatorAPI

/// A malformed or hostile SparkApplication, and what may become of it: rejected by the API
/// server (naming `field` when given), accepted and marked FAILED / SUBMISSION_FAILED with a
/// message by the operator, or — for what is harmless once the API server has pruned or accepted
/// it (unknown fields, a 63-character name, unicode text) — run to COMPLETED.
struct HostileSpec: Sendable {
    enum Outcome: String, Sendable, CaseIterable {
        case rejected, failed, completed
    }

    var category: String
    var description: String
    /// The whole object; its name and namespace are set at creation unless `keepName`.
    var object: JSONValue
    var allowed: Set<Outcome>
    /// A rejection's message must contain this.
    var field: String?
    var keepName = false

    static let rejectedOrFailed: Set<Outcome> = [.rejected, .failed]
    static let anyEnd: Set<Outcome> = [.rejected, .failed, .completed]

    static func base(_ spec: JSONValue = ChaosBed.validSpec) -> JSONValue {
        [
            "apiVersion": "sparkoperator.k8s.io/v1beta2",
            "kind": "SparkApplication",
            "metadata": ["name": "placeholder"],
            "spec": spec,
        ]
    }

    /// The valid application with the value at `path` (dot-separated from the root; `[key]` for
    /// a key containing dots) set, or removed when nil.
    static func with(
        _ category: String, _ path: String, _ value: JSONValue?, allowed: Set<Outcome>, field: String? = nil,
        description: String? = nil
    ) -> HostileSpec {
        HostileSpec(
            category: category,
            description: description ?? "\(path) = \(value.map(Self.short) ?? "(removed)")",
            object: base().setting(Self.split(path)[...], to: value), allowed: allowed, field: field)
    }

    static func split(_ path: String) -> [String] {
        // "spec.sparkConf[spark.a.b]" → ["spec", "sparkConf", "spark.a.b"]
        var parts: [String] = []
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                let close = rest.firstIndex(of: "]")!
                parts.append(String(rest[rest.index(after: rest.startIndex)..<close]))
                rest = rest[rest.index(after: close)...]
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
            } else {
                let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                parts.append(String(rest[..<end]))
                rest = rest[end...]
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
            }
        }
        return parts
    }

    static func short(_ value: JSONValue) -> String {
        let text = (try? JSONCoding.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        return text.count > 60 ? "\(text.prefix(40))… (\(text.utf8.count) bytes)" : text
    }

    static func named(_ category: String, _ name: String, allowed: Set<Outcome>, description: String? = nil) -> HostileSpec {
        var spec = HostileSpec(
            category: category, description: description ?? "name of \(name.count) characters: \(name.prefix(24))…",
            object: base().setting(["metadata", "name"], to: .string(name)), allowed: allowed)
        spec.keepName = true
        return spec
    }

    static let big = String(repeating: "x", count: 1)

    // MARK: - The catalogue

    /// Every variant (the full form's 200); the short form takes every fourth, plus the hostile
    /// ones aimed at other objects (always run).
    static let all: [HostileSpec] = wrongTypes + enums + minimums + missing + quantities + unknownFields + hugeValues
        + names + unicode + sparkConfs + podFields + hostileLabels + bystanderTargets

    static var short: [HostileSpec] {
        let aimed = Set(["bystander", "hostile label", "hostile sparkConf"])
        return all.enumerated().filter { $0.offset % 4 == 0 || aimed.contains($0.element.category) }.map(\.element)
    }

    static let wrongTypes: [HostileSpec] = {
        let cases: [(String, JSONValue)] = [
            ("spec.driver.cores", "two"), ("spec.executor.cores", "two"), ("spec.driver.memory", 512),
            ("spec.executor.memory", true), ("spec.timeToLiveSeconds", "x"), ("spec.arguments", "notalist"),
            ("spec.sparkConf", "spark.a=b"), ("spec.sparkConf[spark.executor.instances]", 2), ("spec.hadoopConf", [1]),
            ("spec.executor.instances", "3"), ("spec.executor.deleteOnTermination", "no"), ("spec.mainClass", 42),
            ("spec.image", ["a", "b"]), ("spec.restartPolicy", "Never"), ("spec.driver", "big"), ("spec.executor", [1]),
            ("spec.deps", ["jars": "a.jar"]), ("spec.volumes", ["name": "data"]), ("spec.nodeSelector", ["a"]),
            ("spec.driver.labels", ["a": 1]), ("spec.driver.env", "X=1"), ("spec.failureRetries", "3"),
            ("spec.retryInterval", 1.5), ("spec.suspend", "yes"), ("spec.dynamicAllocation", ["enabled": "true"]),
            ("spec.driver.coreLimit", 1), ("spec.sparkVersion", 3.5), ("spec.mode", 1), ("spec.batchScheduler", 5),
            ("spec.memoryOverheadFactor", 0.1), ("spec.pythonVersion", 3), ("spec", "hello"), ("spec", [1, 2]),
            ("spec.arguments", [1, 2]), ("spec.driver.annotations", ["a": ["b"]]), ("spec.executor.instances", 1.5),
        ]
        return cases.map { path, value in
            let field = path.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
            return with("wrong type", path, value, allowed: [.rejected], field: field)
        }
    }()

    static let enums: [HostileSpec] = [
        with("enum", "spec.type", "Go", allowed: [.rejected], field: "spec.type"),
        with("enum", "spec.type", "scala", allowed: [.rejected], field: "spec.type"),
        with("enum", "spec.mode", "local", allowed: [.rejected], field: "spec.mode"),
        with("enum", "spec.restartPolicy.type", "Sometimes", allowed: [.rejected], field: "spec.restartPolicy.type"),
        with("enum", "spec.pythonVersion", "4", allowed: [.rejected], field: "spec.pythonVersion"),
        with("enum", "spec.type", "", allowed: [.rejected], field: "spec.type"),
    ]

    static let minimums: [HostileSpec] = [
        with("minimum", "spec.executor.instances", 0, allowed: [.rejected], field: "spec.executor.instances"),
        with("minimum", "spec.executor.instances", -1, allowed: [.rejected], field: "spec.executor.instances"),
        with("minimum", "spec.driver.cores", 0, allowed: [.rejected], field: "spec.driver.cores"),
        with("minimum", "spec.executor.cores", -5, allowed: [.rejected], field: "spec.executor.cores"),
        with("minimum", "spec.driver.cores", .int(Int64(Int32.max) + 1), allowed: [.rejected], field: "spec.driver.cores"),
        with("minimum", "spec.driver.cores", 9_223_372_036_854_775_807, allowed: [.rejected], field: "spec.driver.cores"),
        with("minimum", "spec.executor.cores", .int(Int64(Int32.min) - 1), allowed: [.rejected]),
        with("minimum", "spec.sparkUIOptions", ["servicePort": 0], allowed: [.rejected], field: "spec.sparkUIOptions.servicePort"),
    ]

    static let missing: [HostileSpec] = ["spec.driver", "spec.executor", "spec.sparkVersion", "spec.type", "spec.mainApplicationFile", "spec"]
        .map { with("missing required", $0, nil, allowed: [.rejected], field: $0) }

    static let quantities: [HostileSpec] = {
        var out: [HostileSpec] = []
        let memoryFields = ["spec.driver.memory", "spec.executor.memory", "spec.driver.memoryOverhead", "spec.executor.memoryOverhead"]
        let badMemory: [String] = ["lots", "1.5.5Gi", "-1Gi", "1e400", "12345678901234567890Ti", ""]
        // Spark's JavaUtils.byteStringAs trims and takes kb/mb/gb: these are valid Spark sizes.
        let sparkSizes: [String] = [" 512m", "512mb"]
        for field in memoryFields {
            for value in badMemory { out.append(with("invalid quantity", field, .string(value), allowed: rejectedOrFailed)) }
            for value in sparkSizes { out.append(with("invalid quantity", field, .string(value), allowed: [.completed])) }
        }
        let cpuFields = ["spec.driver.coreLimit", "spec.executor.coreLimit", "spec.driver.coreRequest", "spec.executor.coreRequest"]
        let badCPU: [String] = ["lots", "1.5.5", "-1", "1e400", "", "2 cores", "∞"]
        for field in cpuFields {
            for value in badCPU { out.append(with("invalid quantity", field, .string(value), allowed: rejectedOrFailed)) }
        }
        out.append(with("invalid quantity", "spec.driver.coreLimit", "0.0001m", allowed: anyEnd))
        out.append(with("invalid quantity", "spec.memoryOverheadFactor", "abc", allowed: rejectedOrFailed))
        out.append(with("invalid quantity", "spec.memoryOverheadFactor", "-1", allowed: rejectedOrFailed))
        out.append(with("invalid quantity", "spec.memoryOverheadFactor", "1e999", allowed: rejectedOrFailed))
        out.append(with("invalid quantity", "spec.driver.gpu", ["name": "nvidia.com/gpu", "quantity": -1], allowed: rejectedOrFailed))
        out.append(with("invalid quantity", "spec.driver.gpu", ["name": "", "quantity": 1], allowed: rejectedOrFailed))
        out.append(with("invalid quantity", "spec.executor.gpu", ["name": "not a resource!", "quantity": 1], allowed: rejectedOrFailed))
        return out
    }()

    /// Pruned by the API server (structural schema): the application is the valid one.
    static let unknownFields: [HostileSpec] = [
        with("unknown field", "spec.foo", "bar", allowed: [.completed, .rejected]),
        with("unknown field", "spec.driver.bar", 1, allowed: [.completed, .rejected]),
        with("unknown field", "spec.executor.baz", ["deep": ["er": true]], allowed: [.completed, .rejected]),
        with("unknown field", "extra", "top-level", allowed: [.completed, .rejected]),
        with("unknown field", "spec.restartPolicy.qux", 3, allowed: [.completed, .rejected]),
        with("unknown field", "spec.sparkUIOptions.unknown", "x", allowed: [.completed, .rejected]),
        with("unknown field", "metadata.fooBar", "x", allowed: [.completed, .rejected]),
        with("unknown field", "spec.dynamicAllocation.turbo", true, allowed: [.completed, .rejected]),
        // A status sent on create is dropped (status subresource): the app must still run.
        with("unknown field", "status", ["applicationState": ["state": "COMPLETED"], "submissionAttempts": 7],
             allowed: [.completed], description: "status {state: COMPLETED} sent on create"),
        with("unknown field", "spec.driver.javaOptionz", "-Xmx1g", allowed: [.completed, .rejected]),
    ]

    static let hugeValues: [HostileSpec] = [
        with("huge string", "spec.mainClass", .string(String(repeating: "a", count: 100_000)), allowed: anyEnd),
        with("huge string", "spec.mainClass", .string(String(repeating: "a", count: 1_000_000)), allowed: anyEnd),
        with("huge string", "spec.mainClass", .string(String(repeating: "a", count: 4_000_000)), allowed: [.rejected]),
        with("huge string", "spec.arguments", .array((0..<2000).map { _ in .string(String(repeating: "b", count: 500)) }), allowed: anyEnd),
        with("huge string", "metadata.annotations", ["big": .string(String(repeating: "c", count: 300_000))], allowed: [.rejected]),
        with("huge string", "metadata.labels", ["big": .string(String(repeating: "d", count: 64))], allowed: [.rejected]),
        with("huge string", "spec.image", .string(String(repeating: "e", count: 100_000)), allowed: anyEnd),
        with("huge string", "spec.driver.env", [["name": "BIG", "value": .string(String(repeating: "f", count: 500_000))]], allowed: anyEnd),
        with("huge string", "spec.sparkConf[spark.big]", .string(String(repeating: "g", count: 2_000_000)), allowed: rejectedOrFailed),
        with("huge string", "spec.driver.labels", ["big": .string(String(repeating: "h", count: 1000))], allowed: rejectedOrFailed),
    ]

    static let names: [HostileSpec] = [
        named("name", String(repeating: "n", count: 63), allowed: [.completed]),
        named("name", "a" + String(repeating: "-b", count: 31), allowed: [.completed]),
        named("name", String(repeating: "n", count: 64), allowed: [.completed, .failed]),
        named("name", String(repeating: "m", count: 100), allowed: [.completed, .failed]),
        named("name", String(repeating: "o", count: 200), allowed: [.completed, .failed]),
        named("name", String(repeating: "p", count: 253), allowed: [.completed, .failed]),
        named("name", String(repeating: "q", count: 254), allowed: [.rejected]),
        named("name", "UPPER", allowed: [.rejected], description: "name UPPER"),
        named("name", "under_score", allowed: [.rejected], description: "name under_score"),
        named("name", "-lead", allowed: [.rejected], description: "name -lead"),
        named("name", "a.b.c", allowed: [.completed, .failed], description: "name a.b.c (a DNS subdomain, not a label)"),
        named("name", "1digit-start", allowed: [.completed, .failed], description: "name 1digit-start"),
        named("name", "ünicode", allowed: [.rejected], description: "name ünicode"),
    ]

    static let unicode: [HostileSpec] = [
        with("unicode", "spec.mainClass", "org.例え.Pi", allowed: [.completed, .failed]),
        with("unicode", "spec.arguments", ["π", "🔥", "\u{202E}reversed", "tab\tand\nnewline"], allowed: [.completed, .failed]),
        with("unicode", "spec.sparkConf[spark.app.名前]", "値", allowed: anyEnd),
        with("unicode", "spec.sparkConf[spark.driver.extraJavaOptions]", "-Dx=🔥 -Dy=\u{0}", allowed: anyEnd),
        with("unicode", "spec.driver.labels", ["名前": "x"], allowed: rejectedOrFailed),
        with("unicode", "spec.driver.labels", ["x": "値"], allowed: rejectedOrFailed),
        with("unicode", "spec.driver.annotations", ["x": "値🔥"], allowed: [.completed, .failed]),
        with("unicode", "metadata.labels", ["a": "ü"], allowed: [.rejected]),
        with("unicode", "spec.driver.podName", "pod-ü", allowed: rejectedOrFailed),
        with("unicode", "spec.image", "spark:ü", allowed: anyEnd),
        with("unicode", "spec.sparkConf[spark.kubernetes.driver.pod.name]", "ДРАЙВЕР", allowed: rejectedOrFailed),
        with("unicode", "spec.driver.env", [["name": "FIRE", "value": "🔥"]], allowed: [.completed, .failed]),
        with("unicode", "spec.arguments", [.string(String(repeating: "🔥", count: 10_000))], allowed: [.completed, .failed]),
        with("unicode", "spec.driver.env", [["name": "名前", "value": "x"]], allowed: rejectedOrFailed),
    ]

    static let sparkConfs: [HostileSpec] = {
        func conf(_ n: Int, value: (Int) -> String) -> JSONValue {
            var o: [String: JSONValue] = [:]
            for i in 0..<n { o["spark.chaos.key.\(i)"] = .string(value(i)) }
            return .object(o)
        }
        return [
            with("10 000 sparkConf entries", "spec.sparkConf", conf(10_000) { "v\($0)" }, allowed: anyEnd,
                 description: "sparkConf with 10 000 entries"),
            with("10 000 sparkConf entries", "spec.sparkConf", conf(10_000) { "\($0)" + String(repeating: "v", count: 100) },
                 allowed: rejectedOrFailed, description: "sparkConf with 10 000 entries of 100 bytes (spark.properties over 1 MiB)"),
            with("10 000 sparkConf entries", "spec.hadoopConf", conf(10_000) { "h\($0)" }, allowed: anyEnd,
                 description: "hadoopConf with 10 000 entries"),
            with("10 000 sparkConf entries", "spec.sparkConf", conf(10_000) { _ in "" }, allowed: anyEnd,
                 description: "sparkConf with 10 000 empty values"),
        ]
    }()

    /// Embedded Kubernetes types are kept as objects by the CRD: the API server checks them only
    /// when the operator creates the driver pod.
    static let podFields: [HostileSpec] = [
        with("pod field", "spec.driver.volumeMounts", [["name": "nowhere", "mountPath": "/x"]], allowed: rejectedOrFailed),
        with("pod field", "spec.driver.serviceAccount", "no-such-account", allowed: rejectedOrFailed),
        with("pod field", "spec.driver.initContainers", [["name": 1]], allowed: rejectedOrFailed),
        with("pod field", "spec.driver.sidecars", [["image": "busybox"]], allowed: rejectedOrFailed),
        with("pod field", "spec.driver.securityContext", ["runAsUser": "root"], allowed: rejectedOrFailed),
        with("pod field", "spec.driver.tolerations", "all", allowed: rejectedOrFailed),
        with("pod field", "spec.nodeSelector", ["": "x"], allowed: rejectedOrFailed),
        with("pod field", "spec.driver.env", [["name": "", "value": "x"]], allowed: rejectedOrFailed),
        with("pod field", "spec.driver.podName", "Upper-x", allowed: rejectedOrFailed),
        with("pod field", "spec.driver.podName", .string(String(repeating: "z", count: 300)), allowed: rejectedOrFailed),
        with("pod field", "spec.volumes", [["name": "root", "hostPath": ["path": "/"]]], allowed: anyEnd),
        with("pod field", "spec.deps.packages", .array((0..<1000).map { .string("org.example:pkg\($0):1.0") }), allowed: anyEnd),
        with("pod field", "spec.driver.affinity", ["nodeAffinity": "everywhere"], allowed: rejectedOrFailed),
        with("pod field", "spec.imagePullPolicy", "Sometimes", allowed: rejectedOrFailed),
    ]

    /// Aimed at other objects: what they name must not be touched (checked by the scenario).
    static let hostileLabels: [HostileSpec] = [
        with("hostile label", "spec.driver.labels", ["sparkoperator.k8s.io/app-name": "victim"], allowed: [.completed, .failed]),
        with("hostile label", "spec.driver.labels", ["sparkoperator.k8s.io/submission-id": "forged"], allowed: [.completed, .failed]),
        with("hostile label", "spec.driver.labels", ["spark-role": "executor"], allowed: rejectedOrFailed),
        with("hostile label", "spec.driver.labels", ["sparkoperator.k8s.io/launched-by-spark-operator": "false"], allowed: [.completed, .failed]),
        with("hostile label", "spec.executor.labels", ["spark-app-selector": "victim"], allowed: rejectedOrFailed),
        with("hostile label", "metadata.labels", ["sparkoperator.k8s.io/app-name": "victim"], allowed: [.completed, .failed]),
        with("hostile sparkConf", "spec.sparkConf[spark.kubernetes.namespace]", "kube-system", allowed: [.completed, .failed]),
        with("hostile sparkConf", "spec.sparkConf[spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name]", "victim", allowed: [.completed, .failed]),
        with("hostile sparkConf", "spec.sparkConf[spark.kubernetes.driver.podTemplateFile]", "/etc/shadow", allowed: anyEnd),
        with("hostile sparkConf", "spec.sparkConf[spark.kubernetes.authenticate.driver.serviceAccountName]", "default", allowed: anyEnd),
    ]

    /// Objects of other owners in the namespace, named by a hostile spec: the operator must fail
    /// that application, never delete or adopt them.
    static let bystanderTargets: [HostileSpec] = [
        with("bystander", "spec.driver.podName", "victim-driver", allowed: [.failed],
             description: "spec.driver.podName = another application's driver pod"),
        with("bystander", "spec.sparkConf[spark.kubernetes.driver.pod.name]", "victim-driver", allowed: [.failed],
             description: "sparkConf spark.kubernetes.driver.pod.name = another application's driver pod"),
        with("bystander", "spec.driver.podName", "bystander", allowed: [.failed],
             description: "spec.driver.podName = a pod the operator did not create"),
        named("bystander", "db", allowed: [.failed],
              description: "application db: its UI Service name db-ui-svc is a Service the operator did not create"),
    ]
}
