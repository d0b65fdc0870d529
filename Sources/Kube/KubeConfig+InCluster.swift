import Foundation

extension KubeConfig {
    /// Where Kubernetes mounts the pod's service-account token, CA and namespace.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The in-cluster configuration (client-go's `rest.InClusterConfig`): the API server from
    /// `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT` (IPv6 bracketed), the service account's
    /// CA and namespace, and its token file, which the transport re-reads since bound tokens rotate.
    ///
    /// - Parameters:
    ///   - directory: the service-account directory (injectable for tests).
    ///   - environment: the process environment (injectable for tests).
    public static func inCluster(
        directory: String = serviceAccountDirectory,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KubeConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeConfigError(
                "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set;"
                    + " pass --kubeconfig or set KUBECONFIG")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let server = "https://\(hostPart):\(port)"
        try validateServer(server, file: nil, key: "KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT")

        let tokenPath = (directory as NSString).appendingPathComponent("token")
        let caPath = (directory as NSString).appendingPathComponent("ca.crt")
        let namespacePath = (directory as NSString).appendingPathComponent("namespace")

        let token = try readFile(tokenPath, file: tokenPath, key: nil, what: "service-account token")
        if String(decoding: token, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw KubeConfigError(file: tokenPath, "the service-account token file is empty")
        }
        var tls = TLSSettings()
        let ca = try readFile(caPath, file: caPath, key: nil, what: "service-account CA")
        try TLSSettings.validateCertificates(ca, file: caPath, key: nil)
        tls.certificateAuthorityPEM = ca

        var namespace = "default"
        if let data = FileManager.default.contents(atPath: namespacePath) {
            let ns = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !ns.isEmpty { namespace = ns }
        }
        return KubeConfig(
            server: server, namespace: namespace, tls: tls, credentials: .tokenFile(path: tokenPath),
            origin: "in-cluster (\(server), service account in \(directory))")
    }
}
