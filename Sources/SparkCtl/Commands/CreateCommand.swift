import ArgumentParser
import Foundation
import Kube
import SparkOperator
import SparkOperatorAPI

/// `sparkctl create -f FILE` and `sparkctl create NAME --from scheduledsparkapplication/SCHEDULE`.
struct CreateCommand: ParsableCommand, CtlCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create SparkApplications from a YAML file, or one run of a ScheduledSparkApplication.",
        discussion: """
            -f FILE creates every SparkApplication document of FILE (- reads standard input); -n overrides \
            the documents' namespaces. NAME --from scheduledsparkapplication/SCHEDULE creates a \
            SparkApplication NAME from the schedule's template as the operator does for a scheduled run: \
            the schedule's labels plus sparkoperator.k8s.io/scheduled-app-name, owned by the schedule.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: [.short, .customLong("filename")], help: "A YAML file of SparkApplications, or - for standard input.")
    var filename: String?

    @Option(help: "scheduledsparkapplication/NAME (or just NAME): create a run of this schedule.")
    var from: String?

    @Argument(help: "The name of the SparkApplication to create (with --from).")
    var name: String?

    func validate() throws {
        switch (filename, from, name) {
        case (.some, nil, nil), (nil, .some, .some): return
        case (.some, _, _): throw ValidationError("-f creates the applications of a file; give no NAME or --from with it")
        case (nil, .some, nil): throw ValidationError("--from needs the NAME of the SparkApplication to create")
        case (nil, nil, .some): throw ValidationError("NAME needs --from scheduledsparkapplication/SCHEDULE (or use -f FILE)")
        case (nil, nil, nil): throw ValidationError("give -f FILE, or NAME --from scheduledsparkapplication/SCHEDULE")
        }
    }

    func run(_ context: CtlContext) async throws {
        if let filename {
            try await createFromFile(filename, context)
        } else if let from, let name {
            try await createFromSchedule(name: name, from: from, context)
        }
    }

    static let resource = "sparkapplication.sparkoperator.k8s.io"

    // MARK: - From a file

    func createFromFile(_ filename: String, _ context: CtlContext) async throws {
        let text: String
        if filename == "-" {
            text = String(decoding: context.io.readInput(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: filename) else {
                throw CtlError("cannot read \(filename): no such file, or not readable")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let source = filename == "-" ? "standard input" : filename
        let objects = try Self.applications(
            fromYAML: text, source: source, namespace: context.namespace, overrideNamespace: context.namespaceFromFlag)
        var failures: [String] = []
        for object in objects {
            do {
                let created = try await context.client.create(SparkApplication.resourceType, object)
                context.out("\(Self.resource)/\(created["metadata"]?["name"]?.stringValue ?? "") created\n")
            } catch {
                failures.append(CtlError.line(for: error))
            }
        }
        if !failures.isEmpty { throw PartialFailure(lines: failures) }
    }

    /// The SparkApplication documents of a YAML text, checked (kind, apiVersion, a name, the
    /// fields' types) before anything is created, each with its namespace set: the flag's when
    /// `overrideNamespace`, else the document's, else `namespace`. Sent as written (not
    /// re-encoded), so the API server sees exactly the user's fields.
    static func applications(
        fromYAML text: String, source: String, namespace: String, overrideNamespace: Bool
    ) throws -> [JSONValue] {
        let documents: [JSONValue]
        do {
            documents = try YAML.documents(text)
        } catch {
            throw CtlError("\(source): \(error)")
        }
        guard !documents.isEmpty else { throw CtlError("\(source): no objects to create") }
        let type = SparkApplication.resourceType
        return try documents.enumerated().map { index, document in
            let which = documents.count == 1 ? source : "\(source) (document \(index + 1))"
            guard case .object = document else { throw CtlError("\(which): not an object") }
            let kind = document["kind"]?.stringValue ?? ""
            let apiVersion = document["apiVersion"]?.stringValue ?? ""
            guard kind == type.kind, apiVersion == type.apiVersion else {
                let what = kind.isEmpty ? "an object without a kind" : "a \(kind) (\(apiVersion))"
                throw CtlError("\(which): \(what); sparkctl creates only \(type.kind)s (\(type.apiVersion))")
            }
            let app: SparkApplication
            do {
                app = try document.decode(as: SparkApplication.self)
            } catch {
                throw CtlError("\(which): not a valid \(type.kind): \(describe(error))")
            }
            guard !app.name.isEmpty || !(app.metadata.generateName ?? "").isEmpty else {
                throw CtlError("\(which): metadata.name is required")
            }
            var object = document
            if overrideNamespace || (app.metadata.namespace ?? "").isEmpty {
                var metadata = object["metadata"] ?? .object([:])
                metadata["namespace"] = .string(namespace)
                object["metadata"] = metadata
            }
            return object
        }
    }

    /// Where and why a document does not decode.
    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ p: [any CodingKey]) -> String {
            p.isEmpty ? "the document" : p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .drop(while: { $0 == "." }).description
        }
        switch e {
        case .typeMismatch(let t, let c): return "\(path(c.codingPath)): expected \(t)"
        case .valueNotFound(let t, let c): return "\(path(c.codingPath)): missing \(t)"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath + [k])) is required"
        case .dataCorrupted(let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }

    // MARK: - From a ScheduledSparkApplication

    func createFromSchedule(name: String, from: String, _ context: CtlContext) async throws {
        let scheduleName = try Self.scheduleName(from: from)
        let schedule = try await context.client.get(
            ScheduledSparkApplication.self, name: scheduleName, namespace: context.namespace)
        let run = ScheduledRun.application(for: schedule, named: name)
        let created = try await context.client.create(run, namespace: context.namespace)
        context.out("\(Self.resource)/\(created.name) created\n")
    }

    /// The schedule's name of `--from`: `scheduledsparkapplication/NAME` (any of kubectl's
    /// spellings of the kind), or a bare NAME.
    static func scheduleName(from: String) throws -> String {
        guard let slash = from.firstIndex(of: "/") else {
            guard !from.isEmpty else { throw CtlError("--from: empty name") }
            return from
        }
        let kind = from[..<slash].lowercased()
        let name = String(from[from.index(after: slash)...])
        let kinds: Set<String> = [
            "scheduledsparkapplication", "scheduledsparkapplications", "scheduledsparkapp",
            "scheduledsparkapplication.sparkoperator.k8s.io", "scheduledsparkapplications.sparkoperator.k8s.io",
        ]
        guard kinds.contains(kind) else {
            throw CtlError("--from \(from): only a scheduledsparkapplication can be the template of a SparkApplication")
        }
        guard !name.isEmpty, !name.contains("/") else { throw CtlError("--from \(from): expected scheduledsparkapplication/NAME") }
        return name
    }
}
