/// An OpenAPI v3 schema as used by `apiextensions.k8s.io/v1` CustomResourceDefinitions.
///
/// Every API type states its own schema (`SchemaDescribed`), next to its fields; `gen-crds`
/// assembles the CRDs in `crds/` from them. Only what structural CRD schemas need is modelled.
public struct JSONSchemaProps: Sendable, Equatable {
    public var type: String?
    public var format: String?
    public var description: String?
    public var properties: [String: JSONSchemaProps]?
    public var required: [String]?
    /// Boxed: a struct cannot contain itself directly.
    public var items: JSONSchemaProps? {
        get { itemsBox.first }
        set { itemsBox = newValue.map { [$0] } ?? [] }
    }
    public var additionalProperties: JSONSchemaProps? {
        get { additionalPropertiesBox.first }
        set { additionalPropertiesBox = newValue.map { [$0] } ?? [] }
    }
    public var enumValues: [JSONValue]?
    public var minimum: Int64?
    public var maximum: Int64?
    public var minLength: Int?
    public var maxLength: Int?
    public var minItems: Int?
    public var pattern: String?
    public var nullable: Bool?
    public var preserveUnknownFields: Bool?
    public var intOrString: Bool?

    private var itemsBox: [JSONSchemaProps] = []
    private var additionalPropertiesBox: [JSONSchemaProps] = []

    public init(
        type: String? = nil, format: String? = nil, description: String? = nil,
        properties: [String: JSONSchemaProps]? = nil, required: [String]? = nil,
        items: JSONSchemaProps? = nil, additionalProperties: JSONSchemaProps? = nil,
        enumValues: [JSONValue]? = nil, minimum: Int64? = nil, maximum: Int64? = nil,
        minLength: Int? = nil, maxLength: Int? = nil, minItems: Int? = nil, pattern: String? = nil,
        nullable: Bool? = nil, preserveUnknownFields: Bool? = nil, intOrString: Bool? = nil
    ) {
        self.type = type
        self.format = format
        self.description = description
        self.properties = properties
        self.required = required
        self.enumValues = enumValues
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.minItems = minItems
        self.pattern = pattern
        self.nullable = nullable
        self.preserveUnknownFields = preserveUnknownFields
        self.intOrString = intOrString
        self.items = items
        self.additionalProperties = additionalProperties
    }
}

extension JSONSchemaProps: Codable {
    enum CodingKeys: String, CodingKey {
        case type, format, description, properties, required, items, additionalProperties
        case enumValues = "enum"
        case minimum, maximum, minLength, maxLength, minItems, pattern, nullable
        case preserveUnknownFields = "x-kubernetes-preserve-unknown-fields"
        case intOrString = "x-kubernetes-int-or-string"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            type: try c.decodeIfPresent(String.self, forKey: .type),
            format: try c.decodeIfPresent(String.self, forKey: .format),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            properties: try c.decodeIfPresent([String: JSONSchemaProps].self, forKey: .properties),
            required: try c.decodeIfPresent([String].self, forKey: .required),
            items: try c.decodeIfPresent(JSONSchemaProps.self, forKey: .items),
            additionalProperties: try c.decodeIfPresent(JSONSchemaProps.self, forKey: .additionalProperties),
            enumValues: try c.decodeIfPresent([JSONValue].self, forKey: .enumValues),
            minimum: try c.decodeIfPresent(Int64.self, forKey: .minimum),
            maximum: try c.decodeIfPresent(Int64.self, forKey: .maximum),
            minLength: try c.decodeIfPresent(Int.self, forKey: .minLength),
            maxLength: try c.decodeIfPresent(Int.self, forKey: .maxLength),
            minItems: try c.decodeIfPresent(Int.self, forKey: .minItems),
            pattern: try c.decodeIfPresent(String.self, forKey: .pattern),
            nullable: try c.decodeIfPresent(Bool.self, forKey: .nullable),
            preserveUnknownFields: try c.decodeIfPresent(Bool.self, forKey: .preserveUnknownFields),
            intOrString: try c.decodeIfPresent(Bool.self, forKey: .intOrString)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(properties, forKey: .properties)
        try c.encodeIfPresent(required, forKey: .required)
        try c.encodeIfPresent(items, forKey: .items)
        try c.encodeIfPresent(additionalProperties, forKey: .additionalProperties)
        try c.encodeIfPresent(enumValues, forKey: .enumValues)
        try c.encodeIfPresent(minimum, forKey: .minimum)
        try c.encodeIfPresent(maximum, forKey: .maximum)
        try c.encodeIfPresent(minLength, forKey: .minLength)
        try c.encodeIfPresent(maxLength, forKey: .maxLength)
        try c.encodeIfPresent(minItems, forKey: .minItems)
        try c.encodeIfPresent(pattern, forKey: .pattern)
        try c.encodeIfPresent(nullable, forKey: .nullable)
        try c.encodeIfPresent(preserveUnknownFields, forKey: .preserveUnknownFields)
        try c.encodeIfPresent(intOrString, forKey: .intOrString)
    }
}

/// A type that states the OpenAPI schema of its JSON form.
public protocol SchemaDescribed {
    static var schema: JSONSchemaProps { get }
}

// MARK: - Building blocks

extension JSONSchemaProps {
    public static func object(
        _ properties: [String: JSONSchemaProps], required: [String]? = nil, description: String? = nil
    ) -> JSONSchemaProps {
        JSONSchemaProps(
            type: "object", description: description, properties: properties,
            required: required.flatMap { $0.isEmpty ? nil : $0.sorted() })
    }

    public static func string(_ description: String? = nil, pattern: String? = nil, maxLength: Int? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "string", description: description, maxLength: maxLength, pattern: pattern)
    }

    public static func enumeration(_ values: [String], description: String? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "string", description: description, enumValues: values.map { .string($0) })
    }

    /// An int32 with its range stated: kube-apiserver does not enforce `format: int32`, and a
    /// larger number accepted by it would not decode into the operator's types (found by
    /// `make chaos`: `driver.cores: 2147483648` was accepted and the application stayed NEW).
    public static func int32(_ description: String? = nil, minimum: Int64? = nil, maximum: Int64? = nil) -> JSONSchemaProps {
        JSONSchemaProps(
            type: "integer", format: "int32", description: description, minimum: minimum ?? Int64(Int32.min),
            maximum: maximum ?? Int64(Int32.max))
    }

    public static func int64(_ description: String? = nil, minimum: Int64? = nil, maximum: Int64? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "integer", format: "int64", description: description, minimum: minimum, maximum: maximum)
    }

    public static func boolean(_ description: String? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "boolean", description: description)
    }

    public static func array(of items: JSONSchemaProps, description: String? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "array", description: description, items: items)
    }

    /// A map with string keys, e.g. labels or sparkConf.
    public static func map(of values: JSONSchemaProps = .string(), description: String? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "object", description: description, additionalProperties: values)
    }

    /// An RFC 3339 timestamp (metav1.Time).
    public static func dateTime(_ description: String? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "string", format: "date-time", description: description, nullable: true)
    }

    /// An embedded core Kubernetes object (Volume, Affinity, Container, …): any object, kept as is.
    public static func embeddedObject(_ description: String? = nil) -> JSONSchemaProps {
        JSONSchemaProps(type: "object", description: description, preserveUnknownFields: true)
    }

    /// A Kubernetes quantity: an integer or a string such as `500m` or `1Gi`.
    public static func quantity(_ description: String? = nil) -> JSONSchemaProps {
        JSONSchemaProps(description: description, intOrString: true)
    }

    /// The same schema with a description.
    public func described(_ text: String) -> JSONSchemaProps {
        var s = self
        s.description = text
        return s
    }
}
