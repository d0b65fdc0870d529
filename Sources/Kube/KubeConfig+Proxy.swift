import AsyncHTTPClient
import Foundation

extension KubeConfig {
    /// The AsyncHTTPClient proxy of a `proxy-url`: `http://` (HTTP CONNECT, with optional
    /// user:password) or `socks5://`; nil if the URL is not one of those.
    static func proxy(_ url: String) -> HTTPClient.Configuration.Proxy? {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), let host = u.host, !host.isEmpty else {
            return nil
        }
        switch scheme {
        case "http", "https":
            let port = u.port ?? (scheme == "https" ? 443 : 80)
            if let user = u.user {
                return .server(
                    host: host, port: port,
                    authorization: .basic(username: user.removingPercentEncoding ?? user, password: u.password?.removingPercentEncoding ?? ""))
            }
            return .server(host: host, port: port)
        case "socks5", "socks5h":
            return .socksServer(host: host, port: u.port ?? 1080)
        default:
            return nil
        }
    }
}
