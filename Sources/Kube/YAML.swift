import Foundation
import SparkOperatorAPI
import Yams

/// YAML → JSON as kubectl does it (sigs.k8s.io/yaml over go-yaml, YAML 1.1 scalars):
/// plain scalars resolve to null, booleans (`true`, `yes`, `on`, …), integers and floats;
/// quoted scalars stay strings; timestamps stay strings.
public enum YAML {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    /// Every non-empty document of a (possibly multi-document) YAML text.
    public static func documents(_ text: String) throws -> [JSONValue] {
        do {
            let parser = try Parser(yaml: text)
            var documents: [JSONValue] = []
            while let node = try parser.nextRoot() {
                let value = try json(node)
                if case .null = value { continue }
                documents.append(value)
            }
            return documents
        } catch let e as YamlError {
            throw Error(description: "invalid YAML: \(e)")
        }
    }

    /// The single document of a YAML text.
    public static func document(_ text: String) throws -> JSONValue {
        let docs = try documents(text)
        guard docs.count == 1 else {
            throw Error(description: "expected exactly one YAML document, found \(docs.count)")
        }
        return docs[0]
    }

    /// Decode a YAML document as `T` (through its JSON form).
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try document(text).decode(as: T.self)
    }

    /// Render a JSON value as block-style YAML with sorted keys.
    public static func render(_ value: JSONValue) throws -> String {
        try Yams.serialize(node: node(value), sortKeys: true)
    }

    static func json(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar, tag: Resolver.default.resolveTag(of: node))
        case .sequence(let seq):
            return .array(try seq.map(json))
        case .mapping(let map):
            var object: [String: JSONValue] = [:]
            for (k, v) in map {
                guard case .scalar(let key) = k else {
                    throw Error(description: "invalid YAML: mapping key is not a scalar")
                }
                if key.string == "<<" {  // merge key
                    if case .object(let merged) = try json(v) {
                        for (mk, mv) in merged where object[mk] == nil { object[mk] = mv }
                    }
                    continue
                }
                object[key.string] = try json(v)
            }
            return .object(object)
        case .alias:
            throw Error(description: "invalid YAML: unresolved alias")
        }
    }

    static func scalarValue(_ scalar: Node.Scalar, tag: Tag.Name) -> JSONValue {
        switch tag {
        case .null:
            return .null
        case .bool:
            if let b = Bool.construct(from: scalar) { return .bool(b) }
        case .int:
            if let i = Int.construct(from: scalar) { return .int(Int64(i)) }
            if let d = Double.construct(from: scalar) { return .double(d) }
        case .float:
            if let d = Double.construct(from: scalar) { return .double(d) }
        default:
            break
        }
        return .string(scalar.string)
    }

    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d):
            return Node(d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d), Tag(.float))
        case .string(let s):
            // Quote strings that would otherwise read back as another type.
            let style: Node.Scalar.Style
            if s.isEmpty || Resolver.default.resolveTag(of: Node(s)) != .str {
                style = .doubleQuoted
            } else if s.contains("\n") {
                style = .literal
            } else {
                style = .any
            }
            return .scalar(Node.Scalar(s, Tag(.str), style))
        case .array(let a): return .sequence(Node.Sequence(a.map(node)))
        case .object(let o):
            return .mapping(Node.Mapping(o.sorted { $0.key < $1.key }.map { (Node($0.key), node($0.value)) }))
        }
    }
}
