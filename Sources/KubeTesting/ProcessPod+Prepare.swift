import Foundation
import Kube
import SparkOperatorAPI

/// Preparing a pod's sandbox: what a kubelet and a container runtime do before the process runs.
extension ProcessPod {
    static let serviceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
    static let imageSparkHome = "/opt/spark"

    /// Materialises the volumes, the service-account token and the hosts file, resolves the
    /// environment, and works out the command line. Throws `NotReady` while a ConfigMap or
    /// Secret it needs is missing, `CannotRun` for what this kubelet cannot do.
    func prepare(_ pod: Pod, container: JSONValue, ip: String) async throws -> Launch {
        let config = kubelet.configuration
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(directory)/volumes")
        for sub in ["volumes", "tmp", "work-dir", "shadow"] {
            try fm.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        let namespace = handle.namespace

        // Volumes, in mountPath order (a volume inside another lands on top).
        var binds: [PodSandboxScript.Bind] = [
            .init(source: config.sparkHome, target: Self.imageSparkHome),
            .init(source: "\(directory)/work-dir", target: "\(Self.imageSparkHome)/work-dir"),
        ]
        for (target, source) in config.imageOverlays.sorted(by: { $0.key < $1.key }) {
            binds.append(.init(source: source, target: target, readOnly: true))
        }
        var volumeBinds: [PodSandboxScript.Bind] = []
        var materialised: [String: (path: String, readOnly: Bool)] = [:]
        for mount in container["volumeMounts"]?.arrayValue ?? [] {
            guard let name = mount["name"]?.stringValue, let mountPath = mount["mountPath"]?.stringValue else { continue }
            guard let volume = pod.volume(named: name) else {
                throw CannotRun(message: "volumeMount \(name): no volume of that name")
            }
            if materialised[name] == nil {
                materialised[name] = try await materialise(volume, name: name, namespace: namespace)
            }
            let (path, alwaysReadOnly) = materialised[name]!
            var source = path
            if let sub = mount["subPath"]?.stringValue, !sub.isEmpty {
                source += "/" + sub
                if !fm.fileExists(atPath: source) { try fm.createDirectory(atPath: source, withIntermediateDirectories: true) }
            }
            volumeBinds.append(
                .init(source: source, target: mountPath, readOnly: alwaysReadOnly || mount["readOnly"]?.boolValue == true))
        }
        let mountsToken =
            pod.spec?["automountServiceAccountToken"]?.boolValue != false
            && !volumeBinds.contains { $0.target == Self.serviceAccountPath }
        if mountsToken {
            let account = pod.spec?["serviceAccountName"]?.stringValue ?? "default"
            volumeBinds.append(.init(source: try await serviceAccountDirectory(account, pod), target: Self.serviceAccountPath, readOnly: true))
        }
        binds += volumeBinds.sorted { $0.target.count < $1.target.count }

        // Environment: the image's, the cluster's, then the container's (with $(VAR) expansion).
        var env = imageEnvironment(ip: ip)
        for source in container["envFrom"]?.arrayValue ?? [] {
            let prefix = source["prefix"]?.stringValue ?? ""
            if let ref = source["configMapRef"] {
                for (k, v) in try await configMapData(ref["name"]?.stringValue ?? "", namespace, optional: ref["optional"]?.boolValue == true) {
                    env[prefix + k] = v
                }
            }
            if let ref = source["secretRef"] {
                for (k, v) in try await secretData(ref["name"]?.stringValue ?? "", namespace, optional: ref["optional"]?.boolValue == true) {
                    env[prefix + k] = String(decoding: v, as: UTF8.self)
                }
            }
        }
        for variable in container["env"]?.arrayValue ?? [] {
            guard let name = variable["name"]?.stringValue else { continue }
            if let value = variable["value"]?.stringValue {
                env[name] = SparkImageEntrypoint.expand(value, env)
            } else if let from = variable["valueFrom"] {
                if let value = try await resolve(from, pod: pod, container: container, ip: ip) { env[name] = value }
            } else {
                env[name] = ""
            }
        }
        let command = (container["command"]?.arrayValue ?? []).compactMap(\.stringValue).map { SparkImageEntrypoint.expand($0, env) }
        let args = container.args.map { SparkImageEntrypoint.expand($0, env) }
        let argv: [String]
        do {
            argv = try SparkImageEntrypoint.command(command: command, args: args, environment: env, javaHome: config.javaHome)
        } catch let failure as SparkImageEntrypoint.Failure {
            throw CannotRun(message: failure.description)
        }

        // Cluster DNS.
        let hostsFile = "\(directory)/hosts"
        let services = (try? await kubelet.retry.run("listing services") { try await kubelet.client.listAll(KubeService.self, namespace: kubelet.namespace) })?.items ?? []
        let me = ProcessKubelet.RunningPod(namespace: namespace, name: handle.name, labels: pod.metadata.labels ?? [:], ip: ip)
        let others = kubelet.running.withLock { Array($0.values) }.filter { !($0.namespace == namespace && $0.name == handle.name) }
        try kubelet.hostsFile(for: me, services: services, pods: [me] + others).write(toFile: hostsFile, atomically: false, encoding: .utf8)

        let script = PodSandboxScript(
            hostname: String(handle.name.prefix(63)), hostsFile: hostsFile, shadowRoot: "\(directory)/shadow",
            tmpDirectory: "\(directory)/tmp", binds: binds,
            workingDirectory: container["workingDir"]?.stringValue ?? "\(Self.imageSparkHome)/work-dir")
        let launch = Launch(
            executable: Command.which("unshare") ?? "/usr/bin/unshare",
            // `env --default-signal`: a container starts with default signal handling (we ignore SIGPIPE).
            arguments: ["-m", "-u", "--propagation", "private", "/usr/bin/env", "--default-signal", "/bin/sh", "-c", script.text, "pod"] + argv,
            environment: env, hostsFile: hostsFile, logFile: "\(directory)/log")
        let record: JSONValue = [
            "argv": .array(argv.map(JSONValue.string)),
            "env": .object(env.mapValues(JSONValue.string)),
            "sandbox": .string(script.text),
        ]
        try? record.prettyJSON.write(toFile: "\(directory)/launch.json", atomically: true, encoding: .utf8)
        return launch
    }

    /// What the image and the node give every container: Java and Python on the PATH, the Spark
    /// home, the API server's Service variables; `SPARK_LOCAL_IP` stands in for the pod's own
    /// network namespace (Spark binds its UI to it instead of 0.0.0.0).
    private func imageEnvironment(ip: String) -> [String: String] {
        let config = kubelet.configuration
        let path = (config.pathPrefix + ["\(config.javaHome)/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .joined(separator: ":")
        let api = config.apiServerHost
        let port = String(config.apiServerPort)
        return [
            "PATH": path, "JAVA_HOME": config.javaHome, "SPARK_HOME": Self.imageSparkHome, "LANG": "C.UTF-8",
            "HOME": "/tmp", "HOSTNAME": String(handle.name.prefix(63)), "SPARK_LOCAL_IP": ip,
            "KUBERNETES_SERVICE_HOST": api, "KUBERNETES_SERVICE_PORT": port, "KUBERNETES_SERVICE_PORT_HTTPS": port,
            "KUBERNETES_PORT": "tcp://\(api):\(port)", "KUBERNETES_PORT_443_TCP": "tcp://\(api):\(port)",
        ]
    }

    /// A volume's host directory, and whether Kubernetes always mounts it read-only.
    private func materialise(_ volume: JSONValue, name: String, namespace: String) async throws -> (String, Bool) {
        let path = "\(directory)/volumes/\(name)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        if let source = volume["configMap"] {
            let data = try await configMapData(source["name"]?.stringValue ?? "", namespace, optional: source["optional"]?.boolValue == true)
            try writeItems(data.mapValues { Data($0.utf8) }, items: source["items"]?.arrayValue, to: path, kind: "configmap", name: source["name"]?.stringValue ?? "")
            return (path, true)
        }
        if let source = volume["secret"] {
            let data = try await secretData(source["secretName"]?.stringValue ?? "", namespace, optional: source["optional"]?.boolValue == true)
            try writeItems(data, items: source["items"]?.arrayValue, to: path, kind: "secret", name: source["secretName"]?.stringValue ?? "")
            return (path, true)
        }
        if let sources = volume["projected"]?["sources"]?.arrayValue {
            // What API servers from 1.21 inject as kube-api-access-*: a TokenRequest token, the CA, the namespace.
            for source in sources {
                if let cm = source["configMap"] {
                    let data = try await configMapData(cm["name"]?.stringValue ?? "", namespace, optional: cm["optional"]?.boolValue == true)
                    try writeItems(data.mapValues { Data($0.utf8) }, items: cm["items"]?.arrayValue, to: path, kind: "configmap", name: cm["name"]?.stringValue ?? "")
                } else if let secret = source["secret"] {
                    let data = try await secretData(secret["name"]?.stringValue ?? "", namespace, optional: secret["optional"]?.boolValue == true)
                    try writeItems(data, items: secret["items"]?.arrayValue, to: path, kind: "secret", name: secret["name"]?.stringValue ?? "")
                } else if let token = source["serviceAccountToken"] {
                    let value = try await requestToken(
                        audiences: token["audience"]?.stringValue.map { [$0] } ?? [],
                        expirationSeconds: token["expirationSeconds"]?.intValue ?? 3600)
                    try value.write(toFile: "\(path)/\(token["path"]?.stringValue ?? "token")", atomically: true, encoding: .utf8)
                } else if let items = source["downwardAPI"]?["items"]?.arrayValue {
                    for item in items {
                        guard let relative = item["path"]?.stringValue, let field = item["fieldRef"]?["fieldPath"]?.stringValue else { continue }
                        let ip = kubelet.running.withLock { $0[handle.uid]?.ip } ?? ""
                        try fieldValue(field, pod: handle.latest, ip: ip).write(toFile: "\(path)/\(relative)", atomically: true, encoding: .utf8)
                    }
                }
            }
            return (path, true)
        }
        if volume["emptyDir"] != nil { return (path, false) }
        if let host = volume["hostPath"]?["path"]?.stringValue {
            if !fm.fileExists(atPath: host) { try fm.createDirectory(atPath: host, withIntermediateDirectories: true) }
            return (host, false)
        }
        let kind = volume.objectValue?.keys.first { $0 != "name" } ?? "unknown"
        throw CannotRun(message: "volume \(name): \(kind) volumes are not supported by the process kubelet (configMap, secret, projected, emptyDir and hostPath are)")
    }

    private func writeItems(_ data: [String: Data], items: [JSONValue]?, to path: String, kind: String, name: String) throws {
        let fm = FileManager.default
        let pairs: [(key: String, path: String)] =
            items?.compactMap { item in
                guard let key = item["key"]?.stringValue, let p = item["path"]?.stringValue else { return nil }
                return (key, p)
            } ?? data.keys.sorted().map { ($0, $0) }
        for (key, relative) in pairs {
            guard let bytes = data[key] else {
                throw NotReady(reason: "ContainerCreating", message: "MountVolume.SetUp failed: \(kind) \"\(name)\" has no key \"\(key)\"")
            }
            let file = "\(path)/\(relative)"
            try fm.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: file))
        }
    }

    private func configMapData(_ name: String, _ namespace: String, optional: Bool) async throws -> [String: String] {
        do {
            let map = try await kubelet.retry.run("reading configmap \(namespace)/\(name)") {
                try await kubelet.client.get(ConfigMap.self, name: name, namespace: namespace)
            }
            var data = map.data ?? [:]
            for (k, v) in map.binaryData ?? [:] { data[k] = String(decoding: v, as: UTF8.self) }
            return data
        } catch let e as KubeAPIError where e.isNotFound {
            if optional { return [:] }
            throw NotReady(reason: "ContainerCreating", message: "MountVolume.SetUp failed: configmap \"\(name)\" not found")
        }
    }

    private func secretData(_ name: String, _ namespace: String, optional: Bool) async throws -> [String: Data] {
        do {
            let secret = try await kubelet.retry.run("reading secret \(namespace)/\(name)") {
                try await kubelet.client.get(Secret.self, name: name, namespace: namespace)
            }
            return secret.data ?? [:]
        } catch let e as KubeAPIError where e.isNotFound {
            if optional { return [:] }
            throw NotReady(reason: "ContainerCreating", message: "MountVolume.SetUp failed: secret \"\(name)\" not found")
        }
    }

    /// `valueFrom`: fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef.
    private func resolve(_ from: JSONValue, pod: Pod, container: JSONValue, ip: String) async throws -> String? {
        if let path = from["fieldRef"]?["fieldPath"]?.stringValue {
            return try fieldValue(path, pod: pod, ip: ip)
        }
        if let ref = from["resourceFieldRef"], let resource = ref["resource"]?.stringValue {
            let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            return container["resources"]?[parts[0]]?[parts[1]]?.stringValue
                ?? container["resources"]?[parts[0]]?[parts[1]].map { "\($0)" }
        }
        for (key, isSecret) in [("configMapKeyRef", false), ("secretKeyRef", true)] {
            guard let ref = from[key], let name = ref["name"]?.stringValue, let k = ref["key"]?.stringValue else { continue }
            let optional = ref["optional"]?.boolValue == true
            let value: String?
            do {
                value = isSecret
                    ? try await secretData(name, handle.namespace, optional: optional)[k].map { String(decoding: $0, as: UTF8.self) }
                    : try await configMapData(name, handle.namespace, optional: optional)[k]
            } catch let wait as NotReady {
                throw NotReady(reason: "CreateContainerConfigError", message: wait.message.replacingOccurrences(of: "MountVolume.SetUp failed: ", with: ""))
            }
            if value == nil && !optional {
                throw NotReady(reason: "CreateContainerConfigError", message: "couldn't find key \(k) in \(isSecret ? "Secret" : "ConfigMap") \(handle.namespace)/\(name)")
            }
            return value
        }
        return nil
    }

    private func fieldValue(_ path: String, pod: Pod, ip: String) throws -> String {
        func keyed(_ prefix: String) -> String? {
            guard path.hasPrefix(prefix + "['"), path.hasSuffix("']") else { return nil }
            return String(path.dropFirst(prefix.count + 2).dropLast(2))
        }
        switch path {
        case "metadata.name": return pod.name
        case "metadata.namespace": return pod.namespace
        case "metadata.uid": return pod.uid
        case "spec.nodeName": return ProcessKubelet.nodeName
        case "spec.serviceAccountName": return pod.spec?["serviceAccountName"]?.stringValue ?? "default"
        case "status.podIP", "status.podIPs": return ip
        case "status.hostIP": return kubelet.configuration.apiServerHost
        default:
            if let key = keyed("metadata.labels") { return pod.metadata.labels?[key] ?? "" }
            if let key = keyed("metadata.annotations") { return pod.metadata.annotations?[key] ?? "" }
            throw CannotRun(message: "env fieldRef \(path) is not supported")
        }
    }

    /// A token of the pod's service account from the TokenRequest API, bound to the pod.
    private func requestToken(audiences: [String], expirationSeconds: Int64) async throws -> String {
        let pod = handle.latest
        let account = pod.spec?["serviceAccountName"]?.stringValue ?? "default"
        do {
            return try await kubelet.retry.run("requesting a token for \(handle.namespace)/\(account)") {
                try await kubelet.client.requestToken(
                    serviceAccount: account, namespace: handle.namespace, audiences: audiences,
                    expirationSeconds: expirationSeconds, boundObjectRef: .init(kind: "Pod", name: pod.name, uid: pod.uid))
            }.token
        } catch let e as KubeAPIError where e.isNotFound {
            throw NotReady(reason: "ContainerCreating", message: "serviceaccount \"\(account)\" not found")
        }
    }

    /// The service-account volume a kubelet adds when the API server did not (admission off): a token from the TokenRequest API bound to this
    /// pod, the cluster CA, the namespace.
    private func serviceAccountDirectory(_ account: String, _ pod: Pod) async throws -> String {
        let path = "\(directory)/volumes/kube-api-access"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try await requestToken(audiences: [], expirationSeconds: 3600).write(toFile: "\(path)/token", atomically: true, encoding: .utf8)
        try handle.namespace.write(toFile: "\(path)/namespace", atomically: true, encoding: .utf8)
        let ca = try Data(contentsOf: URL(fileURLWithPath: kubelet.configuration.caFile))
        try ca.write(to: URL(fileURLWithPath: "\(path)/ca.crt"))
        return path
    }
}
