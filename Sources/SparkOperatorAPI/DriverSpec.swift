/// `DriverSpec`: `SparkPodSpec` plus driver-only fields.
@dynamicMemberLookup
public struct DriverSpec: Sendable, Hashable {
    public var pod = SparkPodSpec()
    /// Driver pod name (kubeflow: meaningful for in-cluster-client mode; used as the pod name).
    public var podName: String?
    public var coreRequest: String?
    public var javaOptions: String?
    public var lifecycle: JSONValue?
    public var kubernetesMaster: String?
    public var serviceAnnotations: [String: String]?
    public var serviceLabels: [String: String]?
    public var ports: [Port]?
    public var priorityClassName: String?

    public init() {}

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<SparkPodSpec, T>) -> T {
        get { pod[keyPath: keyPath] }
        set { pod[keyPath: keyPath] = newValue }
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case podName, coreRequest, javaOptions, lifecycle, kubernetesMaster, serviceAnnotations, serviceLabels
        case ports, priorityClassName
    }
}

extension DriverSpec: Codable {
    public init(from decoder: any Decoder) throws {
        pod = try SparkPodSpec(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        podName = try c.decodeIfPresent(String.self, forKey: .podName)
        coreRequest = try c.decodeIfPresent(String.self, forKey: .coreRequest)
        javaOptions = try c.decodeIfPresent(String.self, forKey: .javaOptions)
        lifecycle = try c.decodeIfPresent(JSONValue.self, forKey: .lifecycle)
        kubernetesMaster = try c.decodeIfPresent(String.self, forKey: .kubernetesMaster)
        serviceAnnotations = try c.decodeIfPresent([String: String].self, forKey: .serviceAnnotations)
        serviceLabels = try c.decodeIfPresent([String: String].self, forKey: .serviceLabels)
        ports = try c.decodeIfPresent([Port].self, forKey: .ports)
        priorityClassName = try c.decodeIfPresent(String.self, forKey: .priorityClassName)
    }

    public func encode(to encoder: any Encoder) throws {
        try pod.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(podName, forKey: .podName)
        try c.encodeIfPresent(coreRequest, forKey: .coreRequest)
        try c.encodeIfPresent(javaOptions, forKey: .javaOptions)
        try c.encodeIfPresent(lifecycle, forKey: .lifecycle)
        try c.encodeIfPresent(kubernetesMaster, forKey: .kubernetesMaster)
        try c.encodeIfPresent(serviceAnnotations, forKey: .serviceAnnotations)
        try c.encodeIfPresent(serviceLabels, forKey: .serviceLabels)
        try c.encodeIfPresent(ports, forKey: .ports)
        try c.encodeIfPresent(priorityClassName, forKey: .priorityClassName)
    }
}

extension DriverSpec: SchemaDescribed {
    public static var schema: JSONSchemaProps {
        var s = SparkPodSpec.schema
        s.properties?.merge([
            "podName": .string("Name of the driver pod.", pattern: "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
            "coreRequest": .string("CPU request of the driver pod (spark.kubernetes.driver.request.cores)."),
            "javaOptions": .string("spark.driver.extraJavaOptions."),
            "lifecycle": .embeddedObject("corev1.Lifecycle of the driver container."),
            "kubernetesMaster": .string("API server URL the driver uses (spark.kubernetes.driver.master)."),
            "serviceAnnotations": .map(description: "Annotations of the driver Service."),
            "serviceLabels": .map(description: "Labels of the driver Service."),
            "ports": .array(of: Port.schema, description: "Extra driver container ports."),
            "priorityClassName": .string(),
        ]) { a, _ in a }
        s.description = "The driver pod."
        return s
    }
}
