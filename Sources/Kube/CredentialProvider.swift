import Foundation
import Logging
import NIOSSL

/// What a request presents: an `Authorization` header and/or a client certificate that replaces
/// the configured one (exec plugins may return either).
struct RequestCredential: Sendable {
    var authorization: String?
    var clientIdentity: ClientIdentity?
}

/// Turns `KubeConfig.Credentials` into per-request credentials: static token, a token file
/// re-read every `tokenFileRefreshInterval`, basic auth, or an exec plugin.
final class CredentialProvider: Sendable {
    private enum Source: Sendable {
        case none
        case fixed(String)
        case file(TokenFile)
        case exec(ExecCredentialPlugin)
    }

    private let source: Source

    init(_ credentials: KubeConfig.Credentials, config: KubeConfig, tokenFileRefreshInterval: Duration, logger: Logger) {
        switch credentials {
        case .none:
            source = .none
        case .token(let token):
            source = .fixed("Bearer \(token)")
        case .basic(let user, let password):
            source = .fixed("Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
        case .tokenFile(let path):
            source = .file(TokenFile(path: path, refreshInterval: tokenFileRefreshInterval, logger: logger))
        case .exec(let exec):
            let cluster = ExecCredential.Cluster(
                server: config.server,
                certificateAuthorityData: config.tls.certificateAuthorityPEM.map { Data($0).base64EncodedString() },
                insecureSkipTLSVerify: config.tls.insecureSkipTLSVerify ? true : nil,
                tlsServerName: config.tls.serverName)
            source = .exec(ExecCredentialPlugin(config: exec, cluster: cluster, logger: logger))
        }
    }

    /// Whether a 401 may be cured by fetching the credential again.
    var isRefreshable: Bool {
        switch source {
        case .file, .exec: return true
        case .none, .fixed: return false
        }
    }

    func current() async throws -> RequestCredential {
        switch source {
        case .none:
            return RequestCredential()
        case .fixed(let header):
            return RequestCredential(authorization: header)
        case .file(let file):
            return RequestCredential(authorization: "Bearer " + (try await file.token()))
        case .exec(let plugin):
            let status = try await plugin.credential()
            var credential = RequestCredential()
            if let token = status.token, !token.isEmpty { credential.authorization = "Bearer \(token)" }
            if let cert = status.clientCertificateData, let key = status.clientKeyData, !cert.isEmpty {
                credential.clientIdentity = try? ClientIdentity(certificatePEM: Array(cert.utf8), keyPEM: Array(key.utf8))
            }
            return credential
        }
    }

    /// The server rejected the credential (401): fetch a fresh one next time.
    func invalidate() async {
        switch source {
        case .none, .fixed: break
        case .file(let file): await file.invalidate()
        case .exec(let plugin): await plugin.invalidate()
        }
    }
}

/// A bearer token file, re-read when older than `refreshInterval` (client-go's
/// `cachingTokenSource`). If a re-read fails, the last good token is kept and the failure logged.
actor TokenFile {
    let path: String
    let refreshInterval: Duration
    private let logger: Logger
    private var cached: String?
    private var readAt: ContinuousClock.Instant?

    init(path: String, refreshInterval: Duration, logger: Logger) {
        self.path = path
        self.refreshInterval = refreshInterval
        self.logger = logger
    }

    func token() throws -> String {
        let now = ContinuousClock.now
        if let cached, let readAt, readAt.duration(to: now) < refreshInterval {
            return cached
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw KubeClientError(.credentials, "the token file \(path) is empty")
            }
            cached = token
            readAt = now
            return token
        } catch {
            if let cached {
                logger.warning(
                    "cannot re-read the token file; using the previous token",
                    metadata: ["path": "\(path)", "error": "\(error)"])
                readAt = now
                return cached
            }
            if let e = error as? KubeClientError { throw e }
            throw KubeClientError(
                .credentials, "cannot read the token file \(path): \(KubeConfigFile.reason(error))")
        }
    }

    func invalidate() {
        readAt = nil
    }
}
