import ArgumentParser
import SparkOperatorAPI

/// `sparkctl status NAME`.
struct StatusCommand: ParsableCommand, CtlCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show an application's state, error, attempts, driver pod and UI, executors and termination time.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The SparkApplication.") var name: String

    func run(_ context: CtlContext) async throws {
        let app = try await context.client.get(SparkApplication.self, name: name, namespace: context.namespace)
        context.out(StatusReport.render(app, now: context.now()))
    }
}
