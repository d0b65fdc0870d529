import Foundation

/// Where the control-plane programs are: etcd from Debian's `etcd-server`, and kube-apiserver,
/// kube-controller-manager and kubectl v1.20.2 built by `hack/install-control-plane.sh` into
/// `$SPARK_OPERATOR_CACHE/bin` (default `~/.cache/spark-operator/bin`).
public struct ControlPlaneBinaries: Sendable {
    public var etcd: String
    public var kubeAPIServer: String
    public var kubeControllerManager: String
    public var kubectl: String
    public var openssl: String
    public var curl: String
    public var bash: String

    /// Where the installers cache what they install: `$SPARK_OPERATOR_CACHE` or `~/.cache/spark-operator`.
    public static var cacheDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let cache = env["SPARK_OPERATOR_CACHE"], !cache.isEmpty { return cache }
        return "\(env["HOME"] ?? NSHomeDirectory())/.cache/spark-operator"
    }

    /// The cache's `bin` directory: `$SPARK_OPERATOR_CACHE/bin` or `~/.cache/spark-operator/bin`.
    public static var cacheBinDirectory: String { "\(cacheDirectory)/bin" }

    /// Finds every program, or fails naming what is missing and how to install it.
    /// - Parameter bin: where kube-apiserver, kube-controller-manager and kubectl are.
    public static func locate(in bin: String = cacheBinDirectory) throws -> ControlPlaneBinaries {
        let install = "run `make control-plane` (hack/install-control-plane.sh) to install the control plane"
        func cached(_ name: String) throws -> String {
            let path = "\(bin)/\(name)"
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw ControlPlaneError("\(name) not found at \(path): \(install)")
            }
            return path
        }
        func system(_ name: String, package: String) throws -> String {
            guard let path = Command.which(name) else {
                throw ControlPlaneError("\(name) not found on PATH (Debian package \(package)): \(install)")
            }
            return path
        }
        let etcd = FileManager.default.isExecutableFile(atPath: "/usr/bin/etcd") ? "/usr/bin/etcd" : nil
        return ControlPlaneBinaries(
            etcd: try etcd ?? system("etcd", package: "etcd-server"),
            kubeAPIServer: try cached("kube-apiserver"),
            kubeControllerManager: try cached("kube-controller-manager"),
            kubectl: try cached("kubectl"),
            openssl: try system("openssl", package: "openssl"),
            curl: try system("curl", package: "curl"),
            bash: try system("bash", package: "bash"))
    }
}
