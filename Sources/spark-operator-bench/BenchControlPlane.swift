import Foundation
import KubeTesting
import Logging

/// What every benchmark does around its measurement: quiet logging, a private control plane
/// started for the run and stopped afterwards, whatever happens.
enum BenchControlPlane {
    static func run(logLevel: Logger.Level, _ measure: (ControlPlane) async throws -> Void) async throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = logLevel
            return h
        }
        print("starting a control plane…")
        let cp = try await ControlPlane.start()
        do {
            try await measure(cp)
        } catch {
            await cp.stop()
            throw error
        }
        await cp.stop()
    }

    /// The repository's root (for `crds/`).
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
}
