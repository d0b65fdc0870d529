import ArgumentParser
import SparkOperatorAPI

/// `sparkctl delete NAME...`: its driver, executors, services and ConfigMaps go with it
/// (they are owned by the application).
struct DeleteCommand: ParsableCommand, CtlCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete SparkApplications (and, through ownership, their pods and services).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The SparkApplications.") var names: [String]

    func validate() throws {
        if names.isEmpty { throw ValidationError("give the NAME of the SparkApplication to delete") }
    }

    func run(_ context: CtlContext) async throws {
        var failures: [String] = []
        for name in names {
            do {
                try await context.client.delete(SparkApplication.self, name: name, namespace: context.namespace)
                context.out("\(CreateCommand.resource) \"\(name)\" deleted\n")
            } catch {
                failures.append(CtlError.line(for: error))
            }
        }
        if !failures.isEmpty { throw PartialFailure(lines: failures) }
    }
}
