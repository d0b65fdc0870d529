import Foundation

/// Everything needed to talk to one API server: where, how to trust it, who we are,
/// and the default namespace. Built from a kubeconfig, from in-cluster files, or directly.
public struct KubeConfig: Sendable, Hashable {
    /// Base URL of the API server, without a trailing slash (may carry a path prefix).
    public var server: String
    /// The namespace of the context (or of the service account), `default` if none.
    public var namespace: String
    public var tls: TLSSettings
    public var credentials: Credentials
    /// `proxy-url` of the cluster: `http://host:port` (CONNECT) or `socks5://host:port`.
    public var proxyURL: String?
    /// The context used, if loaded from a kubeconfig.
    public var context: String?
    /// Where this configuration came from, for logs: `kubeconfig /x (context y)`, `in-cluster`.
    public var origin: String

    /// How the API server's certificate is verified and which client certificate we present.
    public struct TLSSettings: Sendable, Hashable {
        /// PEM of the CA bundle that signs the API server's certificate; nil → system roots.
        public var certificateAuthorityPEM: [UInt8]?
        public var insecureSkipTLSVerify: Bool
        /// PEM of the client certificate (chain) and its private key.
        public var clientCertificatePEM: [UInt8]?
        public var clientKeyPEM: [UInt8]?
        /// `tls-server-name` (kept; the transport does not support it yet).
        public var serverName: String?

        public init(
            certificateAuthorityPEM: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false,
            clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil, serverName: String? = nil
        ) {
            self.certificateAuthorityPEM = certificateAuthorityPEM
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.clientCertificatePEM = clientCertificatePEM
            self.clientKeyPEM = clientKeyPEM
            self.serverName = serverName
        }
    }

    /// How requests authenticate (besides a client certificate).
    public enum Credentials: Sendable, Hashable {
        case none
        /// A static bearer token.
        case token(String)
        /// A bearer token read from a file and re-read periodically (projected service-account
        /// tokens rotate; client-go re-reads every minute).
        case tokenFile(path: String)
        case basic(username: String, password: String)
        /// An exec credential plugin; its token and/or client certificate are cached until expiry.
        case exec(ExecConfig)
    }

    public init(
        server: String, namespace: String = "default", tls: TLSSettings = TLSSettings(),
        credentials: Credentials = .none, proxyURL: String? = nil, context: String? = nil, origin: String? = nil
    ) {
        var s = server
        while s.hasSuffix("/") { s.removeLast() }
        self.server = s
        self.namespace = namespace
        self.tls = tls
        self.credentials = credentials
        self.proxyURL = proxyURL
        self.context = context
        self.origin = origin ?? "explicit configuration (\(s))"
    }

    /// A configuration from an URL, an optional CA file and an optional bearer token,
    /// e.g. for tests against a control plane started by the test.
    public init(
        url: String, caFile: String? = nil, token: String? = nil, namespace: String = "default",
        insecureSkipTLSVerify: Bool = false
    ) throws {
        try Self.validateServer(url, file: nil, key: "server")
        var tls = TLSSettings(insecureSkipTLSVerify: insecureSkipTLSVerify)
        if let caFile {
            let pem = try Self.readFile(caFile, file: caFile, key: nil, what: "CA certificate")
            try TLSSettings.validateCertificates(pem, file: caFile, key: nil)
            tls.certificateAuthorityPEM = pem
        }
        self.init(
            server: url, namespace: namespace, tls: tls, credentials: token.map { .token($0) } ?? .none,
            origin: "explicit configuration (\(url))")
    }

    static func validateServer(_ server: String, file: String?, key: String) throws {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty
        else {
            throw KubeConfigError(
                file: file, key: key, "\"\(server)\" is not an http(s) URL such as https://10.0.0.1:6443")
        }
    }

    static func readFile(_ path: String, file: String?, key: String?, what: String) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw KubeConfigError(
                file: file, key: key, "cannot read the \(what) \(path): \(KubeConfigFile.reason(error))")
        }
    }
}
