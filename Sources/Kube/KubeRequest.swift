import Foundation
import NIOHTTP1

/// One API request as the transport sees it.
struct KubeRequest: Sendable {
    var method: HTTPMethod
    /// Path and query, e.g. `/api/v1/namespaces/ns/pods?limit=500`.
    var path: String
    var body: Data?
    var contentType: String?
    var accept: String = "application/json"
    /// Safe to retry on 429/5xx/connection errors (GET, HEAD, watch set-up).
    var idempotent: Bool

    init(_ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: String? = nil) {
        self.method = method
        self.path = path
        self.body = body
        self.contentType = contentType
        self.idempotent = method == .GET || method == .HEAD
    }

    var summary: String { "\(method.rawValue) \(path)" }
}

/// A complete response.
struct KubeResponse: Sendable {
    var code: Int
    var headers: HTTPHeaders
    var body: Data
}
