import SparkOperatorAPI

/// A coding key for any string.
struct AnyCodingKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Partially typed objects keep the fields they do not type in a `[String: JSONValue]`, so that
/// decoding then encoding an object loses nothing (an update never drops a field the server
/// added in a newer version).
extension Decoder {
    func unknownFields<K: CodingKey & CaseIterable>(besides known: K.Type) throws -> [String: JSONValue] {
        let names = Set(K.allCases.map(\.stringValue))
        let c = try container(keyedBy: AnyCodingKey.self)
        var out: [String: JSONValue] = [:]
        for key in c.allKeys where !names.contains(key.stringValue) {
            out[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
        }
        return out
    }
}

extension Encoder {
    func encodeUnknownFields(_ fields: [String: JSONValue]) throws {
        guard !fields.isEmpty else { return }
        var c = container(keyedBy: AnyCodingKey.self)
        for (k, v) in fields { try c.encode(v, forKey: AnyCodingKey(k)) }
    }
}

/// Encodes `apiVersion` and `kind` of a top-level object from its resource type.
extension KubernetesObject {
    static func encodeTypeMeta(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        try c.encode(resourceType.apiVersion, forKey: AnyCodingKey("apiVersion"))
        try c.encode(resourceType.kind, forKey: AnyCodingKey("kind"))
    }
}
