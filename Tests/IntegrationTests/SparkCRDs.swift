import Foundation
import KubeTesting

/// The two CRDs of `crds/`, installed once into the shared control plane for the tests that need them.
enum SparkCRDs {
    static let names = [
        "sparkapplications.sparkoperator.k8s.io",
        "scheduledsparkapplications.sparkoperator.k8s.io",
    ]
    static let apiPath = "/apis/sparkoperator.k8s.io/v1beta2"

    private static let installation = LockedValue<Task<Void, any Error>?>(nil)

    /// `ControlPlane.installCRDs(from: crds/)` (apply, wait for Established, restart the garbage
    /// collector so it watches the new kinds at once), once per test process.
    static func install(on plane: ControlPlane) async throws {
        let task = installation.withLock { task in
            if let task { return task }
            let started = Task {
                let installed = try await plane.installCRDs(from: TestPaths.crdsDirectory.path)
                guard Set(installed) == Set(names) else { throw TestFailure("crds/ installed \(installed)") }
            }
            task = started
            return started
        }
        try await task.value
    }

    /// Applies `crds/` and waits for the Established condition; returns the `kubectl apply` result.
    @discardableResult
    static func apply(on plane: ControlPlane) async throws -> CommandResult {
        let applied = try await plane.kubectl("apply", "-f", TestPaths.crdsDirectory.path)
        guard applied.succeeded else { throw TestFailure("kubectl apply -f crds/ failed: \(applied)") }
        let established = try await plane.kubectl(
            ["wait", "--for=condition=Established", "--timeout=60s"] + names.map { "crd/\($0)" })
        guard established.succeeded else { throw TestFailure("CRDs not Established: \(established)") }
        return applied
    }
}
