import Foundation
import Testing

@testable import Kube

@Suite("KubeConfig from kubeconfig files")
struct KubeConfigTests {
    static func kubeconfig(
        server: String = "https://10.0.0.1:6443", cluster: String = "", user: String = "", context: String = "ctx",
        namespace: String? = nil
    ) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: \(context)
        clusters:
        - name: c1
          cluster:
            server: \(server)
        \(cluster)
        users:
        - name: u1
          user:
        \(user)
        contexts:
        - name: \(context)
          context:
            cluster: c1
            user: u1
        \(namespace.map { "    namespace: \($0)" } ?? "")
        """
    }

    @Test func tokenAndNamespaceFromCurrentContext() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write(
            "config", Self.kubeconfig(user: "    token: abc123", namespace: "spark"))
        let config = try KubeConfig.load(path: path)
        #expect(config.server == "https://10.0.0.1:6443")
        #expect(config.namespace == "spark")
        #expect(config.context == "ctx")
        #expect(config.credentials == .token("abc123"))
        #expect(config.tls.certificateAuthorityPEM == nil)
        #expect(config.origin.contains(path))
    }

    @Test func namespaceDefaultsToDefault() throws {
        let config = try KubeConfig.from(KubeConfigFile.parse(Self.kubeconfig(user: "    token: t")))
        #expect(config.namespace == "default")
    }

    @Test func explicitContextOverridesCurrentContext() throws {
        let text = """
            current-context: a
            clusters:
            - name: ca
              cluster: {server: "https://a:6443"}
            - name: cb
              cluster: {server: "https://b:6443"}
            users:
            - name: ua
              user: {token: ta}
            - name: ub
              user: {token: tb}
            contexts:
            - name: a
              context: {cluster: ca, user: ua, namespace: na}
            - name: b
              context: {cluster: cb, user: ub, namespace: nb}
            """
        let file = try KubeConfigFile.parse(text)
        let a = try KubeConfig.from(file)
        let b = try KubeConfig.from(file, context: "b")
        #expect(a.server == "https://a:6443" && a.credentials == .token("ta") && a.namespace == "na")
        #expect(b.server == "https://b:6443" && b.credentials == .token("tb") && b.namespace == "nb")
        #expect(b.context == "b")
    }

    @Test func unknownContextNamesTheAvailableOnes() throws {
        let file = try KubeConfigFile.parse(Self.kubeconfig(user: "    token: t"), file: "/x/config")
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.from(file, context: "nope") }
        #expect(error?.file == "/x/config")
        #expect(error?.message.contains("\"nope\" not found") == true)
        #expect(error?.message.contains("ctx") == true)
    }

    @Test func missingCurrentContextIsReported() throws {
        let text = "clusters: []\ncontexts: []\nusers: []\n"
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.from(KubeConfigFile.parse(text, file: "/k")) }
        #expect(error?.key == "current-context")
    }

    @Test func multipleFilesMergeFirstWins() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        // The first file sets current-context and defines cluster c1; the second redefines c1
        // (ignored), adds c2 and a context using it, and sets another current-context (ignored).
        let first = try dir.write(
            "one",
            """
            current-context: first
            clusters:
            - name: c1
              cluster: {server: "https://one:6443"}
            users:
            - name: u
              user: {token: from-one}
            contexts:
            - name: first
              context: {cluster: c1, user: u}
            """)
        let second = try dir.write(
            "two",
            """
            current-context: second
            clusters:
            - name: c1
              cluster: {server: "https://IGNORED:6443"}
            - name: c2
              cluster: {server: "https://two:6443"}
            users:
            - name: u
              user: {token: IGNORED}
            contexts:
            - name: second
              context: {cluster: c2, user: u, namespace: two-ns}
            """)
        let missing = dir.path + "/does-not-exist"
        let merged = try KubeConfig.load(paths: [first, missing, second])
        #expect(merged.context == "first")
        #expect(merged.server == "https://one:6443")
        #expect(merged.credentials == .token("from-one"))
        let other = try KubeConfig.load(paths: [first, second], context: "second")
        #expect(other.server == "https://two:6443")
        #expect(other.credentials == .token("from-one"))  // user u from the first file
        #expect(other.namespace == "two-ns")
        // Order matters: with the second file first, its definitions win.
        let reversed = try KubeConfig.load(paths: [second, first])
        #expect(reversed.context == "second")
        #expect(reversed.server == "https://two:6443")
        #expect(reversed.credentials == .token("IGNORED"))
    }

    @Test func noneOfTheFilesExists() throws {
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.load(paths: ["/nonexistent/a", "/nonexistent/b"]) }
        #expect(error?.message.contains("/nonexistent/a") == true)
    }

    @Test func tokenFileRelativeToTheKubeconfig() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("sub/token", "file-token\n")
        let path = try dir.write("sub/config", Self.kubeconfig(user: "    tokenFile: token"))
        let config = try KubeConfig.load(path: path)
        #expect(config.credentials == .tokenFile(path: dir.path + "/sub/token"))
    }

    @Test func missingTokenFileNamesFileAndKey() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("config", Self.kubeconfig(user: "    tokenFile: nothing-here"))
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.load(path: path) }
        #expect(error?.file == path)
        #expect(error?.key == "users[\"u1\"].user.tokenFile")
        #expect(error?.message.contains(dir.path + "/nothing-here") == true)
    }

    @Test func certificateAuthorityAndClientCertificateAsData() throws {
        let config = try KubeConfig.from(
            KubeConfigFile.parse(
                Self.kubeconfig(
                    cluster: "    certificate-authority-data: \(PEM.certificateBase64)",
                    user: "    client-certificate-data: \(PEM.certificateBase64)\n    client-key-data: \(PEM.keyBase64)")))
        #expect(config.tls.certificateAuthorityPEM == PEM.certificateBytes)
        #expect(config.tls.clientCertificatePEM == PEM.certificateBytes)
        #expect(config.tls.clientKeyPEM == PEM.keyBytes)
        #expect(config.credentials == .none)
        let tls = try config.tls.makeTLSConfiguration()
        #expect(tls.certificateChain.count == 1)
        #expect(tls.privateKey != nil)
        #expect(tls.trustRoots != nil)
    }

    @Test func certificateAuthorityAndClientCertificateAsRelativeFiles() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("pki/ca.crt", PEM.certificate)
        try dir.write("pki/client.crt", PEM.certificate)
        try dir.write("pki/client.key", PEM.key)
        let path = try dir.write(
            "kube/config",
            Self.kubeconfig(
                cluster: "    certificate-authority: ../pki/ca.crt",
                user: "    client-certificate: ../pki/client.crt\n    client-key: \(dir.path)/pki/client.key"))
        let config = try KubeConfig.load(path: path)
        #expect(config.tls.certificateAuthorityPEM == PEM.certificateBytes)
        #expect(config.tls.clientCertificatePEM == PEM.certificateBytes)
        #expect(config.tls.clientKeyPEM == PEM.keyBytes)
    }

    @Test func missingCAFileNamesFileKeyAndPath() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("config", Self.kubeconfig(cluster: "    certificate-authority: ca.crt", user: "    token: t"))
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.load(path: path) }
        #expect(error?.file == path)
        #expect(error?.key == "clusters[\"c1\"].cluster.certificate-authority")
        #expect(error?.message.contains(dir.path + "/ca.crt") == true)
        #expect(error?.description.hasPrefix("kubeconfig \(path): clusters[\"c1\"].cluster.certificate-authority: ") == true)
    }

    @Test func badBase64NamesTheKey() throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfigFile.parse(Self.kubeconfig(user: "    client-key-data: '%%%not base64'"), file: "/k/config")
        }
        #expect(error?.file == "/k/config")
        #expect(error?.key == "users[\"u1\"].user.client-key-data")
        #expect(error?.message.contains("base64") == true)
    }

    @Test func dataThatIsNotPEMNamesTheKey() throws {
        let notPEM = Data("hello".utf8).base64EncodedString()
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(
                KubeConfigFile.parse(Self.kubeconfig(cluster: "    certificate-authority-data: \(notPEM)"), file: "/k"))
        }
        #expect(error?.key == "clusters[\"c1\"].cluster.certificate-authority-data")
        let keyError = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(
                KubeConfigFile.parse(
                    Self.kubeconfig(user: "    client-certificate-data: \(PEM.certificateBase64)\n    client-key-data: \(notPEM)"),
                    file: "/k"))
        }
        #expect(keyError?.key == "users[\"u1\"].user.client-key-data")
    }

    @Test func certificateWithoutKey() throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(
                KubeConfigFile.parse(Self.kubeconfig(user: "    client-certificate-data: \(PEM.certificateBase64)"), file: "/k"))
        }
        #expect(error?.key == "users[\"u1\"].user.client-key")
    }

    @Test func wrongValueTypeNamesTheKey() throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfigFile.parse(Self.kubeconfig(user: "    token: [a, b]"), file: "/k")
        }
        #expect(error?.key == "users[\"u1\"].user.token")
        #expect(error?.message.contains("expected a string") == true)
    }

    @Test func badServerURL() throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(KubeConfigFile.parse(Self.kubeconfig(server: "10.0.0.1:6443"), file: "/k"))
        }
        #expect(error?.key == "clusters[\"c1\"].cluster.server")
    }

    @Test func unknownUserAndCluster() throws {
        let text = """
            current-context: x
            clusters: [{name: c, cluster: {server: "https://s"}}]
            contexts: [{name: x, context: {cluster: c, user: ghost}}, {name: y, context: {cluster: nope}}]
            """
        let file = try KubeConfigFile.parse(text, file: "/k")
        let user = #expect(throws: KubeConfigError.self) { try KubeConfig.from(file) }
        #expect(user?.key == "contexts[\"x\"].context.user")
        let cluster = #expect(throws: KubeConfigError.self) { try KubeConfig.from(file, context: "y") }
        #expect(cluster?.key == "contexts[\"y\"].context.cluster")
    }

    @Test func insecureSkipTLSVerify() throws {
        let config = try KubeConfig.from(
            KubeConfigFile.parse(Self.kubeconfig(cluster: "    insecure-skip-tls-verify: true", user: "    token: t")))
        #expect(config.tls.insecureSkipTLSVerify)
        let tls = try config.tls.makeTLSConfiguration()
        #expect(tls.certificateVerification == .none)
        let verified = try KubeConfig.from(KubeConfigFile.parse(Self.kubeconfig(user: "    token: t")))
        #expect(try verified.tls.makeTLSConfiguration().certificateVerification == .fullVerification)
    }

    @Test func insecureTogetherWithCAIsRejected() throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(
                KubeConfigFile.parse(
                    Self.kubeconfig(
                        cluster: "    insecure-skip-tls-verify: true\n    certificate-authority-data: \(PEM.certificateBase64)"),
                    file: "/k"))
        }
        #expect(error?.key == "clusters[\"c1\"].cluster.insecure-skip-tls-verify")
    }

    @Test func basicAuthAndTokenConflict() throws {
        let basic = try KubeConfig.from(KubeConfigFile.parse(Self.kubeconfig(user: "    username: me\n    password: pw")))
        #expect(basic.credentials == .basic(username: "me", password: "pw"))
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(KubeConfigFile.parse(Self.kubeconfig(user: "    username: me\n    token: t"), file: "/k"))
        }
        #expect(error?.key == "users[\"u1\"].user")
    }

    @Test func execPluginConfiguration() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write(
            "config",
            Self.kubeconfig(
                user: """
                        exec:
                          apiVersion: client.authentication.k8s.io/v1beta1
                          command: ./bin/get-token
                          args: [eks, get-token, --cluster-name, "prod"]
                          env:
                          - name: AWS_PROFILE
                            value: prod
                          provideClusterInfo: true
                          installHint: install it
                    """))
        let config = try KubeConfig.load(path: path)
        guard case .exec(let exec) = config.credentials else {
            Issue.record("expected exec credentials, got \(config.credentials)")
            return
        }
        #expect(exec.apiVersion == "client.authentication.k8s.io/v1beta1")
        #expect(exec.command == dir.path + "/bin/get-token")
        #expect(exec.args == ["eks", "get-token", "--cluster-name", "prod"])
        #expect(exec.env == [.init(name: "AWS_PROFILE", value: "prod")])
        #expect(exec.provideClusterInfo)
        #expect(exec.installHint == "install it")
    }

    @Test func execBareCommandIsNotResolved() throws {
        let config = try KubeConfig.from(
            KubeConfigFile.parse(
                Self.kubeconfig(user: "    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}"),
                file: "/etc/kube/config"))
        guard case .exec(let exec) = config.credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(exec.command == "aws")
    }

    @Test func execUnsupportedAPIVersion() throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfigFile.parse(
                Self.kubeconfig(user: "    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}"),
                file: "/k")
        }
        #expect(error?.key == "users[\"u1\"].user.exec.apiVersion")
    }

    @Test func authProviderIsRejectedWithAHint() throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(
                KubeConfigFile.parse(Self.kubeconfig(user: "    auth-provider: {name: gcp}"), file: "/k"))
        }
        #expect(error?.key == "users[\"u1\"].user.auth-provider")
        #expect(error?.message.contains("exec") == true)
    }

    @Test func invalidYAMLNamesTheFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("config", "clusters: [unclosed\n")
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.load(path: path) }
        #expect(error?.file == path)
    }

    @Test func unreadableFileNamesIt() throws {
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.load(path: "/nonexistent/kubeconfig") }
        #expect(error?.file == "/nonexistent/kubeconfig")
        #expect(error?.message.contains("cannot read") == true)
    }

    @Test func proxyURL() throws {
        let config = try KubeConfig.from(
            KubeConfigFile.parse(Self.kubeconfig(cluster: "    proxy-url: http://proxy.corp:3128", user: "    token: t")))
        #expect(config.proxyURL == "http://proxy.corp:3128")
        #expect(KubeConfig.proxy("http://proxy.corp:3128") != nil)
        #expect(KubeConfig.proxy("socks5://proxy.corp") != nil)
        #expect(KubeConfig.proxy("ftp://proxy.corp") == nil)
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.from(KubeConfigFile.parse(Self.kubeconfig(cluster: "    proxy-url: ftp://x"), file: "/k"))
        }
        #expect(error?.key == "clusters[\"c1\"].cluster.proxy-url")
    }

    @Test func directConfigurationFromURLCAFileAndToken() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let ca = try dir.write("ca.crt", PEM.certificate)
        let config = try KubeConfig(url: "https://127.0.0.1:6443/", caFile: ca, token: "tok")
        #expect(config.server == "https://127.0.0.1:6443")
        #expect(config.tls.certificateAuthorityPEM == PEM.certificateBytes)
        #expect(config.credentials == .token("tok"))
        #expect(throws: KubeConfigError.self) { try KubeConfig(url: "https://127.0.0.1:6443", caFile: dir.path + "/nope") }
    }
}
