/// Fields common to the driver and the executors (`SparkPodSpec`, inlined into `DriverSpec` and
/// `ExecutorSpec` in JSON). Core Kubernetes types are carried as `JSONValue`.
public struct SparkPodSpec: Codable, Sendable, Hashable {
    /// Spark ≥ 3.0 pod template (`corev1.PodTemplateSpec`), merged underneath what the operator builds.
    public var template: JSONValue?
    public var cores: Int32?
    public var coreLimit: String?
    public var memory: String?
    public var memoryLimit: String?
    public var memoryOverhead: String?
    public var gpu: GPUSpec?
    public var image: String?
    public var configMaps: [NamePath]?
    public var secrets: [SecretInfo]?
    public var env: [JSONValue]?
    /// Deprecated: use `env`.
    public var envVars: [String: String]?
    public var envFrom: [JSONValue]?
    /// Deprecated: use `env` with `valueFrom.secretKeyRef`.
    public var envSecretKeyRefs: [String: NameKey]?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var volumeMounts: [JSONValue]?
    public var affinity: JSONValue?
    public var tolerations: [JSONValue]?
    public var podSecurityContext: JSONValue?
    public var securityContext: JSONValue?
    public var schedulerName: String?
    public var sidecars: [JSONValue]?
    public var initContainers: [JSONValue]?
    public var hostNetwork: Bool?
    public var nodeSelector: [String: String]?
    public var dnsConfig: JSONValue?
    public var terminationGracePeriodSeconds: Int64?
    public var serviceAccount: String?
    public var hostAliases: [JSONValue]?
    public var shareProcessNamespace: Bool?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case template, cores, coreLimit, memory, memoryLimit, memoryOverhead, gpu, image, configMaps, secrets
        case env, envVars, envFrom, envSecretKeyRefs, labels, annotations, volumeMounts, affinity, tolerations
        case podSecurityContext, securityContext, schedulerName, sidecars, initContainers, hostNetwork
        case nodeSelector, dnsConfig, terminationGracePeriodSeconds, serviceAccount, hostAliases
        case shareProcessNamespace
    }
}

extension SparkPodSpec: SchemaDescribed {
    public static var schema: JSONSchemaProps {
        .object([
            "template": .embeddedObject("Pod template (Spark >= 3.0) merged underneath the pod the operator builds."),
            "cores": .int32("Number of CPU cores.", minimum: 1),
            "coreLimit": .string("Hard CPU limit, e.g. 1500m."),
            "memory": .string("JVM heap, Spark/JVM size string such as 512m or 1g."),
            "memoryLimit": .string("Container memory limit (JVM-style size string)."),
            "memoryOverhead": .string("Off-heap memory, Spark/JVM size string."),
            "gpu": GPUSpec.schema,
            "image": .string("Container image."),
            "configMaps": .array(of: NamePath.schema, description: "ConfigMaps mounted at the given paths."),
            "secrets": .array(of: SecretInfo.schema, description: "Secrets mounted at the given paths."),
            "env": .array(of: .embeddedObject(), description: "Environment variables (corev1.EnvVar)."),
            "envVars": .map(description: "Deprecated: environment variables as a map."),
            "envFrom": .array(of: .embeddedObject(), description: "corev1.EnvFromSource list."),
            "envSecretKeyRefs": .map(of: NameKey.schema, description: "Deprecated: env vars from secret keys."),
            "labels": .map(description: "Pod labels."),
            "annotations": .map(description: "Pod annotations."),
            "volumeMounts": .array(of: .embeddedObject(), description: "corev1.VolumeMount list."),
            "affinity": .embeddedObject("corev1.Affinity."),
            "tolerations": .array(of: .embeddedObject(), description: "corev1.Toleration list."),
            "podSecurityContext": .embeddedObject("corev1.PodSecurityContext."),
            "securityContext": .embeddedObject("corev1.SecurityContext of the Spark container."),
            "schedulerName": .string(),
            "sidecars": .array(of: .embeddedObject(), description: "Sidecar containers (corev1.Container)."),
            "initContainers": .array(of: .embeddedObject(), description: "Init containers (corev1.Container)."),
            "hostNetwork": .boolean(),
            "nodeSelector": .map(description: "Node selector of the pod."),
            "dnsConfig": .embeddedObject("corev1.PodDNSConfig."),
            "terminationGracePeriodSeconds": .int64(),
            "serviceAccount": .string("Service account the pod runs as."),
            "hostAliases": .array(of: .embeddedObject(), description: "corev1.HostAlias list."),
            "shareProcessNamespace": .boolean(),
        ])
    }
}

/// `GPUSpec`: a GPU resource name and how many.
public struct GPUSpec: Codable, Sendable, Hashable, SchemaDescribed {
    public var name: String
    public var quantity: Int64
    public init(name: String, quantity: Int64) {
        self.name = name
        self.quantity = quantity
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, quantity }
    public static var schema: JSONSchemaProps {
        .object(["name": .string("Resource name, e.g. nvidia.com/gpu."), "quantity": .int64(minimum: 0)],
                required: ["name", "quantity"])
    }
}

/// `NamePath`: a ConfigMap mounted at a path.
public struct NamePath: Codable, Sendable, Hashable, SchemaDescribed {
    public var name: String
    public var path: String
    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, path }
    public static var schema: JSONSchemaProps {
        .object(["name": .string(), "path": .string()], required: ["name", "path"])
    }
}

/// `NameKey`: a key of a Secret.
public struct NameKey: Codable, Sendable, Hashable, SchemaDescribed {
    public var name: String
    public var key: String
    public init(name: String, key: String) {
        self.name = name
        self.key = key
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, key }
    public static var schema: JSONSchemaProps {
        .object(["name": .string(), "key": .string()], required: ["name", "key"])
    }
}

/// `SecretInfo`: a Secret mounted at a path, optionally of a special type.
public struct SecretInfo: Codable, Sendable, Hashable, SchemaDescribed {
    public var name: String
    public var path: String
    public var secretType: SecretType?
    public init(name: String, path: String, secretType: SecretType? = nil) {
        self.name = name
        self.path = path
        self.secretType = secretType
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, path, secretType }
    public static var schema: JSONSchemaProps {
        .object(["name": .string(), "path": .string(), "secretType": SecretType.enumSchema],
                required: ["name", "path"])
    }
}

/// `Port`: an extra container port.
public struct Port: Codable, Sendable, Hashable, SchemaDescribed {
    public var name: String
    public var `protocol`: String
    public var containerPort: Int32
    public init(name: String, protocol: String = "TCP", containerPort: Int32) {
        self.name = name
        self.protocol = `protocol`
        self.containerPort = containerPort
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, `protocol`, containerPort }
    public static var schema: JSONSchemaProps {
        .object(["name": .string(), "protocol": .string(), "containerPort": .int32(minimum: 1, maximum: 65535)],
                required: ["name", "protocol", "containerPort"])
    }
}
