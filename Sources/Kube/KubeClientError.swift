/// An error of the client itself (not an API server response): a bad request, a response that
/// does not decode, a timeout, or a transport failure.
public struct KubeClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The request cannot be made as asked (e.g. a namespaced resource without a namespace).
        case invalidRequest
        /// The response body is not what the resource type expects.
        case decoding
        /// No response within the request timeout.
        case timeout
        /// Connection, TLS or HTTP failure.
        case transport
        /// Credentials could not be obtained (token file, exec plugin).
        case credentials
        /// The response was larger than the configured maximum.
        case responseTooLarge
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
