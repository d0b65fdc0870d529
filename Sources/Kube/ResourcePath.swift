import SparkOperatorAPI

/// REST paths of a resource: `/api/v1/namespaces/ns/pods/name/status`,
/// `/apis/group/version/resource` (cluster-scoped or across all namespaces), …
public struct ResourcePath: Sendable, Hashable, CustomStringConvertible {
    public var resource: ResourceType
    public var namespace: String?
    public var name: String?
    public var subresource: String?

    public init(_ resource: ResourceType, namespace: String? = nil, name: String? = nil, subresource: String? = nil) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.subresource = subresource
    }

    /// The path, percent-encoding each segment.
    public var description: String {
        var p = resource.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.group)/\(resource.version)"
        if resource.namespaced, let namespace, !namespace.isEmpty {
            p += "/namespaces/" + Self.escape(namespace)
        }
        p += "/" + resource.resource
        if let name {
            p += "/" + Self.escape(name)
            if let subresource { p += "/" + subresource }
        }
        return p
    }

    /// Checks the namespace rule of the verb: an object of a namespaced resource needs a
    /// namespace; a cluster-scoped one must not get one.
    func validated(forObject: Bool) throws -> ResourcePath {
        var copy = self
        if resource.namespaced {
            if forObject && (namespace ?? "").isEmpty {
                throw KubeClientError(
                    .invalidRequest, "\(resource) is namespaced: pass a namespace for \(name.map { "\"\($0)\"" } ?? "the object")")
            }
        } else {
            copy.namespace = nil
        }
        if let name, name.isEmpty {
            throw KubeClientError(.invalidRequest, "an empty name was given for \(resource)")
        }
        return copy
    }

    /// Percent-encodes a path segment or query component (RFC 3986 unreserved characters pass).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }

    /// `?a=b&c=d` (empty when there are no items), keys and values percent-encoded.
    public static func query(_ items: [(String, String)]) -> String {
        items.isEmpty ? "" : "?" + items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}
