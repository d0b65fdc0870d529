import SparkOperatorAPI

extension KubeClient {
    /// Binds a pod to a node (`POST pods/<name>/binding`), as a scheduler does: sets
    /// `spec.nodeName`. From then on a delete of the pod is graceful: the API server sets a
    /// deletionTimestamp and waits for the node's kubelet to stop the pod and finish the delete.
    public func bind(pod name: String, namespace: String, uid: String? = nil, toNode node: String) async throws {
        let path = try ResourcePath(Pod.resourceType, namespace: namespace, name: name, subresource: "binding")
            .validated(forObject: true)
        var metadata: [String: JSONValue] = ["name": .string(name)]
        if let uid { metadata["uid"] = .string(uid) }
        let binding: JSONValue = [
            "apiVersion": "v1", "kind": "Binding", "metadata": .object(metadata),
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)],
        ]
        _ = try await request(.POST, "\(path)", body: try JSONCoding.encoder.encode(binding), as: JSONValue.self)
    }
}
