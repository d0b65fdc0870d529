/// `metav1.StatusReason`: the machine-readable reason of an API error.
///
/// An open set: the server may send reasons not listed here; they are kept as they are.
public struct StatusReason: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let unknown: StatusReason = ""
    public static let unauthorized: StatusReason = "Unauthorized"
    public static let forbidden: StatusReason = "Forbidden"
    public static let notFound: StatusReason = "NotFound"
    public static let alreadyExists: StatusReason = "AlreadyExists"
    public static let conflict: StatusReason = "Conflict"
    public static let gone: StatusReason = "Gone"
    /// 410 for a watch or list from a resourceVersion that is no longer in the server's history.
    public static let expired: StatusReason = "Expired"
    public static let invalid: StatusReason = "Invalid"
    public static let serverTimeout: StatusReason = "ServerTimeout"
    public static let timeout: StatusReason = "Timeout"
    public static let tooManyRequests: StatusReason = "TooManyRequests"
    public static let badRequest: StatusReason = "BadRequest"
    public static let methodNotAllowed: StatusReason = "MethodNotAllowed"
    public static let notAcceptable: StatusReason = "NotAcceptable"
    public static let requestEntityTooLarge: StatusReason = "RequestEntityTooLarge"
    public static let unsupportedMediaType: StatusReason = "UnsupportedMediaType"
    public static let internalError: StatusReason = "InternalError"
    public static let serviceUnavailable: StatusReason = "ServiceUnavailable"

    /// The reason client-go assigns to a bare HTTP status code when the body is not a `Status`.
    public static func forHTTPCode(_ code: Int) -> StatusReason {
        switch code {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 405: return .methodNotAllowed
        case 406: return .notAcceptable
        case 409: return .conflict
        case 410: return .gone
        case 413: return .requestEntityTooLarge
        case 415: return .unsupportedMediaType
        case 422: return .invalid
        case 429: return .tooManyRequests
        case 500: return .internalError
        case 503: return .serviceUnavailable
        case 504: return .serverTimeout
        default: return .unknown
        }
    }
}
