import Kube

/// A failure of a command that is not the API server's: a bad file, an unknown executor.
public struct CtlError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The one line printed after `sparkctl: ` for any error: the API server's own message
    /// (`sparkapplications.sparkoperator.k8s.io "x" not found`), the client's, or ours.
    public static func line(for error: any Error) -> String {
        let text: String
        switch error {
        case let e as KubeAPIError: text = e.message.isEmpty ? e.description : e.message
        case let e as KubeClientError: text = e.message
        case let e as CtlError: text = e.message
        default: text = "\(error)"
        }
        return oneLine(text)
    }

    /// Newlines and runs of blanks become single spaces.
    public static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == " " }).joined(separator: " ")
    }
}
