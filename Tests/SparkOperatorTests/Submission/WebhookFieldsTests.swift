import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// Every field kubeflow's webhook patches into pods reaches the driver pod (driver fields) and the
/// executor pod template (executor fields), and only that one.
@Suite struct WebhookFieldsTests {
    typealias F = SubmissionFixture

    enum Role: String, CaseIterable { case driver, executor }

    struct Field: Sendable, CustomTestStringConvertible {
        var name: String
        var set: @Sendable (inout SparkApplicationSpec, Role) -> Void
        var check: @Sendable (JSONValue) -> Bool
        var testDescription: String { name }
    }

    static func container(_ pod: JSONValue) -> JSONValue { pod["spec"]?["containers"]?.arrayValue?.first ?? .null }
    static func has(_ list: JSONValue?, _ item: JSONValue) -> Bool { list?.arrayValue?.contains(item) ?? false }

    static func setPod(_ spec: inout SparkApplicationSpec, _ role: Role, _ body: (inout SparkPodSpec) -> Void) {
        if role == .driver { body(&spec.driver.pod) } else { body(&spec.executor.pod) }
    }

    static let toleration: JSONValue = ["key": "gpu", "operator": "Exists", "effect": "NoSchedule"]
    static let affinity: JSONValue = ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [
        "nodeSelectorTerms": [["matchExpressions": [["key": "zone", "operator": "In", "values": ["a"]]]]]]]]
    static let sidecar: JSONValue = ["name": "log-shipper", "image": "fluent-bit:3"]
    static let initContainer: JSONValue = ["name": "fetch", "image": "busybox", "command": ["true"]]
    static let hostAlias: JSONValue = ["ip": "10.0.0.1", "hostnames": ["db.local"]]
    static let dnsConfig: JSONValue = ["nameservers": ["1.1.1.1"]]
    static let lifecycle: JSONValue = ["preStop": ["exec": ["command": ["sleep", "5"]]]]

    static let fields: [Field] = [
        Field(name: "env", set: { s, r in setPod(&s, r) { $0.env = [["name": "E1", "value": "v1"]] } },
              check: { has(container($0)["env"], ["name": "E1", "value": "v1"]) }),
        Field(name: "envFrom", set: { s, r in setPod(&s, r) { $0.envFrom = [["configMapRef": ["name": "env-cm"]]] } },
              check: { has(container($0)["envFrom"], ["configMapRef": ["name": "env-cm"]]) }),
        Field(name: "volumes+volumeMounts", set: { s, r in
            s.volumes = [["name": "data", "persistentVolumeClaim": ["claimName": "claim"]]]
            setPod(&s, r) { $0.volumeMounts = [["name": "data", "mountPath": "/data"]] }
        }, check: { has($0["spec"]?["volumes"], ["name": "data", "persistentVolumeClaim": ["claimName": "claim"]])
            && has(container($0)["volumeMounts"], ["name": "data", "mountPath": "/data"]) }),
        Field(name: "configMaps", set: { s, r in setPod(&s, r) { $0.configMaps = [NamePath(name: "cfg", path: "/etc/cfg")] } },
              check: { has($0["spec"]?["volumes"], ["name": "cfg-vol", "configMap": ["name": "cfg"]])
                  && has(container($0)["volumeMounts"], ["name": "cfg-vol", "readOnly": true, "mountPath": "/etc/cfg"]) }),
        Field(name: "affinity", set: { s, r in setPod(&s, r) { $0.affinity = affinity } }, check: { $0["spec"]?["affinity"] == affinity }),
        Field(name: "tolerations", set: { s, r in setPod(&s, r) { $0.tolerations = [toleration] } },
              check: { has($0["spec"]?["tolerations"], toleration) }),
        Field(name: "nodeSelector", set: { s, r in setPod(&s, r) { $0.nodeSelector = ["disk": "ssd"] } },
              check: { $0["spec"]?["nodeSelector"]?["disk"] == "ssd" }),
        Field(name: "podSecurityContext", set: { s, r in setPod(&s, r) { $0.podSecurityContext = ["fsGroup": 185] } },
              check: { $0["spec"]?["securityContext"] == ["fsGroup": 185] }),
        Field(name: "securityContext", set: { s, r in setPod(&s, r) { $0.securityContext = ["runAsUser": 185] } },
              check: { container($0)["securityContext"] == ["runAsUser": 185] }),
        Field(name: "sidecars", set: { s, r in setPod(&s, r) { $0.sidecars = [sidecar] } },
              check: { $0["spec"]?["containers"]?.arrayValue?.dropFirst().contains(sidecar) == true }),
        Field(name: "initContainers", set: { s, r in setPod(&s, r) { $0.initContainers = [initContainer] } },
              check: { has($0["spec"]?["initContainers"], initContainer) }),
        Field(name: "hostNetwork", set: { s, r in setPod(&s, r) { $0.hostNetwork = true } },
              check: { $0["spec"]?["hostNetwork"] == true && $0["spec"]?["dnsPolicy"] == "ClusterFirstWithHostNet" }),
        Field(name: "hostAliases", set: { s, r in setPod(&s, r) { $0.hostAliases = [hostAlias] } },
              check: { has($0["spec"]?["hostAliases"], hostAlias) }),
        Field(name: "dnsConfig", set: { s, r in setPod(&s, r) { $0.dnsConfig = dnsConfig } }, check: { $0["spec"]?["dnsConfig"] == dnsConfig }),
        Field(name: "schedulerName", set: { s, r in setPod(&s, r) { $0.schedulerName = "my-scheduler" } },
              check: { $0["spec"]?["schedulerName"] == "my-scheduler" }),
        Field(name: "terminationGracePeriodSeconds", set: { s, r in setPod(&s, r) { $0.terminationGracePeriodSeconds = 77 } },
              check: { $0["spec"]?["terminationGracePeriodSeconds"] == 77 }),
        Field(name: "shareProcessNamespace", set: { s, r in setPod(&s, r) { $0.shareProcessNamespace = true } },
              check: { $0["spec"]?["shareProcessNamespace"] == true }),
        Field(name: "gpu", set: { s, r in setPod(&s, r) { $0.gpu = GPUSpec(name: "nvidia.com/gpu", quantity: 1) } },
              check: { container($0)["resources"]?["limits"]?["nvidia.com/gpu"] == "1" }),
        Field(name: "memoryLimit", set: { s, r in setPod(&s, r) { $0.memoryLimit = "3g" } },
              check: { container($0)["resources"]?["limits"]?["memory"] == "3Gi" }),
        Field(name: "lifecycle", set: { s, r in if r == .driver { s.driver.lifecycle = lifecycle } else { s.executor.lifecycle = lifecycle } },
              check: { container($0)["lifecycle"] == lifecycle }),
        Field(name: "priorityClassName", set: { s, r in
            if r == .driver { s.driver.priorityClassName = "high" } else { s.executor.priorityClassName = "high" }
        }, check: { $0["spec"]?["priorityClassName"] == "high" }),
        Field(name: "ports", set: { s, r in
            let ports = [Port(name: "jmx", protocol: "TCP", containerPort: 9999)]
            if r == .driver { s.driver.ports = ports } else { s.executor.ports = ports }
        }, check: { has(container($0)["ports"], ["name": "jmx", "containerPort": 9999, "protocol": "TCP"]) }),
    ]

    static func pods(_ configure: @escaping (inout SparkApplicationSpec) -> Void) throws -> (driver: JSONValue, executor: JSONValue) {
        let plan = try F.plan(F.app(configure: configure))
        return (try F.json(plan.driverPod), plan.executorPodTemplate)
    }

    @Test(arguments: fields, Role.allCases)
    func reachesItsRoleOnly(field: Field, role: Role) throws {
        let (driver, executor) = try Self.pods { field.set(&$0, role) }
        let (own, other) = role == .driver ? (driver, executor) : (executor, driver)
        #expect(field.check(own), "\(field.name) missing from the \(role) pod")
        #expect(!field.check(other), "\(field.name) of the \(role) leaked into the other pod")
    }

    @Test func applicationWideFieldsReachBoth() throws {
        let (driver, executor) = try Self.pods {
            $0.sparkConfigMap = "spark-cm"
            $0.hadoopConfigMap = "hadoop-cm"
            $0.batchScheduler = "volcano"
        }
        for pod in [driver, executor] {
            #expect(Self.has(pod["spec"]?["volumes"], ["name": "spark-configmap-volume", "configMap": ["name": "spark-cm"]]))
            #expect(Self.has(Self.container(pod)["volumeMounts"], ["name": "spark-configmap-volume", "readOnly": true, "mountPath": "/etc/spark/conf"]))
            #expect(Self.has(pod["spec"]?["volumes"], ["name": "hadoop-configmap-volume", "configMap": ["name": "hadoop-cm"]]))
            #expect(Self.has(Self.container(pod)["volumeMounts"], ["name": "hadoop-configmap-volume", "readOnly": true, "mountPath": "/etc/hadoop/conf"]))
            #expect(Self.has(Self.container(pod)["env"], ["name": "HADOOP_CONF_DIR", "value": "/etc/hadoop/conf"]))
            // spec.batchScheduler wins over the role's schedulerName.
            #expect(pod["spec"]?["schedulerName"] == "volcano")
        }
        // SPARK_CONF_DIR points at the mounted Spark ConfigMap (one entry, the webhook's value wins).
        let confDirs = Self.container(driver)["env"]?.arrayValue?.filter { $0["name"] == "SPARK_CONF_DIR" } ?? []
        #expect(confDirs == [["name": "SPARK_CONF_DIR", "value": "/etc/spark/conf"]])
        #expect(Self.has(Self.container(executor)["env"], ["name": "SPARK_CONF_DIR", "value": "/etc/spark/conf"]))
    }

    @Test func executorTemplateShape() throws {
        let (_, executor) = try Self.pods { _ in }
        #expect(executor["apiVersion"] == "v1")
        #expect(executor["kind"] == "Pod")
        #expect(Self.container(executor)["name"] == "spark-kubernetes-executor")
        // What Spark derives from configuration is left to the driver (no image, resources, args).
        #expect(Self.container(executor)["image"] == nil)
        #expect(Self.container(executor)["args"] == nil)
        #expect(executor["metadata"]?["labels"]?["sparkoperator.k8s.io/launched-by-spark-operator"] == "true")
    }

    @Test func priorityClassNameClearsPriority() throws {
        let (driver, _) = try Self.pods {
            $0.driver.template = ["spec": ["priority": 1000, "preemptionPolicy": "Never"]]
            $0.driver.priorityClassName = "high"
        }
        #expect(driver["spec"]?["priorityClassName"] == "high")
        // The template's priority stays underneath: the webhook removes only what it sees on the pod.
        #expect(driver["spec"]?["priority"] == 1000)
    }

    @Test func sidecarsAndInitContainersAreNotDuplicated() throws {
        let (driver, _) = try Self.pods {
            $0.driver.sidecars = [Self.sidecar, Self.sidecar]
            $0.driver.initContainers = [Self.initContainer, Self.initContainer]
        }
        #expect(driver["spec"]?["containers"]?.arrayValue?.count == 2)
        #expect(driver["spec"]?["initContainers"]?.arrayValue?.count == 1)
    }

    @Test func mountsOfTemplateVolumesAreAccepted() throws {
        let (_, executor) = try Self.pods {
            $0.executor.template = ["spec": ["volumes": [["name": "shm", "emptyDir": ["medium": "Memory"]]]]]
            $0.executor.volumeMounts = [["name": "shm", "mountPath": "/dev/shm"]]
        }
        #expect(Self.has(Self.container(executor)["volumeMounts"], ["name": "shm", "mountPath": "/dev/shm"]))
        #expect(Self.has(executor["spec"]?["volumes"], ["name": "shm", "emptyDir": ["medium": "Memory"]]))
    }
}
