import Kube
import SparkOperatorAPI

/// The three Lease calls a `LeaderElector` makes. The production lock is `KubeLeaseLock`;
/// unit tests use an in-memory one.
package protocol LeaseLock: Sendable, CustomStringConvertible {
    /// The Lease, or nil when it does not exist.
    func get() async throws -> Lease?
    /// Fails with `KubeAPIError.isAlreadyExists` if another candidate created it first.
    func create(_ spec: LeaseSpec) async throws -> Lease
    /// Writes `lease` with its `metadata.resourceVersion` as precondition; fails with
    /// `KubeAPIError.isConflict` if the Lease changed since it was read.
    func update(_ lease: Lease) async throws -> Lease
}

/// A `coordination.k8s.io/v1` Lease on the API server.
package struct KubeLeaseLock: LeaseLock {
    let client: KubeClient
    let namespace: String
    let name: String

    package init(client: KubeClient, namespace: String, name: String) {
        self.client = client
        self.namespace = namespace
        self.name = name
    }

    package var description: String { "\(namespace)/\(name)" }

    package func get() async throws -> Lease? {
        do {
            return try await client.get(Lease.self, name: name, namespace: namespace)
        } catch let error as KubeAPIError where error.isNotFound {
            return nil
        }
    }

    package func create(_ spec: LeaseSpec) async throws -> Lease {
        try await client.create(Lease(metadata: ObjectMeta(name: name, namespace: namespace), spec: spec))
    }

    package func update(_ lease: Lease) async throws -> Lease {
        try await client.update(lease, namespace: namespace)
    }
}
