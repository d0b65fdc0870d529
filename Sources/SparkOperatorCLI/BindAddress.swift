/// Where an HTTP server listens, from a flag like controller-runtime's `--metrics-bind-address`:
/// `:8080` (all interfaces), `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`; `0` or empty
/// turns the server off.
public struct BindAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Nil when the server is turned off.
    static func parse(_ text: String, flag: String) throws(FlagError) -> BindAddress? {
        if text.isEmpty || text == "0" { return nil }
        guard let colon = text.lastIndex(of: ":") else {
            throw FlagError(flag, "'\(text)' is not host:port (e.g. :8080 or 127.0.0.1:8080), or 0 to turn it off")
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw FlagError(flag, "'\(portText)' in '\(text)' is not a port (0-65535)")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        return BindAddress(host: host, port: port)
    }
}
