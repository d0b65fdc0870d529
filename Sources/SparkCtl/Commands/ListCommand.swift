import ArgumentParser
import Kube
import SparkOperatorAPI

/// `sparkctl list`: the applications of the namespace, as `kubectl get sparkapplications`.
struct ListCommand: ParsableCommand, CtlCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List SparkApplications: NAME, STATUS, ATTEMPTS, START, FINISH, AGE.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List the applications of every namespace.")
    var allNamespaces = false

    @Option(name: [.short, .customLong("selector")], help: "A label selector, e.g. app=etl,tier!=dev.")
    var selector: String?

    func run(_ context: CtlContext) async throws {
        let apps = try await context.client.listAll(
            SparkApplication.self, namespace: allNamespaces ? nil : context.namespace,
            options: ListOptions(labelSelector: selector))
        guard !apps.items.isEmpty else {
            context.err(allNamespaces ? "No resources found\n" : "No resources found in \(context.namespace) namespace.\n")
            return
        }
        context.out(ApplicationList.render(apps.items, now: context.now(), withNamespace: allNamespaces))
    }
}
