import ArgumentParser

/// kubectl's connection flags, accepted before or after the command name.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster).")
    public var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: its current-context).")
    public var context: String?

    @Option(name: .shortAndLong, help: "The namespace (default: the context's namespace, else \"default\").")
    public var namespace: String?

    public init() {}

    /// Flags that take a value, as they may be written before the command name.
    static let valued: Set<String> = ["--kubeconfig", "--context", "-n", "--namespace"]

    /// Moves global flags written before the command name (`sparkctl -n ns list`) after it,
    /// where the command's parser finds them.
    public static func hoisted(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if valued.contains(a) {
                leading.append(a)
                if i + 1 < arguments.count { leading.append(arguments[i + 1]) }
                i += 2
            } else if let eq = a.firstIndex(of: "="), valued.contains(String(a[..<eq])) {
                leading.append(a)
                i += 1
            } else if a.hasPrefix("-n"), a.count > 2, !a.hasPrefix("--") {
                leading.append(a)  // -nNAMESPACE
                i += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty, i < arguments.count else { return arguments }
        return [arguments[i]] + leading + arguments[(i + 1)...]
    }
}
