/// An optional value kept out of line: 8 bytes inline, an allocation only when it is set.
///
/// For the spec's optional sections that most applications leave out (monitoring, UI options,
/// dependencies, batch scheduler options, dynamic allocation: ~320 bytes inline together, nil
/// in a typical spec), which every cached application would otherwise carry. Reads and writes
/// go through `wrappedValue`, a value (a write replaces the allocation); the JSON is the
/// optional's: absent when nil (see the container extensions below).
@propertyWrapper
public struct OutOfLine<Value: Sendable & Hashable>: Sendable, Hashable {
    final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box?

    public init(wrappedValue: Value?) { box = wrappedValue.map(Box.init) }

    /// nil: a property declared without a value starts as nil, as a plain optional does.
    public init() { box = nil }

    public var wrappedValue: Value? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }

    public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.wrappedValue == b.wrappedValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }
}

extension OutOfLine: Codable where Value: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        self.init(wrappedValue: c.decodeNil() ? nil : try c.decode(Value.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value = wrappedValue { try c.encode(value) } else { try c.encodeNil() }
    }
}

// Synthesized Codable calls these for `@OutOfLine` properties: a missing key decodes as nil, and
// nil is not encoded (as for a plain optional).
extension KeyedDecodingContainer {
    public func decode<T: Codable & Sendable & Hashable>(_ type: OutOfLine<T>.Type, forKey key: Key) throws -> OutOfLine<T> {
        OutOfLine(wrappedValue: try decodeIfPresent(T.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<T: Codable & Sendable & Hashable>(_ value: OutOfLine<T>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
