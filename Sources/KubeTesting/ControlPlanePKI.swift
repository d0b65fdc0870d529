import Foundation

/// The control plane's credentials, made with the `openssl` CLI into `<stateDir>/pki`:
/// a CA, the API server's serving certificate (signed by the CA), the service-account key pair,
/// and a static token file with an admin token (group system:masters) and an unprivileged
/// "operator" token (no RBAC bindings).
struct ControlPlanePKI: Sendable {
    var directory: String
    var caCert: String { "\(directory)/ca.crt" }
    var caKey: String { "\(directory)/ca.key" }
    var serverCert: String { "\(directory)/apiserver.crt" }
    var serverKey: String { "\(directory)/apiserver.key" }
    var serviceAccountKey: String { "\(directory)/sa.key" }
    var serviceAccountPublicKey: String { "\(directory)/sa.pub" }
    var tokenFile: String { "\(directory)/tokens.csv" }
    var adminToken: String
    var operatorToken: String

    /// Subject alternative names of the serving certificate: loopback, the in-cluster names, and
    /// the first service IP of 10.96.0.0/16 (the `kubernetes` Service).
    static let subjectAltNames = [
        "IP:127.0.0.1", "IP:10.96.0.1", "DNS:localhost", "DNS:kubernetes", "DNS:kubernetes.default",
        "DNS:kubernetes.default.svc", "DNS:kubernetes.default.svc.cluster.local",
    ]

    static func create(in directory: String, openssl opensslPath: String) async throws -> ControlPlanePKI {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pki = ControlPlanePKI(directory: directory, adminToken: randomToken(), operatorToken: randomToken())
        let ext = "\(directory)/apiserver-ext.cnf"
        try """
            subjectAltName=\(subjectAltNames.joined(separator: ","))
            basicConstraints=CA:FALSE
            keyUsage=digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth

            """.write(toFile: ext, atomically: true, encoding: .utf8)

        func openssl(_ args: String...) async throws {
            let result = try await Command.run(opensslPath, args)
            guard result.succeeded else {
                throw ControlPlaneError("openssl \(args.joined(separator: " ")) failed: \(result)")
            }
        }
        try await openssl(
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.caKey, "-out", pki.caCert,
            "-days", "3650", "-subj", "/CN=spark-operator-test-ca")
        try await openssl(
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.serverKey,
            "-out", "\(directory)/apiserver.csr", "-subj", "/CN=kube-apiserver")
        try await openssl(
            "x509", "-req", "-in", "\(directory)/apiserver.csr", "-CA", pki.caCert, "-CAkey", pki.caKey,
            "-CAcreateserial", "-out", pki.serverCert, "-days", "3650", "-extfile", ext)
        try await openssl("genrsa", "-out", pki.serviceAccountKey, "2048")
        try await openssl("rsa", "-in", pki.serviceAccountKey, "-pubout", "-out", pki.serviceAccountPublicKey)
        try """
            \(pki.adminToken),admin,uid-admin,"system:masters"
            \(pki.operatorToken),operator,uid-operator,"spark-operator-test"

            """.write(toFile: pki.tokenFile, atomically: true, encoding: .utf8)
        for file in [pki.caKey, pki.serverKey, pki.serviceAccountKey, pki.tokenFile] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        return pki
    }

    /// 32 random bytes as hex (SystemRandomNumberGenerator is cryptographically secure).
    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(rng.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
