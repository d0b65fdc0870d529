import Foundation
import SparkOperatorAPI

/// The contents of one or more kubeconfig files, merged as client-go merges `KUBECONFIG`:
/// for clusters, users and contexts the first file to define a name wins, and the first file
/// to set `current-context` wins. Relative paths are resolved against the file that holds them.
public struct KubeConfigFile: Sendable, Hashable {
    public struct Cluster: Sendable, Hashable {
        public var server: String?
        /// Absolute path of `certificate-authority`.
        public var certificateAuthority: String?
        public var certificateAuthorityData: [UInt8]?
        public var insecureSkipTLSVerify: Bool = false
        public var tlsServerName: String?
        public var proxyURL: String?
        /// The file that defined it.
        public var file: String?
        public init() {}
    }

    public struct User: Sendable, Hashable {
        public var token: String?
        /// Absolute path of `tokenFile`.
        public var tokenFile: String?
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var username: String?
        public var password: String?
        public var exec: ExecConfig?
        /// Name of an `auth-provider` (unsupported; kept to report it).
        public var authProvider: String?
        public var file: String?
        public init() {}
    }

    public struct Context: Sendable, Hashable {
        public var cluster: String
        public var user: String?
        public var namespace: String?
        public var file: String?
        public init(cluster: String, user: String? = nil, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }

    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    public var contexts: [String: Context] = [:]
    public var currentContext: String?
    /// The files merged, in order.
    public var files: [String] = []

    public init() {}

    /// Reads and parses one file.
    public static func load(path: String) throws -> KubeConfigFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeConfigError(file: path, "cannot read the file: \(Self.reason(error))")
        }
        return try parse(text, file: path)
    }

    /// Parses kubeconfig YAML. `file` names it in errors and is the base of relative paths
    /// (the current directory when nil).
    public static func parse(_ text: String, file: String? = nil) throws -> KubeConfigFile {
        let documents: [JSONValue]
        do {
            documents = try YAML.documents(text)
        } catch {
            throw KubeConfigError(file: file, "\(error)")
        }
        var config = KubeConfigFile()
        if let file { config.files = [file] }
        guard let document = documents.first else { return config }  // an empty file is an empty config
        let r = Reader(file: file)
        let root = try r.object(document, at: "")
        config.currentContext = try r.string(root, "current-context", at: "").flatMap { $0.isEmpty ? nil : $0 }

        for (index, entry) in try r.array(root, "clusters", at: "").enumerated() {
            let (name, body, path) = try r.namedEntry(entry, list: "clusters", index: index, field: "cluster")
            if config.clusters[name] != nil { continue }  // first definition in a file wins too
            var c = Cluster()
            c.file = file
            c.server = try r.string(body, "server", at: path)
            c.certificateAuthority = try r.string(body, "certificate-authority", at: path).map(r.resolve)
            c.certificateAuthorityData = try r.base64(body, "certificate-authority-data", at: path)
            c.insecureSkipTLSVerify = try r.bool(body, "insecure-skip-tls-verify", at: path) ?? false
            c.tlsServerName = try r.string(body, "tls-server-name", at: path)
            c.proxyURL = try r.string(body, "proxy-url", at: path)
            config.clusters[name] = c
        }

        for (index, entry) in try r.array(root, "users", at: "").enumerated() {
            let (name, body, path) = try r.namedEntry(entry, list: "users", index: index, field: "user")
            if config.users[name] != nil { continue }
            var u = User()
            u.file = file
            u.token = try r.string(body, "token", at: path)
            u.tokenFile = try r.string(body, "tokenFile", at: path).map(r.resolve)
            u.clientCertificate = try r.string(body, "client-certificate", at: path).map(r.resolve)
            u.clientCertificateData = try r.base64(body, "client-certificate-data", at: path)
            u.clientKey = try r.string(body, "client-key", at: path).map(r.resolve)
            u.clientKeyData = try r.base64(body, "client-key-data", at: path)
            u.username = try r.string(body, "username", at: path)
            u.password = try r.string(body, "password", at: path)
            if let provider = body["auth-provider"], provider != .null {
                let p = try r.object(provider, at: path + ".auth-provider")
                u.authProvider = try r.string(p, "name", at: path + ".auth-provider") ?? "(unnamed)"
            }
            if let exec = body["exec"], exec != .null {
                u.exec = try r.exec(exec, at: path + ".exec")
            }
            config.users[name] = u
        }

        for (index, entry) in try r.array(root, "contexts", at: "").enumerated() {
            let (name, body, path) = try r.namedEntry(entry, list: "contexts", index: index, field: "context")
            if config.contexts[name] != nil { continue }
            guard let cluster = try r.string(body, "cluster", at: path), !cluster.isEmpty else {
                throw KubeConfigError(file: file, key: path + ".cluster", "missing: a context must name a cluster")
            }
            var ctx = Context(
                cluster: cluster, user: try r.string(body, "user", at: path),
                namespace: try r.string(body, "namespace", at: path))
            ctx.file = file
            config.contexts[name] = ctx
        }
        return config
    }

    /// Merges files in order: for each name the first definition wins, as does the first
    /// `current-context`.
    public static func merge(_ configs: [KubeConfigFile]) -> KubeConfigFile {
        var merged = KubeConfigFile()
        for c in configs {
            merged.clusters.merge(c.clusters) { first, _ in first }
            merged.users.merge(c.users) { first, _ in first }
            merged.contexts.merge(c.contexts) { first, _ in first }
            if merged.currentContext == nil { merged.currentContext = c.currentContext }
            merged.files += c.files
        }
        return merged
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return ns.localizedDescription
    }

    /// Typed access to the YAML tree with errors that name the file and key.
    struct Reader {
        var file: String?

        func fail(_ key: String, _ message: String) -> KubeConfigError {
            KubeConfigError(file: file, key: key.isEmpty ? nil : key, message)
        }

        func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        func object(_ v: JSONValue, at path: String) throws -> [String: JSONValue] {
            if case .null = v { return [:] }
            guard let o = v.objectValue else {
                throw fail(path, "expected a mapping, found \(Self.kind(v))")
            }
            return o
        }

        func array(_ o: [String: JSONValue], _ key: String, at path: String) throws -> [JSONValue] {
            guard let v = o[key], v != .null else { return [] }
            guard let a = v.arrayValue else {
                throw fail(join(path, key), "expected a list, found \(Self.kind(v))")
            }
            return a
        }

        func string(_ o: [String: JSONValue], _ key: String, at path: String) throws -> String? {
            guard let v = o[key], v != .null else { return nil }
            guard let s = v.stringValue else {
                throw fail(join(path, key), "expected a string, found \(Self.kind(v)) (quote the value)")
            }
            return s
        }

        func bool(_ o: [String: JSONValue], _ key: String, at path: String) throws -> Bool? {
            guard let v = o[key], v != .null else { return nil }
            if let b = v.boolValue { return b }
            if let s = v.stringValue, let b = Bool(s.lowercased()) { return b }
            throw fail(join(path, key), "expected true or false, found \(Self.kind(v))")
        }

        func base64(_ o: [String: JSONValue], _ key: String, at path: String) throws -> [UInt8]? {
            guard let s = try string(o, key, at: path), !s.isEmpty else { return nil }
            let compact = s.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else {
                throw fail(join(path, key), "not valid base64")
            }
            return Array(data)
        }

        /// `- name: x\n  <field>: {...}` → (name, body, key path of the body).
        func namedEntry(_ entry: JSONValue, list: String, index: Int, field: String) throws
            -> (String, [String: JSONValue], String)
        {
            let o = try object(entry, at: "\(list)[\(index)]")
            guard let name = try string(o, "name", at: "\(list)[\(index)]"), !name.isEmpty else {
                throw fail("\(list)[\(index)].name", "missing: every entry of \(list) needs a name")
            }
            let path = "\(list)[\"\(name)\"].\(field)"
            let body = try object(o[field] ?? .null, at: path)
            return (name, body, path)
        }

        func exec(_ v: JSONValue, at path: String) throws -> ExecConfig {
            let o = try object(v, at: path)
            guard let apiVersion = try string(o, "apiVersion", at: path), !apiVersion.isEmpty else {
                throw fail(join(path, "apiVersion"), "missing; use client.authentication.k8s.io/v1")
            }
            guard ExecConfig.supportedAPIVersions.contains(apiVersion) else {
                throw fail(
                    join(path, "apiVersion"),
                    "unsupported exec plugin API version \"\(apiVersion)\"; supported: "
                        + ExecConfig.supportedAPIVersions.joined(separator: ", "))
            }
            guard var command = try string(o, "command", at: path), !command.isEmpty else {
                throw fail(join(path, "command"), "missing")
            }
            if command.contains("/") { command = resolve(command) }
            var args: [String] = []
            for (i, a) in try array(o, "args", at: path).enumerated() {
                guard let s = a.stringValue else {
                    throw fail(join(path, "args[\(i)]"), "expected a string, found \(Self.kind(a)) (quote the value)")
                }
                args.append(s)
            }
            var env: [ExecConfig.EnvVar] = []
            for (i, e) in try array(o, "env", at: path).enumerated() {
                let ep = join(path, "env[\(i)]")
                let eo = try object(e, at: ep)
                guard let name = try string(eo, "name", at: ep), !name.isEmpty else {
                    throw fail(join(ep, "name"), "missing")
                }
                env.append(.init(name: name, value: try string(eo, "value", at: ep) ?? ""))
            }
            return ExecConfig(
                apiVersion: apiVersion, command: command, args: args, env: env,
                installHint: try string(o, "installHint", at: path),
                provideClusterInfo: try bool(o, "provideClusterInfo", at: path) ?? false,
                origin: "kubeconfig \(file ?? "(inline)"): \(path)")
        }

        /// A path relative to the kubeconfig's directory (client-go's ResolvePaths).
        func resolve(_ path: String) -> String {
            if path.isEmpty || path.hasPrefix("/") { return path }
            let base: String
            if let file {
                let dir = (file as NSString).deletingLastPathComponent
                base = dir.isEmpty ? FileManager.default.currentDirectoryPath : dir
            } else {
                base = FileManager.default.currentDirectoryPath
            }
            let absoluteBase = base.hasPrefix("/") ? base : FileManager.default.currentDirectoryPath + "/" + base
            return ((absoluteBase as NSString).appendingPathComponent(path) as NSString).standardizingPath
        }

        static func kind(_ v: JSONValue) -> String {
            switch v {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int, .double: return "a number"
            case .string: return "a string"
            case .array: return "a list"
            case .object: return "a mapping"
            }
        }
    }
}
