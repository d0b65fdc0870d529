import Foundation
import SparkOperatorAPI

/// `ExecCredential` (`client.authentication.k8s.io/v1` and `v1beta1`): what an exec plugin
/// receives in `KUBERNETES_EXEC_INFO` and prints on stdout.
public struct ExecCredential: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var spec: Spec?
    public var status: Status?

    public struct Spec: Codable, Sendable, Hashable {
        public var interactive: Bool?
        public var cluster: Cluster?
    }

    /// `spec.cluster`, sent when `provideClusterInfo: true`.
    public struct Cluster: Codable, Sendable, Hashable {
        public var server: String
        public var certificateAuthorityData: String?
        public var insecureSkipTLSVerify: Bool?
        public var tlsServerName: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }

    public struct Status: Codable, Sendable, Hashable {
        public var token: String?
        /// PEM, not base64.
        public var clientCertificateData: String?
        public var clientKeyData: String?
        public var expirationTimestamp: KubeTime?

        public init(
            token: String? = nil, clientCertificateData: String? = nil, clientKeyData: String? = nil,
            expirationTimestamp: KubeTime? = nil
        ) {
            self.token = token
            self.clientCertificateData = clientCertificateData
            self.clientKeyData = clientKeyData
            self.expirationTimestamp = expirationTimestamp
        }
    }
}
