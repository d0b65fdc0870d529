import NIOSSL

extension KubeConfig.TLSSettings {
    /// The NIOSSL client configuration: trust only the configured CA (system roots if none),
    /// or verify nothing when `insecureSkipTLSVerify`; present the client certificate if any.
    public func makeTLSConfiguration(
        clientIdentity: ClientIdentity? = nil
    ) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecureSkipTLSVerify {
            tls.certificateVerification = .none
        } else if let ca = certificateAuthorityPEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
        }
        if let identity = try clientIdentity ?? staticClientIdentity() {
            tls.certificateChain = identity.certificateChain.map { .certificate($0) }
            tls.privateKey = .privateKey(identity.privateKey)
        }
        return tls
    }

    /// The client certificate of the configuration, parsed.
    func staticClientIdentity() throws -> ClientIdentity? {
        guard let cert = clientCertificatePEM, let key = clientKeyPEM else { return nil }
        return try ClientIdentity(certificatePEM: cert, keyPEM: key)
    }

    /// Checks that a PEM holds at least one certificate.
    static func validateCertificates(_ pem: [UInt8], file: String?, key: String?) throws {
        let certs: [NIOSSLCertificate]
        do {
            certs = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw KubeConfigError(file: file, key: key, "not a PEM certificate: \(error)")
        }
        if certs.isEmpty {
            throw KubeConfigError(file: file, key: key, "no PEM certificate found")
        }
    }

    /// Checks that a PEM holds a private key.
    static func validatePrivateKey(_ pem: [UInt8], file: String?, key: String?) throws {
        do {
            _ = try NIOSSLPrivateKey(bytes: pem, format: .pem)
        } catch {
            throw KubeConfigError(file: file, key: key, "not a PEM private key: \(error)")
        }
    }
}
