import Foundation

extension KubeConfig {
    /// Loads one kubeconfig file and selects `context` (its `current-context` when nil).
    public static func load(path: String, context: String? = nil) throws -> KubeConfig {
        try from(KubeConfigFile.load(path: path), context: context)
    }

    /// Loads several kubeconfig files merged as `KUBECONFIG` is (first definition wins; files that
    /// do not exist are skipped, as in client-go) and selects `context`.
    public static func load(paths: [String], context: String? = nil) throws -> KubeConfig {
        var files: [KubeConfigFile] = []
        for path in paths where !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path) else { continue }
            files.append(try KubeConfigFile.load(path: path))
        }
        guard !files.isEmpty else {
            throw KubeConfigError(
                "none of the kubeconfig files exists: " + paths.filter { !$0.isEmpty }.joined(separator: ", "))
        }
        return try from(KubeConfigFile.merge(files), context: context)
    }

    /// Resolves a context of parsed (possibly merged) kubeconfig files: reads the referenced
    /// certificate files and checks every value used, naming the file and key of any problem.
    public static func from(_ config: KubeConfigFile, context: String? = nil) throws -> KubeConfig {
        let files = config.files.isEmpty ? nil : config.files.joined(separator: ", ")
        let name: String
        if let context, !context.isEmpty {
            name = context
        } else if let current = config.currentContext {
            name = current
        } else {
            throw KubeConfigError(
                file: files, key: "current-context", "not set; name a context explicitly"
                    + Self.available(config.contexts.keys))
        }
        guard let ctx = config.contexts[name] else {
            let key = context == nil ? "current-context" : nil
            throw KubeConfigError(
                file: files, key: key, "context \"\(name)\" not found" + Self.available(config.contexts.keys))
        }
        let ctxKey = "contexts[\"\(name)\"].context"
        guard let cluster = config.clusters[ctx.cluster] else {
            throw KubeConfigError(
                file: ctx.file, key: ctxKey + ".cluster",
                "cluster \"\(ctx.cluster)\" not found" + Self.available(config.clusters.keys))
        }
        let clusterKey = "clusters[\"\(ctx.cluster)\"].cluster"
        guard let server = cluster.server, !server.isEmpty else {
            throw KubeConfigError(file: cluster.file, key: clusterKey + ".server", "missing")
        }
        try validateServer(server, file: cluster.file, key: clusterKey + ".server")

        var tls = TLSSettings(insecureSkipTLSVerify: cluster.insecureSkipTLSVerify, serverName: cluster.tlsServerName)
        if cluster.certificateAuthority != nil && cluster.certificateAuthorityData != nil {
            throw KubeConfigError(
                file: cluster.file, key: clusterKey,
                "both certificate-authority and certificate-authority-data are set; keep one")
        }
        if let path = cluster.certificateAuthority, !path.isEmpty {
            let pem = try readFile(path, file: cluster.file, key: clusterKey + ".certificate-authority", what: "CA file")
            try TLSSettings.validateCertificates(pem, file: cluster.file, key: clusterKey + ".certificate-authority (\(path))")
            tls.certificateAuthorityPEM = pem
        } else if let pem = cluster.certificateAuthorityData {
            try TLSSettings.validateCertificates(pem, file: cluster.file, key: clusterKey + ".certificate-authority-data")
            tls.certificateAuthorityPEM = pem
        }
        if tls.insecureSkipTLSVerify && tls.certificateAuthorityPEM != nil {
            throw KubeConfigError(
                file: cluster.file, key: clusterKey + ".insecure-skip-tls-verify",
                "cannot be true together with a certificate authority; remove one of them")
        }

        var credentials = Credentials.none
        if let userName = ctx.user, !userName.isEmpty {
            guard let user = config.users[userName] else {
                throw KubeConfigError(
                    file: ctx.file, key: ctxKey + ".user",
                    "user \"\(userName)\" not found" + Self.available(config.users.keys))
            }
            let userKey = "users[\"\(userName)\"].user"
            if let provider = user.authProvider {
                throw KubeConfigError(
                    file: user.file, key: userKey + ".auth-provider",
                    "auth-provider \"\(provider)\" is not supported; use an exec credential plugin")
            }
            (tls.clientCertificatePEM, tls.clientKeyPEM) = try clientCertificate(user, file: user.file, key: userKey)
            let hasToken = (user.token?.isEmpty == false) || (user.tokenFile?.isEmpty == false)
            let hasBasic = (user.username?.isEmpty == false) || (user.password?.isEmpty == false)
            if hasToken && hasBasic {
                throw KubeConfigError(
                    file: user.file, key: userKey,
                    "more than one authentication method (token and username/password); keep one")
            }
            if let path = user.tokenFile, !path.isEmpty {
                // Read now so that a wrong path fails at start-up; re-read later by the transport.
                _ = try readFile(path, file: user.file, key: userKey + ".tokenFile", what: "token file")
                credentials = .tokenFile(path: path)
            } else if let token = user.token, !token.isEmpty {
                credentials = .token(token)
            } else if hasBasic {
                credentials = .basic(username: user.username ?? "", password: user.password ?? "")
            } else if let exec = user.exec {
                credentials = .exec(exec)
            }
        }

        var proxyURL: String?
        if let proxy = cluster.proxyURL, !proxy.isEmpty {
            guard KubeConfig.proxy(proxy) != nil else {
                throw KubeConfigError(
                    file: cluster.file, key: clusterKey + ".proxy-url",
                    "\"\(proxy)\" is not a proxy URL such as http://proxy:3128 or socks5://proxy:1080")
            }
            proxyURL = proxy
        }

        let origin = "kubeconfig " + (files ?? "(inline)") + " (context \(name))"
        return KubeConfig(
            server: server, namespace: ctx.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
            tls: tls, credentials: credentials, proxyURL: proxyURL, context: name, origin: origin)
    }

    static func clientCertificate(_ user: KubeConfigFile.User, file: String?, key userKey: String) throws
        -> ([UInt8]?, [UInt8]?)
    {
        func one(path: String?, data: [UInt8]?, name: String, what: String) throws -> [UInt8]? {
            if path?.isEmpty == false && data != nil {
                throw KubeConfigError(file: file, key: userKey, "both \(name) and \(name)-data are set; keep one")
            }
            if let path, !path.isEmpty {
                return try readFile(path, file: file, key: "\(userKey).\(name)", what: what)
            }
            return data
        }
        let cert = try one(path: user.clientCertificate, data: user.clientCertificateData, name: "client-certificate", what: "client certificate")
        let key = try one(path: user.clientKey, data: user.clientKeyData, name: "client-key", what: "client key")
        let certKey = user.clientCertificateData != nil ? "client-certificate-data" : "client-certificate"
        let keyKey = user.clientKeyData != nil ? "client-key-data" : "client-key"
        switch (cert, key) {
        case (nil, nil):
            return (nil, nil)
        case (.some, nil):
            throw KubeConfigError(file: file, key: "\(userKey).client-key", "missing: \(certKey) is set without a key")
        case (nil, .some):
            throw KubeConfigError(file: file, key: "\(userKey).client-certificate", "missing: \(keyKey) is set without a certificate")
        case (.some(let c), .some(let k)):
            try TLSSettings.validateCertificates(c, file: file, key: "\(userKey).\(certKey)")
            try TLSSettings.validatePrivateKey(k, file: file, key: "\(userKey).\(keyKey)")
            return (c, k)
        }
    }

    static func available(_ names: Dictionary<String, some Any>.Keys) -> String {
        names.isEmpty ? " (the file defines none)" : " (defined: " + names.sorted().joined(separator: ", ") + ")"
    }
}
