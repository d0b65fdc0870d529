/// A string-valued enumeration that keeps values it does not know.
///
/// API enums are decoded as open strings so that an unexpected value in one object never fails
/// decoding (and so never stops a list or a watch); the CRD schema and validation reject them.
public protocol StringEnum: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible where RawValue == String
{
    init(rawValue: String)
    /// The values the API defines, for the CRD schema's `enum`.
    static var allowedValues: [Self] { get }
}

extension StringEnum {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public var isKnown: Bool { Self.allowedValues.contains(self) }
    public static var enumSchema: JSONSchemaProps { .enumeration(allowedValues.map(\.rawValue)) }
}
