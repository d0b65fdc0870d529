/// Why the test control plane (or one of its helper commands) failed, in words a developer can act on.
public struct ControlPlaneError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
