import Foundation

extension KubeConfig {
    /// Finds the configuration with client-go's precedence:
    /// an explicit `--kubeconfig` path > `KUBECONFIG` (a `:`-separated list, merged) >
    /// `~/.kube/config` if it exists > in-cluster.
    ///
    /// - Parameters:
    ///   - explicitPath: a `--kubeconfig` flag; it must exist.
    ///   - context: a `--context` flag; else the files' `current-context`.
    ///   - environment, homeDirectory, serviceAccountDirectory: injectable for tests.
    public static func resolve(
        explicitPath: String? = nil,
        context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String? = nil,
        serviceAccountDirectory: String = KubeConfig.serviceAccountDirectory
    ) throws -> KubeConfig {
        if let explicitPath, !explicitPath.isEmpty {
            return try load(path: explicitPath, context: context)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
            if !paths.isEmpty {
                return try load(paths: paths, context: context)
            }
        }
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        let defaultPath = (home as NSString).appendingPathComponent(".kube/config")
        if FileManager.default.fileExists(atPath: defaultPath) {
            return try load(path: defaultPath, context: context)
        }
        return try inCluster(directory: serviceAccountDirectory, environment: environment)
    }
}
