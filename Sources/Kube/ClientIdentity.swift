import NIOSSL

/// A client certificate chain and its private key.
public struct ClientIdentity: Sendable, Hashable {
    public var certificateChain: [NIOSSLCertificate]
    public var privateKey: NIOSSLPrivateKey

    public init(certificatePEM: [UInt8], keyPEM: [UInt8]) throws {
        certificateChain = try NIOSSLCertificate.fromPEMBytes(certificatePEM)
        privateKey = try NIOSSLPrivateKey(bytes: keyPEM, format: .pem)
    }
}
