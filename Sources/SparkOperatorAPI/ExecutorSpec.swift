/// `ExecutorSpec`: `SparkPodSpec` plus executor-only fields.
@dynamicMemberLookup
public struct ExecutorSpec: Sendable, Hashable {
    public var pod = SparkPodSpec()
    public var instances: Int32?
    public var coreRequest: String?
    public var javaOptions: String?
    public var lifecycle: JSONValue?
    public var deleteOnTermination: Bool?
    public var ports: [Port]?
    public var priorityClassName: String?

    public init() {}

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<SparkPodSpec, T>) -> T {
        get { pod[keyPath: keyPath] }
        set { pod[keyPath: keyPath] = newValue }
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case instances, coreRequest, javaOptions, lifecycle, deleteOnTermination, ports, priorityClassName
    }
}

extension ExecutorSpec: Codable {
    public init(from decoder: any Decoder) throws {
        pod = try SparkPodSpec(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instances = try c.decodeIfPresent(Int32.self, forKey: .instances)
        coreRequest = try c.decodeIfPresent(String.self, forKey: .coreRequest)
        javaOptions = try c.decodeIfPresent(String.self, forKey: .javaOptions)
        lifecycle = try c.decodeIfPresent(JSONValue.self, forKey: .lifecycle)
        deleteOnTermination = try c.decodeIfPresent(Bool.self, forKey: .deleteOnTermination)
        ports = try c.decodeIfPresent([Port].self, forKey: .ports)
        priorityClassName = try c.decodeIfPresent(String.self, forKey: .priorityClassName)
    }

    public func encode(to encoder: any Encoder) throws {
        try pod.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(instances, forKey: .instances)
        try c.encodeIfPresent(coreRequest, forKey: .coreRequest)
        try c.encodeIfPresent(javaOptions, forKey: .javaOptions)
        try c.encodeIfPresent(lifecycle, forKey: .lifecycle)
        try c.encodeIfPresent(deleteOnTermination, forKey: .deleteOnTermination)
        try c.encodeIfPresent(ports, forKey: .ports)
        try c.encodeIfPresent(priorityClassName, forKey: .priorityClassName)
    }
}

extension ExecutorSpec: SchemaDescribed {
    public static var schema: JSONSchemaProps {
        var s = SparkPodSpec.schema
        s.properties?.merge([
            "instances": .int32("Number of executors.", minimum: 1),
            "coreRequest": .string("CPU request of executor pods (spark.kubernetes.executor.request.cores)."),
            "javaOptions": .string("spark.executor.extraJavaOptions."),
            "lifecycle": .embeddedObject("corev1.Lifecycle of the executor container."),
            "deleteOnTermination": .boolean("Delete executor pods when they terminate."),
            "ports": .array(of: Port.schema, description: "Extra executor container ports."),
            "priorityClassName": .string(),
        ]) { a, _ in a }
        s.description = "The executor pods."
        return s
    }
}
