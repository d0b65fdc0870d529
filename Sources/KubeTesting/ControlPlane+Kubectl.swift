import Foundation

extension ControlPlane {
    /// Runs the cached kubectl v1.20 (never the system's) with the admin kubeconfig, or with
    /// `kubeconfig` (e.g. `operatorKubeconfigPath`). Returns exit status and both outputs; never
    /// throws for a non-zero exit.
    public nonisolated func kubectl(
        _ arguments: [String], stdin: String? = nil, kubeconfig: String? = nil
    ) async throws -> CommandResult {
        try await Command.run(
            binaries.kubectl,
            ["--kubeconfig=\(kubeconfig ?? kubeconfigPath)", "--cache-dir=\(stateDir)/kubectl-cache"] + arguments,
            stdin: stdin.map { Data($0.utf8) })
    }

    /// `kubectl(["get", "pods"])` as `kubectl("get", "pods")`.
    public nonisolated func kubectl(_ arguments: String..., stdin: String? = nil) async throws -> CommandResult {
        try await kubectl(arguments, stdin: stdin)
    }

    /// Creates a namespace named `<prefix>-<8 random hex digits>` and returns its name. `prefix`
    /// must be a DNS label (lowercase letters, digits, `-`) of at most 54 characters.
    /// With `waitForServiceAccount`, returns only once its `default` ServiceAccount has a token,
    /// so that pods can be created in it.
    public nonisolated func createNamespace(prefix: String, waitForServiceAccount: Bool = false) async throws -> String {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let name = "\(prefix)-\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
        let result = try await kubectl("create", "namespace", name)
        guard result.succeeded else {
            throw ControlPlaneError("kubectl create namespace \(name) failed: \(result)")
        }
        if waitForServiceAccount {
            try await waitForDefaultServiceAccount(namespace: name)
        }
        return name
    }

    /// Starts deleting a namespace (the namespace controller finishes it); does not wait.
    public nonisolated func deleteNamespace(_ name: String) async throws {
        let result = try await kubectl("delete", "namespace", name, "--wait=false", "--ignore-not-found")
        guard result.succeeded else {
            throw ControlPlaneError("kubectl delete namespace \(name) failed: \(result)")
        }
    }

    /// Waits until the `default` ServiceAccount of `namespace` exists and references its token Secret.
    public nonisolated func waitForDefaultServiceAccount(namespace: String, timeout: Duration = .seconds(30))
        async throws
    {
        try await waitUntil("ServiceAccount \(namespace)/default with a token", timeout: timeout) {
            try await hasDefaultServiceAccount(namespace: namespace)
        }
    }

    /// Whether the `default` ServiceAccount of `namespace` exists and lists a token Secret
    /// (the 1.20 ServiceAccount admission plugin rejects pods until it does).
    public nonisolated func hasDefaultServiceAccount(namespace: String) async throws -> Bool {
        let response = try await request("/api/v1/namespaces/\(namespace)/serviceaccounts/default")
        guard response.status == 200, let secrets = response.json?["secrets"] as? [Any] else { return false }
        return !secrets.isEmpty
    }
}
