/// A configuration problem, naming the file and the key at fault, e.g.
/// `kubeconfig /home/me/.kube/config: users["admin"].user.client-key-data: not valid base64`.
public struct KubeConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kubeconfig (or service-account) file at fault, if any.
    public var file: String?
    /// The key path inside that file, e.g. `clusters["prod"].cluster.server`.
    public var key: String?
    public var message: String

    public init(file: String? = nil, key: String? = nil, _ message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        var s = "kubeconfig"
        if let file { s += " \(file)" }
        if let key { s += ": \(key)" }
        return s + ": " + message
    }
}
