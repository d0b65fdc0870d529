import SparkOperatorAPI

/// `metav1.ListMeta`.
public struct ListMeta: Codable, Sendable, Hashable {
    public var resourceVersion: String?
    /// The token for the next page (`continue`); nil or empty on the last page.
    public var continueToken: String?
    public var remainingItemCount: Int64?

    public init(resourceVersion: String? = nil, continueToken: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }

    enum CodingKeys: String, CodingKey {
        case resourceVersion
        case continueToken = "continue"
        case remainingItemCount
    }
}

/// A LIST response (`PodList`, `SparkApplicationList`, …): items plus the list's
/// resourceVersion, from which a watch starts.
public struct ObjectList<Item: Codable & Sendable>: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta
    public var items: [Item]
    /// Items that did not decode as `Item` (left out of `items`, so that one bad object cannot
    /// break a whole list), with what identifies them. Not encoded.
    public var skipped: [WatchDecodingFailure] = []

    public init(items: [Item], metadata: ListMeta = ListMeta()) {
        self.items = items
        self.metadata = metadata
    }

    public var resourceVersion: String? { metadata.resourceVersion }
    /// The continue token, nil on the last page.
    public var continueToken: String? { metadata.continueToken.flatMap { $0.isEmpty ? nil : $0 } }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        metadata = try c.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        items = []
        guard c.contains(.items), try !c.decodeNil(forKey: .items) else { return }
        var array = try c.nestedUnkeyedContainer(forKey: .items)
        while !array.isAtEnd {
            do {
                items.append(try array.decode(Item.self))
            } catch {
                // A failed decode leaves the container at the same element: read it as JSON to
                // say which object it was, and go on.
                let raw = try array.decode(JSONValue.self)
                skipped.append(
                    WatchDecodingFailure(
                        eventType: "LIST", namespace: raw["metadata"]?["namespace"]?.stringValue,
                        name: raw["metadata"]?["name"]?.stringValue,
                        resourceVersion: raw["metadata"]?["resourceVersion"]?.stringValue, message: KubeClient.describe(error)))
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(items, forKey: .items)
    }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, items }
}

extension ObjectList: Equatable where Item: Equatable {}
extension ObjectList: Hashable where Item: Hashable {}

/// `List<Pod>` reads as in the issue text.
public typealias List<Item: Codable & Sendable> = ObjectList<Item>
