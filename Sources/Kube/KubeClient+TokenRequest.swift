import SparkOperatorAPI

extension KubeClient {
    /// Requests a token for a service account (`POST .../serviceaccounts/<name>/token`), e.g. for a
    /// simulated kubelet projecting tokens into pods. An empty `audiences` means the API server's.
    public func requestToken(
        serviceAccount: String, namespace: String, audiences: [String] = [], expirationSeconds: Int64? = 3600,
        boundObjectRef: TokenRequest.BoundObjectReference? = nil
    ) async throws -> TokenRequest.Status {
        let path = try ResourcePath(ServiceAccount.resourceType, namespace: namespace, name: serviceAccount, subresource: "token")
            .validated(forObject: true)
        let body = TokenRequest(audiences: audiences, expirationSeconds: expirationSeconds, boundObjectRef: boundObjectRef)
        let response = try await request(
            .POST, "\(path)", body: try JSONCoding.encoder.encode(body), as: TokenRequest.self)
        guard let status = response.status else {
            throw KubeClientError(.decoding, "POST \(path): the TokenRequest response has no status")
        }
        return status
    }
}
