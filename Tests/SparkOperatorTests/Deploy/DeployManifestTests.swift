import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

/// deploy/ and the Dockerfile read as files: least privilege (no wildcards; the namespaced Role is
/// the ClusterRole), the Deployment's hardening, one image name everywhere. That the manifests
/// are accepted by a real API server is `DeployTests` (IntegrationTests); that the ClusterRole
/// is enough for the operator is the operator's integration tests (`OperatorIdentity`).
@Suite("deploy/ manifests")
struct DeployManifestTests {
    static let root = OperatorHarness.repoRoot
    static let image = "ghcr.io/spark-operator-swift/spark-operator:0.1.0"

    static func documents(_ path: String) throws -> [JSONValue] {
        try YAML.documents(String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
    }

    /// Every YAML file under deploy/ (kustomizations included).
    static func allFiles() throws -> [String] {
        let deploy = root.appendingPathComponent("deploy")
        let enumerator = FileManager.default.enumerator(atPath: deploy.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yaml") { files.append("deploy/" + path) }
        }
        return files.sorted()
    }

    static func object(_ path: String, kind: String, name: String) throws -> JSONValue {
        let found = try documents(path).first { $0["kind"]?.stringValue == kind && $0["metadata"]?["name"]?.stringValue == name }
        return try #require(found, "\(path) has no \(kind) \(name)")
    }

    static func rules(_ object: JSONValue) -> [JSONValue] { object["rules"]?.arrayValue ?? [] }

    @Test func noRuleOfAnyRoleHasAWildcard() throws {
        var roles = 0
        for file in try Self.allFiles() {
            for doc in try Self.documents(file) where ["Role", "ClusterRole"].contains(doc["kind"]?.stringValue ?? "") {
                roles += 1
                let name = "\(file): \(doc["kind"]?.stringValue ?? "") \(doc["metadata"]?["name"]?.stringValue ?? "")"
                #expect(!Self.rules(doc).isEmpty, "\(name) has no rules")
                for rule in Self.rules(doc) {
                    let verbs = rule["verbs"]?.arrayValue ?? []
                    #expect(!verbs.isEmpty, "\(name): a rule without verbs")
                    for field in ["apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"] {
                        for value in rule[field]?.arrayValue ?? [] {
                            #expect(value.stringValue?.contains("*") == false, "\(name): \(field) \(value)")
                        }
                    }
                }
            }
        }
        #expect(roles == 4, "ClusterRole, the namespaced Role, the Lease Role, the Spark driver Role")
    }

    @Test func namespacedRoleHasExactlyTheClusterRolesRules() throws {
        let clusterRole = try Self.object("deploy/clusterrole.yaml", kind: "ClusterRole", name: "spark-operator-controller")
        let role = try Self.object("deploy/namespaced/role.yaml", kind: "Role", name: "spark-operator-controller")
        #expect(role["metadata"]?["namespace"] == "default")
        #expect(Self.rules(role) == Self.rules(clusterRole))
        // Both bind the Deployment's ServiceAccount.
        let subject: JSONValue = ["kind": "ServiceAccount", "name": "spark-operator-controller", "namespace": "spark-operator"]
        let clusterBinding = try Self.object("deploy/clusterrolebinding.yaml", kind: "ClusterRoleBinding", name: "spark-operator-controller")
        let binding = try Self.object("deploy/namespaced/role.yaml", kind: "RoleBinding", name: "spark-operator-controller")
        #expect(clusterBinding["subjects"] == [subject])
        #expect(binding["subjects"] == [subject])
        #expect(clusterBinding["roleRef"]?["kind"] == "ClusterRole")
        #expect(binding["roleRef"]?["kind"] == "Role")
    }

    /// The Lease: create (unrestrictable by name), and get/update of the one lock only.
    @Test func leaseRoleIsLimitedToTheLock() throws {
        let role = try Self.object("deploy/base/leader-election-rbac.yaml", kind: "Role", name: "spark-operator-leader-election")
        #expect(role["metadata"]?["namespace"] == "spark-operator")
        #expect(Self.rules(role) == [
            ["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["create"]],
            ["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "resourceNames": ["spark-operator-lock"],
             "verbs": ["get", "update"]],
        ])
    }

    /// What a Spark driver needs in the job namespace, under kubeflow's names.
    @Test func sparkDriverServiceAccountAndRole() throws {
        let sa = try Self.object("deploy/base/spark-rbac.yaml", kind: "ServiceAccount", name: "spark-operator-spark")
        #expect(sa["metadata"]?["namespace"] == "default")
        let role = try Self.object("deploy/base/spark-rbac.yaml", kind: "Role", name: "spark-operator-spark")
        let resources = Set(Self.rules(role).flatMap { $0["resources"]?.arrayValue ?? [] }.compactMap(\.stringValue))
        #expect(resources == ["pods", "configmaps", "persistentvolumeclaims", "services"])
        let verbs = Set(Self.rules(role).flatMap { $0["verbs"]?.arrayValue ?? [] }.compactMap(\.stringValue))
        #expect(verbs.isSuperset(of: ["create", "get", "list", "watch", "delete"]))
    }

    @Test func deploymentIsHardenedAndLeaderElected() throws {
        let deployment = try Self.object("deploy/base/deployment.yaml", kind: "Deployment", name: "spark-operator-controller")
        #expect(deployment["metadata"]?["namespace"] == "spark-operator")
        #expect(deployment["spec"]?["replicas"] == 2)
        let pod = try #require(deployment["spec"]?["template"]?["spec"])
        #expect(pod["serviceAccountName"] == "spark-operator-controller")
        #expect(pod["securityContext"]?["runAsNonRoot"] == true)
        #expect(pod["securityContext"]?["seccompProfile"]?["type"] == "RuntimeDefault")
        let containers = pod["containers"]?.arrayValue ?? []
        try #require(containers.count == 1)
        let c = containers[0]
        #expect(c["image"]?.stringValue == Self.image)
        let args = (c["args"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(args.contains("--leader-election"), "\(args)")
        #expect(args.contains("--leader-election-lock-namespace=spark-operator"), "\(args)")
        #expect(args.contains("--log-format=json"), "\(args)")
        let security = try #require(c["securityContext"])
        #expect(security["runAsNonRoot"] == true)
        #expect(security["readOnlyRootFilesystem"] == true)
        #expect(security["allowPrivilegeEscalation"] == false)
        #expect(security["capabilities"]?["drop"] == ["ALL"])
        #expect(security["capabilities"]?["add"] == nil)
        #expect(security["seccompProfile"]?["type"] == "RuntimeDefault")
        #expect(security["privileged"] == nil)
        #expect(c["livenessProbe"]?["httpGet"]?["path"] == "/healthz")
        #expect(c["readinessProbe"]?["httpGet"]?["path"] == "/readyz")
        #expect(c["livenessProbe"]?["httpGet"]?["port"] == "health")
        let ports = Dictionary(
            (c["ports"]?.arrayValue ?? []).compactMap { p in p["name"]?.stringValue.map { ($0, p["containerPort"]) } },
            uniquingKeysWith: { a, _ in a })
        #expect(ports["health"] == 8081)
        #expect(ports["metrics"] == 8080)
        #expect(c["resources"]?["requests"]?["cpu"] != nil && c["resources"]?["requests"]?["memory"] != nil)
        #expect(c["resources"]?["limits"]?["memory"] != nil)
        // The read-only root filesystem leaves /tmp writable through an emptyDir.
        #expect(c["volumeMounts"]?.arrayValue?.contains { $0["mountPath"] == "/tmp" } == true)

        let service = try Self.object("deploy/base/metrics-service.yaml", kind: "Service", name: "spark-operator-controller-metrics")
        #expect(service["spec"]?["selector"] == deployment["spec"]?["selector"]?["matchLabels"])
        #expect(service["spec"]?["ports"]?.arrayValue?.first?["targetPort"] == "metrics")
    }

    /// The namespaced overlay only adds the job namespace to the operator's flags (by env var).
    @Test func namespacedModeWatchesTheJobNamespace() throws {
        let patch = try Self.object("deploy/namespaced/deployment-namespaces.yaml", kind: "Deployment", name: "spark-operator-controller")
        let container = patch["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first
        #expect(container?["name"] == "spark-operator")
        let env = container?["env"]?.arrayValue ?? []
        #expect(env == [["name": "SPARK_OPERATOR_NAMESPACES", "value": "default"]])
    }

    /// Every manifest is listed by a kustomization (a file forgotten there would not be installed).
    @Test func everyManifestIsInAKustomization() throws {
        var listed: Set<String> = []
        for dir in ["deploy", "deploy/base", "deploy/namespaced"] {
            let k = try #require(try Self.documents(dir + "/kustomization.yaml").first)
            for field in ["resources", "patchesStrategicMerge"] {
                for entry in k[field]?.arrayValue ?? [] {
                    listed.insert(URL(fileURLWithPath: dir + "/" + (entry.stringValue ?? "")).standardized.relativePath)
                }
            }
        }
        let manifests = try Self.allFiles().filter { !$0.hasSuffix("/kustomization.yaml") }
        for file in manifests {
            let path = URL(fileURLWithPath: file).standardized.relativePath
            #expect(listed.contains(path), "\(file) is in no kustomization.yaml")
        }
        #expect(listed.count == manifests.count, "\(listed.subtracting(manifests))")
    }

    @Test func dockerfileBuildsTheOperatorStaticallyAndRunsItAsNonRoot() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let from = text.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(from.count == 2, "multi-stage: \(from)")
        #expect(from.first?.contains("swift:6") == true, "\(from)")
        #expect(text.contains("swift build -c release --static-swift-stdlib --product spark-operator"))
        #expect(text.contains("ca-certificates") && text.contains("tzdata"))
        #expect(text.contains("USER 65532"))
        #expect(text.contains(#"ENTRYPOINT ["/usr/local/bin/spark-operator"]"#))
        let makefile = try String(contentsOf: Self.root.appendingPathComponent("Makefile"), encoding: .utf8)
        #expect(makefile.contains("IMAGE ?= \(Self.image)"), "`make image` builds the tag deploy/ runs")
    }

    /// The image runs the operator with jemalloc exactly as the benchmark measures it.
    @Test func dockerfilePreloadsJemallocAsTheBenchmarkRunsIt() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let runtime = try #require(text.components(separatedBy: "FROM ubuntu:").last)
        #expect(runtime.contains("libjemalloc2"), "the runtime stage installs jemalloc")
        let env = OperatorAllocator.jemalloc.environment
        #expect(env.count == 2)
        for (name, value) in env {
            #expect(runtime.contains("\(name)=\(value)"), "ENV \(name)=\(value)")
        }
    }
}
