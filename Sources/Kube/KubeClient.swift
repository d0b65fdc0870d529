import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOSSL

/// A Kubernetes API client: one shared AsyncHTTPClient (keep-alive pool, HTTP/1.1) with the
/// API server's CA, bearer/basic/exec/client-certificate authentication, an optional QPS/burst
/// limiter, request timeouts and bounded retries of idempotent reads.
///
/// Build it from a `KubeConfig` (`KubeConfig.resolve()`, `.load(path:context:)`,
/// `.inCluster()`, or `KubeConfig(url:caFile:token:)`) and call `shutdown()` when done.
public final class KubeClient: Sendable {
    /// The operator's version in the default User-Agent.
    public static let version = "0.1.0"
    public static let defaultUserAgent = "spark-operator/\(version)"

    public struct Options: Sendable {
        public var userAgent: String
        /// Time allowed for a whole request (response head and body); a watch's head only.
        public var requestTimeout: Duration
        public var connectTimeout: Duration
        /// Client-side QPS/burst limiter; nil (default) relies on the server's API Priority and Fairness.
        public var rateLimit: RateLimit?
        public var retry: RetryPolicy
        /// Responses above this size fail (a LIST of many large objects can be big).
        public var maxResponseBytes: Int
        /// A token file is re-read when its copy is older than this (client-go: 1 minute).
        public var tokenFileRefreshInterval: Duration
        /// Idle keep-alive connections are closed after this long.
        public var idleConnectionTimeout: Duration
        /// Connections per host kept in the pool (more may open, then close after use).
        public var maxIdleConnectionsPerHost: Int

        public init(
            userAgent: String = KubeClient.defaultUserAgent, requestTimeout: Duration = .seconds(30),
            connectTimeout: Duration = .seconds(10), rateLimit: RateLimit? = nil, retry: RetryPolicy = .default,
            maxResponseBytes: Int = 512 << 20, tokenFileRefreshInterval: Duration = .seconds(60),
            idleConnectionTimeout: Duration = .seconds(90), maxIdleConnectionsPerHost: Int = 32
        ) {
            self.userAgent = userAgent
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.rateLimit = rateLimit
            self.retry = retry
            self.maxResponseBytes = maxResponseBytes
            self.tokenFileRefreshInterval = tokenFileRefreshInterval
            self.idleConnectionTimeout = idleConnectionTimeout
            self.maxIdleConnectionsPerHost = maxIdleConnectionsPerHost
        }
    }

    public let config: KubeConfig
    public let options: Options
    let logger: Logger
    let http: any HTTPExecutor
    let credentials: CredentialProvider
    let limiter: RateLimiter?
    /// TLS without a client identity from an exec plugin (that one is set per request).
    let baseTLS: TLSConfiguration

    public convenience init(
        config: KubeConfig, options: Options = Options(), logger: Logger = Logger(label: "kube")
    ) throws {
        try self.init(config: config, options: options, logger: logger, executor: nil)
    }

    /// `executor` replaces the HTTP client (unit tests); nil builds the shared AsyncHTTPClient.
    init(config: KubeConfig, options: Options, logger: Logger, executor: (any HTTPExecutor)?) throws {
        self.config = config
        self.options = options
        self.logger = logger
        do {
            baseTLS = try config.tls.makeTLSConfiguration()
        } catch {
            throw KubeConfigError(key: "TLS", "\(config.origin): cannot build the TLS configuration: \(error)")
        }
        var http = HTTPClient.Configuration(
            tlsConfiguration: baseTLS,
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(options.connectTimeout), read: nil),
            proxy: config.proxyURL.flatMap(KubeConfig.proxy),
            ignoreUncleanSSLShutdown: false,
            decompression: .disabled)
        http.httpVersion = .http1Only
        http.connectionPool = .init(
            idleTimeout: Self.timeAmount(options.idleConnectionTimeout),
            concurrentHTTP1ConnectionsPerHostSoftLimit: options.maxIdleConnectionsPerHost)
        // Fail a refused connection at once; `options.retry` decides about retrying (AHC would
        // otherwise keep retrying the connect until the deadline).
        http.connectionPool.retryConnectionEstablishment = false
        self.http =
            executor
            ?? HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http, backgroundActivityLogger: logger)
        self.credentials = CredentialProvider(
            config.credentials, config: config, tokenFileRefreshInterval: options.tokenFileRefreshInterval,
            logger: logger)
        self.limiter = options.rateLimit.map(RateLimiter.init)
        if let name = config.tls.serverName, !name.isEmpty {
            logger.warning(
                "tls-server-name is not supported; the server certificate is verified against the URL's host",
                metadata: ["tls-server-name": "\(name)", "server": "\(config.server)"])
        }
    }

    /// A client for a context of a kubeconfig file.
    public convenience init(
        kubeconfig path: String, context: String? = nil, options: Options = Options(),
        logger: Logger = Logger(label: "kube")
    ) throws {
        try self.init(config: KubeConfig.load(path: path, context: context), options: options, logger: logger)
    }

    /// Closes all connections. Streams still open fail. Call once, before the client is dropped.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// The default namespace of the configuration.
    public var namespace: String { config.namespace }

    static func timeAmount(_ d: Duration) -> TimeAmount {
        let c = d.components
        return .nanoseconds(c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000)
    }
}
