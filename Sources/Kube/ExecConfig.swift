/// `users[].user.exec` of a kubeconfig: a credential plugin (`aws eks get-token`,
/// `gke-gcloud-auth-plugin`, `kubelogin`, …).
public struct ExecConfig: Sendable, Hashable {
    public struct EnvVar: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`.
    public var apiVersion: String
    /// The command; a relative path containing `/` was resolved against the kubeconfig's directory,
    /// a bare name is looked up in `PATH`.
    public var command: String
    public var args: [String]
    public var env: [EnvVar]
    public var installHint: String?
    public var provideClusterInfo: Bool
    /// Where it was configured, for error messages: `kubeconfig <file>: users["u"].user.exec`.
    public var origin: String

    public static let supportedAPIVersions = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]

    public init(
        apiVersion: String, command: String, args: [String] = [], env: [EnvVar] = [],
        installHint: String? = nil, provideClusterInfo: Bool = false, origin: String = "exec plugin"
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.origin = origin
    }
}
