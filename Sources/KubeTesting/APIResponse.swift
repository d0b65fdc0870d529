import Foundation

/// An HTTP response from the test API server, as `ControlPlane.request` returns it.
public struct APIResponse: Sendable, CustomStringConvertible {
    public var status: Int
    public var body: String

    /// The body parsed as a JSON object, or nil.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
    }

    public var description: String { "HTTP \(status): \(body)" }
}
