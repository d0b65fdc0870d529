import Foundation
import KubeTesting
import Logging

/// Catches RBAC denials of the operator's identity in what the operator logs. Most denials fail a
/// test by themselves (a watch that cannot list, a status that is not written), but some calls
/// are best effort (cleaning up earlier attempts' objects, recording events) and only log: this
/// makes those fail the test too (`OperatorHarness.run` throws when any was logged).
final class AuthorizationDenials: Sendable {
    private let denials = LockedValue<[String]>([])

    var all: [String] { denials.withLock { $0 } }

    /// A logger that forwards errors to stderr and records every message (info and above) whose
    /// text or metadata says the API server refused the operator's identity.
    func logger(label: String) -> Logger {
        var logger = Logger(label: label) { label in Handler(label: label, denials: self) }
        logger.logLevel = .info
        return logger
    }

    fileprivate func check(_ text: String) {
        // The API server's RBAC message: `User "system:serviceaccount:…" cannot list resource "configmaps" …`.
        guard text.contains(OperatorIdentity.user), text.contains("cannot ") else { return }
        denials.withLock { $0.append(text) }
    }

    private struct Handler: LogHandler {
        let label: String
        let denials: AuthorizationDenials
        var stderr: StreamLogHandler
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        init(label: String, denials: AuthorizationDenials) {
            self.label = label
            self.denials = denials
            stderr = StreamLogHandler.standardError(label: label)
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            denials.check("\(event.message) \(merged)")
            if event.level >= .error { stderr.log(event: event) }
        }
    }
}
