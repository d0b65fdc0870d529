import SparkOperatorAPI

/// One event of a watch stream.
///
/// An `ERROR` event is not a case: the stream throws it as a `KubeAPIError` (e.g. 410 `Expired`
/// when the resourceVersion is too old → relist) and ends.
public enum WatchEvent<Object: Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Only a resourceVersion: the watch has seen everything up to it (`allowWatchBookmarks`).
    case bookmark(resourceVersion: String)
    /// An event whose object did not decode as `Object` (or was not a watch event at all).
    /// The stream goes on; the consumer decides (a store would drop or flag that key).
    case undecodable(WatchDecodingFailure)

    /// The object of ADDED, MODIFIED and DELETED.
    public var object: Object? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): return o
        case .bookmark, .undecodable: return nil
        }
    }

    /// `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`, or the raw type of an undecodable event.
    public var typeName: String {
        switch self {
        case .added: return "ADDED"
        case .modified: return "MODIFIED"
        case .deleted: return "DELETED"
        case .bookmark: return "BOOKMARK"
        case .undecodable(let f): return f.eventType
        }
    }
}

extension WatchEvent where Object: KubernetesObject {
    /// The resourceVersion the watch has reached with this event, if known.
    public var resourceVersion: String? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): return o.metadata.resourceVersion
        case .bookmark(let rv): return rv
        case .undecodable(let f): return f.resourceVersion
        }
    }
}

extension WatchEvent: Equatable where Object: Equatable {}

/// A watch event that could not be decoded, with whatever identifies its object.
public struct WatchDecodingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var eventType: String
    public var namespace: String?
    public var name: String?
    public var resourceVersion: String?
    /// What failed, and where in the object.
    public var message: String

    public init(eventType: String, namespace: String? = nil, name: String? = nil, resourceVersion: String? = nil, message: String) {
        self.eventType = eventType
        self.namespace = namespace
        self.name = name
        self.resourceVersion = resourceVersion
        self.message = message
    }

    public var description: String {
        let key = [namespace, name].compactMap { $0 }.joined(separator: "/")
        return "undecodable \(eventType) watch event" + (key.isEmpty ? "" : " for \(key)") + ": \(message)"
    }
}
