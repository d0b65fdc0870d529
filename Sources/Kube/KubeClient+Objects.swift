import Foundation
import NIOHTTP1
import SparkOperatorAPI

/// Typed REST verbs for any `KubernetesObject` (core or custom, namespaced or cluster-scoped).
///
/// `namespace` is required for namespaced resources (except list/watch, where nil means all
/// namespaces) and ignored for cluster-scoped ones. For create/update/apply it defaults to the
/// object's `metadata.namespace`.
extension KubeClient {
    public func get<T: KubernetesObject>(
        _ type: T.Type = T.self, name: String, namespace: String? = nil, subresource: String? = nil
    ) async throws -> T {
        let path = try ResourcePath(T.resourceType, namespace: namespace, name: name, subresource: subresource)
            .validated(forObject: true)
        return try await request(.GET, "\(path)", as: T.self)
    }

    /// One page of a LIST (`options.limit` / `options.continueToken` to page).
    public func list<T: KubernetesObject>(
        _ type: T.Type = T.self, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws -> ObjectList<T> {
        let path = try ResourcePath(T.resourceType, namespace: namespace).validated(forObject: false)
        return try await request(.GET, "\(path)" + ResourcePath.query(options.queryItems), as: ObjectList<T>.self)
    }

    /// Every page of a LIST, following continue tokens (`options.limit` is the page size,
    /// 500 by default). The result's resourceVersion is that of the first page, the snapshot
    /// all pages come from, from which a watch can start.
    /// `decoder` decodes the items (see `watch(_:namespace:options:decoder:)`).
    public func listAll<T: KubernetesObject>(
        _ type: T.Type = T.self, namespace: String? = nil, options: ListOptions = ListOptions(),
        decoder: JSONDecoder = JSONCoding.decoder
    ) async throws -> ObjectList<T> {
        let path = try ResourcePath(T.resourceType, namespace: namespace).validated(forObject: false)
        return try await listAllPages(path: "\(path)", options: options, as: T.self, decoder: decoder)
    }

    /// POST. Fails with `isAlreadyExists` if the name is taken.
    public func create<T: KubernetesObject>(
        _ object: T, namespace: String? = nil, options: WriteOptions = WriteOptions()
    ) async throws -> T {
        let path = try ResourcePath(T.resourceType, namespace: namespace ?? object.metadata.namespace)
            .validated(forObject: T.resourceType.namespaced)
        return try await request(
            .POST, "\(path)" + ResourcePath.query(options.queryItems(forApply: false)), body: try encode(object),
            as: T.self)
    }

    /// PUT of the whole object. The server checks `metadata.resourceVersion` (if set) and
    /// answers 409 `isConflict` when the object changed since it was read.
    public func update<T: KubernetesObject>(
        _ object: T, namespace: String? = nil, options: WriteOptions = WriteOptions()
    ) async throws -> T {
        try await put(object, namespace: namespace, subresource: nil, options: options)
    }

    /// PUT of `/status`: only the status is written (spec changes are ignored by the server).
    public func updateStatus<T: KubernetesObject>(
        _ object: T, namespace: String? = nil, options: WriteOptions = WriteOptions()
    ) async throws -> T {
        try await put(object, namespace: namespace, subresource: "status", options: options)
    }

    /// GET of `/status`.
    public func getStatus<T: KubernetesObject>(
        _ type: T.Type = T.self, name: String, namespace: String? = nil
    ) async throws -> T {
        try await get(T.self, name: name, namespace: namespace, subresource: "status")
    }

    /// PATCH (merge, strategic merge, JSON patch or server-side apply).
    public func patch<T: KubernetesObject>(
        _ type: T.Type = T.self, name: String, namespace: String? = nil, patch: Patch,
        subresource: String? = nil, options: WriteOptions = WriteOptions()
    ) async throws -> T {
        let path = try ResourcePath(T.resourceType, namespace: namespace, name: name, subresource: subresource)
            .validated(forObject: true)
        return try await sendPatch(path: path, patch: patch, options: options, as: T.self)
    }

    /// PATCH of `/status`.
    public func patchStatus<T: KubernetesObject>(
        _ type: T.Type = T.self, name: String, namespace: String? = nil, patch: Patch,
        options: WriteOptions = WriteOptions()
    ) async throws -> T {
        try await self.patch(T.self, name: name, namespace: namespace, patch: patch, subresource: "status", options: options)
    }

    /// Server-side apply of `object` (its apiVersion/kind are always sent) as `fieldManager`.
    public func apply<T: KubernetesObject>(
        _ object: T, namespace: String? = nil, fieldManager: String, force: Bool = false, subresource: String? = nil
    ) async throws -> T {
        try await patch(
            T.self, name: object.name, namespace: namespace ?? object.metadata.namespace,
            patch: .apply(try Self.withTypeMeta(JSONValue(encoding: object), T.resourceType)),
            subresource: subresource, options: WriteOptions(fieldManager: fieldManager, force: force))
    }

    /// DELETE. Returns the object when the server only marked it for deletion (finalizers,
    /// foreground propagation, a pod's grace period), nil when it is gone.
    @discardableResult
    public func delete<T: KubernetesObject>(
        _ type: T.Type = T.self, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()
    ) async throws -> T? {
        let path = try ResourcePath(T.resourceType, namespace: namespace, name: name).validated(forObject: true)
        let req = KubeRequest(.DELETE, "\(path)", body: try JSONCoding.encoder.encode(options))
        let response = try await send(req)
        if Self.isStatus(response.body) { return nil }
        let object = try decode(T.self, from: response, request: req)
        return Self.stillExists(afterDelete: object.metadata) ? object : nil
    }

    /// DELETE of a collection (objects matching the selectors, in one namespace or cluster-wide).
    public func deleteCollection<T: KubernetesObject>(
        _ type: T.Type = T.self, namespace: String? = nil, listOptions: ListOptions = ListOptions(),
        options: DeleteOptions = DeleteOptions()
    ) async throws {
        let path = try ResourcePath(T.resourceType, namespace: namespace).validated(forObject: T.resourceType.namespaced)
        _ = try await send(
            KubeRequest(
                .DELETE, "\(path)" + ResourcePath.query(listOptions.queryItems),
                body: try JSONCoding.encoder.encode(options)))
    }

    // MARK: - shared plumbing

    private func put<T: KubernetesObject>(
        _ object: T, namespace: String?, subresource: String?, options: WriteOptions
    ) async throws -> T {
        let path = try ResourcePath(
            T.resourceType, namespace: namespace ?? object.metadata.namespace, name: object.name, subresource: subresource
        ).validated(forObject: true)
        return try await request(
            .PUT, "\(path)" + ResourcePath.query(options.queryItems(forApply: false)), body: try encode(object),
            as: T.self)
    }

    func sendPatch<R: Decodable>(path: ResourcePath, patch: Patch, options: WriteOptions, as: R.Type) async throws -> R {
        if case .apply = patch, (options.fieldManager ?? "").isEmpty {
            throw KubeClientError(.invalidRequest, "server-side apply needs a fieldManager")
        }
        var isApply = false
        if case .apply = patch { isApply = true }
        return try await request(
            .PATCH, "\(path)" + ResourcePath.query(options.queryItems(forApply: isApply)), body: try patch.body(),
            contentType: patch.contentType, as: R.self)
    }

    func request<R: Decodable>(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: String? = nil, as: R.Type,
        decoder: JSONDecoder = JSONCoding.decoder
    ) async throws -> R {
        let req = KubeRequest(method, path, body: body, contentType: contentType)
        return try decode(R.self, from: try await send(req), request: req, decoder: decoder)
    }

    func listAllPages<Item: Codable & Sendable>(
        path: String, options: ListOptions, as: Item.Type, decoder: JSONDecoder = JSONCoding.decoder
    ) async throws -> ObjectList<Item> {
        var options = options
        if options.limit == nil { options.limit = 500 }
        var result = try await request(
            .GET, path + ResourcePath.query(options.queryItems), as: ObjectList<Item>.self, decoder: decoder)
        var next = result.continueToken
        while let token = next {
            options.continueToken = token
            options.resourceVersion = nil  // not allowed together with continue
            options.resourceVersionMatch = nil
            let page = try await request(
                .GET, path + ResourcePath.query(options.queryItems), as: ObjectList<Item>.self, decoder: decoder)
            result.items += page.items
            result.skipped += page.skipped
            next = page.continueToken
        }
        result.metadata.continueToken = nil
        result.metadata.remainingItemCount = nil
        return result
    }

    /// JSON of an object with apiVersion and kind filled in from its resource type (unless the
    /// object encodes its own). One pass of the encoder: this is on every write's path.
    func encode<T: KubernetesObject>(_ object: T) throws -> Data {
        try Self.bodyEncoder.encode(WithTypeMeta(object: object))
    }

    /// A top-level object preceded by the apiVersion and kind of its resource type; the object's
    /// own fields (its apiVersion and kind too, if it encodes them) are written into the same
    /// JSON object after them.
    /// Shared (JSONEncoder is safe to use from many tasks; each call builds its own state).
    static let bodyEncoder = JSONCoding.encoder

    struct WithTypeMeta<T: KubernetesObject>: Encodable {
        let object: T
        func encode(to encoder: any Encoder) throws {
            try T.encodeTypeMeta(to: encoder)
            try object.encode(to: encoder)
        }
    }

    static func withTypeMeta(_ value: JSONValue, _ type: ResourceType) -> JSONValue {
        var v = value
        if v["apiVersion"] == nil { v["apiVersion"] = .string(type.apiVersion) }
        if v["kind"] == nil { v["kind"] = .string(type.kind) }
        return v
    }

    /// Whether the object a DELETE answered with still exists. Some kinds (pods among them)
    /// answer with the deleted object even when it was removed at once; it is only still there
    /// while finalizers hold it or a graceful deletion (deletionGracePeriodSeconds > 0, or a
    /// namespace being finalized) is under way.
    static func stillExists(afterDelete metadata: ObjectMeta) -> Bool {
        if let finalizers = metadata.finalizers, !finalizers.isEmpty { return true }
        guard metadata.deletionTimestamp != nil else { return false }
        return metadata.deletionGracePeriodSeconds != 0
    }

    static func isStatus(_ body: Data) -> Bool {
        struct Kind: Decodable { var kind: String? }
        return (try? JSONCoding.decoder.decode(Kind.self, from: body))?.kind == "Status"
    }
}
