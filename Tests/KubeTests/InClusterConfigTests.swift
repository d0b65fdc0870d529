import Foundation
import Testing

@testable import Kube

@Suite("KubeConfig in-cluster and precedence")
struct InClusterConfigTests {
    static func serviceAccountDir(namespace: String? = "spark-jobs") throws -> TempDir {
        let dir = try TempDir()
        try dir.write("sa/token", "sa-token-1\n")
        try dir.write("sa/ca.crt", PEM.certificate)
        if let namespace { try dir.write("sa/namespace", namespace) }
        return dir
    }

    static let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    @Test func readsServiceAccountFilesAndEnvironment() throws {
        let dir = try Self.serviceAccountDir()
        defer { dir.remove() }
        let config = try KubeConfig.inCluster(directory: dir.path + "/sa", environment: Self.env)
        #expect(config.server == "https://10.96.0.1:443")
        #expect(config.namespace == "spark-jobs")
        #expect(config.tls.certificateAuthorityPEM == PEM.certificateBytes)
        #expect(config.credentials == .tokenFile(path: dir.path + "/sa/token"))
        #expect(config.origin.hasPrefix("in-cluster"))
    }

    @Test func ipv6HostIsBracketed() throws {
        let dir = try Self.serviceAccountDir()
        defer { dir.remove() }
        let config = try KubeConfig.inCluster(
            directory: dir.path + "/sa", environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"])
        #expect(config.server == "https://[fd00::1]:6443")
    }

    @Test func namespaceDefaultsWhenFileMissing() throws {
        let dir = try Self.serviceAccountDir(namespace: nil)
        defer { dir.remove() }
        #expect(try KubeConfig.inCluster(directory: dir.path + "/sa", environment: Self.env).namespace == "default")
    }

    @Test func outsideAClusterSaysWhatToDo() throws {
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.inCluster(directory: "/nonexistent", environment: [:]) }
        #expect(error?.message.contains("KUBERNETES_SERVICE_HOST") == true)
        #expect(error?.message.contains("KUBECONFIG") == true)
    }

    @Test func missingTokenNamesTheFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("sa/ca.crt", PEM.certificate)
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.inCluster(directory: dir.path + "/sa", environment: Self.env)
        }
        #expect(error?.file == dir.path + "/sa/token")
    }

    // MARK: precedence: explicit > KUBECONFIG > ~/.kube/config > in-cluster

    static func kubeconfig(_ server: String) -> String {
        """
        current-context: c
        clusters: [{name: c, cluster: {server: "\(server)"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        """
    }

    @Test func precedence() throws {
        let dir = try Self.serviceAccountDir()
        defer { dir.remove() }
        let explicit = try dir.write("explicit", Self.kubeconfig("https://explicit"))
        let fromEnv = try dir.write("env", Self.kubeconfig("https://env"))
        try dir.write("home/.kube/config", Self.kubeconfig("https://home"))
        let sa = dir.path + "/sa"
        var env = Self.env
        env["KUBECONFIG"] = fromEnv

        func server(_ explicitPath: String?, _ env: [String: String], home: String) throws -> String {
            try KubeConfig.resolve(
                explicitPath: explicitPath, environment: env, homeDirectory: home, serviceAccountDirectory: sa
            ).server
        }
        #expect(try server(explicit, env, home: dir.path + "/home") == "https://explicit")
        #expect(try server(nil, env, home: dir.path + "/home") == "https://env")
        env["KUBECONFIG"] = nil
        #expect(try server(nil, env, home: dir.path + "/home") == "https://home")
        #expect(try server(nil, env, home: dir.path + "/nohome") == "https://10.96.0.1:443")
        // An explicit path must exist; it does not fall through.
        #expect(throws: KubeConfigError.self) { try server(dir.path + "/missing", env, home: dir.path + "/home") }
        // KUBECONFIG with several files, the missing one skipped.
        env["KUBECONFIG"] = "\(dir.path)/missing:\(fromEnv):\(explicit)"
        #expect(try server(nil, env, home: dir.path + "/home") == "https://env")
    }

    @Test func precedenceHonoursContext() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write(
            "config",
            """
            current-context: a
            clusters: [{name: a, cluster: {server: "https://a"}}, {name: b, cluster: {server: "https://b"}}]
            contexts: [{name: a, context: {cluster: a}}, {name: b, context: {cluster: b}}]
            """)
        let config = try KubeConfig.resolve(context: "b", environment: ["KUBECONFIG": path], homeDirectory: dir.path)
        #expect(config.server == "https://b")
        #expect(config.credentials == .none)
    }
}
