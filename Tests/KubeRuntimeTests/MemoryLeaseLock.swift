import Kube
import KubeRuntime
import SparkOperatorAPI
import Synchronization

/// An in-memory Lease with the API server's create and resourceVersion semantics, and a switch
/// that makes every call fail as an unreachable server would.
final class MemoryLeaseLock: LeaseLock {
    private struct State {
        var lease: Lease?
        var version = 0
        var outage = false
        var writes = 0
    }

    private let state = Mutex(State())

    var description: String { "memory/lock" }

    var lease: Lease? { state.withLock { $0.lease } }
    var holder: String? { lease?.spec?.holderIdentity }
    var writes: Int { state.withLock { $0.writes } }

    /// While true, every call fails with 503.
    func setOutage(_ on: Bool) { state.withLock { $0.outage = on } }

    /// Writes `spec` as another client would (no precondition).
    func overwrite(_ spec: LeaseSpec) {
        state.withLock { s in
            s.version += 1
            var meta = s.lease?.metadata ?? ObjectMeta(name: "lock", namespace: "memory")
            meta.resourceVersion = "\(s.version)"
            s.lease = Lease(metadata: meta, spec: spec)
        }
    }

    func get() async throws -> Lease? {
        try call { s in s.lease }
    }

    func create(_ spec: LeaseSpec) async throws -> Lease {
        try call { s in
            if s.lease != nil {
                throw KubeAPIError(code: 409, reason: .alreadyExists, message: "leases \"lock\" already exists")
            }
            s.version += 1
            s.writes += 1
            var meta = ObjectMeta(name: "lock", namespace: "memory")
            meta.resourceVersion = "\(s.version)"
            s.lease = Lease(metadata: meta, spec: spec)
            return s.lease!
        }
    }

    func update(_ lease: Lease) async throws -> Lease {
        try call { s in
            guard let current = s.lease else {
                throw KubeAPIError(code: 404, reason: .notFound, message: "leases \"lock\" not found")
            }
            if let rv = lease.metadata.resourceVersion, rv != current.metadata.resourceVersion {
                throw KubeAPIError(code: 409, reason: .conflict, message: "the object has been modified")
            }
            s.version += 1
            s.writes += 1
            var updated = lease
            updated.metadata.resourceVersion = "\(s.version)"
            s.lease = updated
            return updated
        }
    }

    private func call<T>(_ body: (inout State) throws -> T) throws -> T {
        try state.withLock { s in
            if s.outage { throw KubeAPIError(code: 503, reason: .serviceUnavailable, message: "unreachable") }
            return try body(&s)
        }
    }
}
