import Foundation
import SparkOperatorAPI

/// Decodes one line of a watch stream (`{"type": "...", "object": {...}}`).
public enum WatchEventDecoder {
    private struct Envelope<O: Decodable>: Decodable {
        var type: String
        var object: O
    }

    private struct BookmarkObject: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
    }

    /// The event of one line. Throws `KubeAPIError` for an `ERROR` event; returns
    /// `.undecodable` for anything else that does not decode.
    /// `decoder` decodes the object (its `userInfo` can ask a type to skip fields).
    public static func decode<Object: Decodable & Sendable>(
        _ line: some Collection<UInt8>, as: Object.Type = Object.self, decoder: JSONDecoder = JSONCoding.decoder
    ) throws -> WatchEvent<Object> {
        let data = Data(line)
        // The common case in one pass.
        if let e = try? decoder.decode(Envelope<Object>.self, from: data) {
            switch e.type {
            case "ADDED": return .added(e.object)
            case "MODIFIED": return .modified(e.object)
            case "DELETED": return .deleted(e.object)
            default: break
            }
        }
        guard let raw = try? JSONCoding.decoder.decode(Envelope<JSONValue>.self, from: data) else {
            return .undecodable(
                WatchDecodingFailure(
                    eventType: "?", message: "not a watch event: " + KubeAPIError.excerpt(data, limit: 200)))
        }
        let meta = raw.object["metadata"]
        switch raw.type {
        case "BOOKMARK":
            if let rv = try? JSONCoding.decoder.decode(Envelope<BookmarkObject>.self, from: data).object.metadata?.resourceVersion {
                return .bookmark(resourceVersion: rv)
            }
            return .undecodable(WatchDecodingFailure(eventType: raw.type, message: "a BOOKMARK without metadata.resourceVersion"))
        case "ERROR":
            let status = (try? raw.object.decode(as: APIStatus.self)) ?? APIStatus(message: "\(raw.object)")
            throw KubeAPIError(status: status)
        case "ADDED", "MODIFIED", "DELETED":
            var message = "cannot decode the object"
            do {
                _ = try raw.object.decode(as: Object.self)
            } catch {
                message = "cannot decode the object as \(Object.self): \(KubeClient.describe(error))"
            }
            return .undecodable(
                WatchDecodingFailure(
                    eventType: raw.type, namespace: meta?["namespace"]?.stringValue, name: meta?["name"]?.stringValue,
                    resourceVersion: meta?["resourceVersion"]?.stringValue, message: message))
        default:
            return .undecodable(
                WatchDecodingFailure(
                    eventType: raw.type, namespace: meta?["namespace"]?.stringValue, name: meta?["name"]?.stringValue,
                    resourceVersion: meta?["resourceVersion"]?.stringValue, message: "unknown watch event type"))
        }
    }
}
