import Foundation
import NIOHTTP1
import SparkOperatorAPI

/// The same verbs on untyped objects (`JSONValue`), for any resource named by a `ResourceType`:
/// for tests, discovery-driven code and kinds without a Swift type.
extension KubeClient {
    public func get(
        _ resource: ResourceType, name: String, namespace: String? = nil, subresource: String? = nil
    ) async throws -> JSONValue {
        let path = try ResourcePath(resource, namespace: namespace, name: name, subresource: subresource)
            .validated(forObject: true)
        return try await request(.GET, "\(path)", as: JSONValue.self)
    }

    public func list(
        _ resource: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws -> ObjectList<JSONValue> {
        let path = try ResourcePath(resource, namespace: namespace).validated(forObject: false)
        return try await request(.GET, "\(path)" + ResourcePath.query(options.queryItems), as: ObjectList<JSONValue>.self)
    }

    public func listAll(
        _ resource: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws -> ObjectList<JSONValue> {
        let path = try ResourcePath(resource, namespace: namespace).validated(forObject: false)
        return try await listAllPages(path: "\(path)", options: options, as: JSONValue.self)
    }

    /// POST; the namespace defaults to the object's `metadata.namespace`; apiVersion/kind are
    /// filled in from `resource` when missing.
    public func create(
        _ resource: ResourceType, _ object: JSONValue, namespace: String? = nil, options: WriteOptions = WriteOptions()
    ) async throws -> JSONValue {
        let ns = namespace ?? object["metadata"]?["namespace"]?.stringValue
        let path = try ResourcePath(resource, namespace: ns).validated(forObject: false)
        if resource.namespaced && (ns ?? "").isEmpty {
            throw KubeClientError(.invalidRequest, "\(resource) is namespaced: pass a namespace")
        }
        return try await request(
            .POST, "\(path)" + ResourcePath.query(options.queryItems(forApply: false)),
            body: try JSONCoding.encoder.encode(Self.withTypeMeta(object, resource)), as: JSONValue.self)
    }

    /// PUT (with the object's `metadata.resourceVersion` as precondition, if set).
    public func update(
        _ resource: ResourceType, _ object: JSONValue, namespace: String? = nil, subresource: String? = nil,
        options: WriteOptions = WriteOptions()
    ) async throws -> JSONValue {
        guard let name = object["metadata"]?["name"]?.stringValue else {
            throw KubeClientError(.invalidRequest, "update of \(resource): the object has no metadata.name")
        }
        let ns = namespace ?? object["metadata"]?["namespace"]?.stringValue
        let path = try ResourcePath(resource, namespace: ns, name: name, subresource: subresource)
            .validated(forObject: true)
        return try await request(
            .PUT, "\(path)" + ResourcePath.query(options.queryItems(forApply: false)),
            body: try JSONCoding.encoder.encode(Self.withTypeMeta(object, resource)), as: JSONValue.self)
    }

    public func patch(
        _ resource: ResourceType, name: String, namespace: String? = nil, patch: Patch, subresource: String? = nil,
        options: WriteOptions = WriteOptions()
    ) async throws -> JSONValue {
        let path = try ResourcePath(resource, namespace: namespace, name: name, subresource: subresource)
            .validated(forObject: true)
        return try await sendPatch(path: path, patch: patch, options: options, as: JSONValue.self)
    }

    /// DELETE; returns the object if it still exists (being finalized), nil if gone.
    @discardableResult
    public func delete(
        _ resource: ResourceType, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()
    ) async throws -> JSONValue? {
        let path = try ResourcePath(resource, namespace: namespace, name: name).validated(forObject: true)
        let req = KubeRequest(.DELETE, "\(path)", body: try JSONCoding.encoder.encode(options))
        let response = try await send(req)
        if Self.isStatus(response.body) { return nil }
        let object = try decode(JSONValue.self, from: response, request: req)
        let metadata = (try? object["metadata"]?.decode(as: ObjectMeta.self)) ?? ObjectMeta()
        guard Self.stillExists(afterDelete: metadata) else { return .none }  // not `nil`: that is JSONValue.null
        return object
    }

    /// A GET of an arbitrary API path (e.g. `/healthz`, `/apis`), decoded as `JSONValue`.
    public func getRaw(path: String) async throws -> JSONValue {
        try await request(.GET, path, as: JSONValue.self)
    }
}
