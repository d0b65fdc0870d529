/// A lossless JSON value.
///
/// Embedded core Kubernetes types (Volume, Affinity, Container, PodTemplateSpec, …) are carried as
/// `JSONValue`: the operator copies them into the objects it creates and need not interpret them.
/// Decoding then encoding a value gives back JSON equal to the input (numbers compare by value).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        // Most likely first, and objects/arrays through their containers: every failed attempt
        // throws (and builds) an error, which dominated decoding time of large lists.
        let container = try decoder.singleValueContainer()
        if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var o: [String: JSONValue] = [:]
            o.reserveCapacity(keyed.allKeys.count)
            for key in keyed.allKeys { o[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(o)
            if let pool = decoder.userInfo[Self.sharing] as? JSONValueSharing { self = pool.share(self) }
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var a: [JSONValue] = []
            a.reserveCapacity(unkeyed.count ?? 0)
            while !unkeyed.isAtEnd { a.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(a)
            if let pool = decoder.userInfo[Self.sharing] as? JSONValueSharing { self = pool.share(self) }
        } else if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    /// A decoder whose `userInfo` has a `JSONValueSharing` under this key decodes objects and
    /// arrays equal to ones it decoded before as the same storage (for caches of many similar
    /// objects: the same securityContext, volumes or affinity on thousands of applications).
    public static let sharing = CodingUserInfoKey(rawValue: "io.spark-operator.JSONValue.sharing")!

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// Member of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        get {
            if case .object(let o) = self { return o[key] }
            return nil
        }
        set {
            guard case .object(var o) = self else { return }
            o[key] = newValue
            self = .object(o)
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int64(d)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }

    /// JSON equality: numbers compare by value (1 == 1.0), objects ignore key order.
    public func jsonEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            return self.doubleValue == other.doubleValue
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.jsonEquals($1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { value.jsonEquals($0) } ?? false }
        default: return false
        }
    }

    /// Convert any value encodable to JSON into a `JSONValue`.
    public init<T: Encodable>(encoding value: T) throws {
        let data = try JSONCoding.encoder.encode(value)
        self = try JSONCoding.decoder.decode(JSONValue.self, from: data)
    }

    /// Decode this JSON value as `T`.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONCoding.decoder.decode(T.self, from: JSONCoding.encoder.encode(self))
    }
}

import Foundation
import Synchronization

/// The objects and arrays a decoder has seen, to hand out one storage per distinct value
/// (see `JSONValue.sharing`). Bounded: past `capacity` distinct values, new ones are not kept
/// (equal ones already kept are still shared).
public final class JSONValueSharing: Sendable {
    private let values = Mutex(Set<JSONValue>())
    public let capacity: Int

    public init(capacity: Int = 20_000) { self.capacity = capacity }

    public func share(_ value: JSONValue) -> JSONValue {
        values.withLock { set in
            if let i = set.firstIndex(of: value) { return set[i] }
            if set.count < capacity { set.insert(value) }
            return value
        }
    }

    public var count: Int { values.withLock { $0.count } }
}

/// The JSON coders used everywhere: sorted keys for deterministic output, no escaping of `/`.
public enum JSONCoding {
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
    public static var decoder: JSONDecoder { JSONDecoder() }
}
