import Foundation
import Kube

/// What a command runs with: a client, the namespace, where to write, the environment, the time.
public struct CtlContext: Sendable {
    public var client: KubeClient
    /// `-n`, else the kubeconfig context's namespace, else `default`.
    public var namespace: String
    /// Whether `-n/--namespace` was given (it then overrides the namespace of a file's objects).
    public var namespaceFromFlag: Bool
    public var io: CtlIO
    public var environment: [String: String]
    public var now: @Sendable () -> Date

    public init(
        client: KubeClient, namespace: String, namespaceFromFlag: Bool, io: CtlIO, environment: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.namespace = namespace
        self.namespaceFromFlag = namespaceFromFlag
        self.io = io
        self.environment = environment
        self.now = now
    }

    func out(_ s: String) { io.out(s) }
    func err(_ s: String) { io.err(s) }
}

/// A sparkctl command: parsed by ArgumentParser, run with a context.
protocol CtlCommand: Sendable {
    var global: GlobalOptions { get }
    func run(_ context: CtlContext) async throws
}
