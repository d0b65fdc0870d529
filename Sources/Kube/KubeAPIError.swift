import Foundation
import SparkOperatorAPI

/// An error returned by the Kubernetes API server, decoded from its `Status` body.
///
/// A body that is not a `Status` (a proxy's HTML page, plain text) still gives a usable error:
/// the HTTP code, the reason client-go would assign to that code, and an excerpt of the body.
public struct KubeAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// HTTP status code (from `Status.code`, else the response's code).
    public var code: Int
    public var reason: StatusReason
    public var message: String
    public var details: StatusDetails?
    /// Up to 1 KiB of the response body when it was not a `Status` object.
    public var bodyExcerpt: String?
    /// `Retry-After` of the response, in seconds, if any.
    public var retryAfterSeconds: Int?

    public init(
        code: Int, reason: StatusReason, message: String, details: StatusDetails? = nil,
        bodyExcerpt: String? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.bodyExcerpt = bodyExcerpt
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// From a `Status` object (a response body or a watch `ERROR` event).
    public init(status: APIStatus, httpCode: Int? = nil) {
        let code = status.code ?? httpCode ?? 500
        let reason = status.reason.map(StatusReason.init(rawValue:)).flatMap { $0.rawValue.isEmpty ? nil : $0 }
        self.init(
            code: code, reason: reason ?? .forHTTPCode(code),
            message: status.message ?? "", details: status.details,
            retryAfterSeconds: status.details?.retryAfterSeconds)
    }

    /// From an HTTP error response: decodes a `Status` body, or keeps an excerpt of any other body.
    public init(httpCode: Int, body: some Collection<UInt8>, retryAfterSeconds: Int? = nil) {
        let data = Data(body)
        if let status = try? JSONCoding.decoder.decode(APIStatus.self, from: data),
            status.kind == "Status" || status.code != nil || status.reason != nil
        {
            self.init(status: status, httpCode: httpCode)
            if self.retryAfterSeconds == nil { self.retryAfterSeconds = retryAfterSeconds }
            return
        }
        let excerpt = KubeAPIError.excerpt(data)
        self.init(
            code: httpCode, reason: .forHTTPCode(httpCode),
            message: excerpt.isEmpty
                ? "the server responded with HTTP \(httpCode) and an empty body"
                : "the server responded with HTTP \(httpCode): \(excerpt)",
            bodyExcerpt: excerpt, retryAfterSeconds: retryAfterSeconds)
    }

    static func excerpt(_ data: Data, limit: Int = 1024) -> String {
        let prefix = data.prefix(limit)
        var s = String(decoding: prefix, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if data.count > limit { s += "…" }
        return s
    }

    public var description: String {
        var s = "Kubernetes API error \(code)"
        if !reason.rawValue.isEmpty { s += " \(reason.rawValue)" }
        if !message.isEmpty { s += ": \(message)" }
        if let causes = details?.causes, !causes.isEmpty, !message.contains(causes[0].message ?? "\u{0}") {
            s += " (" + causes.map { [$0.field, $0.message].compactMap { $0 }.joined(separator: ": ") }.joined(separator: "; ") + ")"
        }
        return s
    }

    /// 404: the object (or the resource type) does not exist.
    public var isNotFound: Bool { reason == .notFound || (reason == .unknown && code == 404) }
    /// 409 `AlreadyExists`: a create found an object with that name.
    public var isAlreadyExists: Bool { reason == .alreadyExists }
    /// 409 `Conflict`: a write's resourceVersion precondition failed ("the object has been modified").
    /// Not true for `AlreadyExists`, which also carries 409.
    public var isConflict: Bool { reason == .conflict || (code == 409 && reason == .unknown) }
    /// 410 `Gone` / `Expired`: the requested resourceVersion is too old; relist.
    public var isGone: Bool { reason == .gone || reason == .expired || code == 410 }
    /// 422 `Invalid`: the object failed validation; see `details.causes`.
    public var isInvalid: Bool { reason == .invalid || (reason == .unknown && code == 422) }
    /// 403 `Forbidden`: RBAC denied the request, or an admission plugin refused it.
    public var isForbidden: Bool { reason == .forbidden || (reason == .unknown && code == 403) }
    /// 401 `Unauthorized`: the credentials were missing, wrong or expired.
    public var isUnauthorized: Bool { reason == .unauthorized || code == 401 }
    /// 429 `TooManyRequests`: throttled by API Priority and Fairness or a max-inflight limit.
    public var isTooManyRequests: Bool { reason == .tooManyRequests || code == 429 }
    /// The server timed out (`Timeout`, `ServerTimeout`, or 504).
    public var isTimeout: Bool { reason == .timeout || reason == .serverTimeout || code == 504 }
}
