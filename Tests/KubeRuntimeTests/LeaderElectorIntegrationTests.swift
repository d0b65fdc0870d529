import Foundation
import Kube
import KubeRuntime
import KubeTesting
import Logging
import ServiceLifecycle
import SparkOperatorAPI
import Synchronization
import Testing

/// Two candidates on one real Lease, with timings short enough for a test yet long enough that a
/// fully loaded 2-core machine (the whole suite runs in parallel) never misses a renewal:
/// client-go's lease 15 s and a renew deadline of 12 s, retry 1 s. Bounds on takeover times have slack for
/// scheduling delays of a few seconds; what they pin down is the ordering (a released lease is
/// taken long before it would expire; an abandoned one only once it has expired).
@Suite("LeaderElector on the real API server")
struct LeaderElectorIntegrationTests {
    static let leaseDuration = Duration.seconds(15)
    static let renewDeadline = Duration.seconds(12)
    /// Scheduling delay a loaded machine may add to any step.
    static let slack = Duration.seconds(3)
    static let retryPeriod = Duration.seconds(1)
    static let jitter = 0.2

    func configuration(_ ns: String, _ identity: String, releaseOnCancel: Bool = true) -> LeaderElectionConfiguration {
        LeaderElectionConfiguration(
            leaseNamespace: ns, leaseName: "spark-operator-lock", identity: identity,
            leaseDuration: Self.leaseDuration, renewDeadline: Self.renewDeadline, retryPeriod: Self.retryPeriod,
            retryJitter: Self.jitter, releaseOnCancel: releaseOnCancel)
    }

    func elector(_ client: KubeClient, _ ns: String, _ identity: String, releaseOnCancel: Bool = true)
        -> LeaderElector<ContinuousClock>
    {
        var logger = Logger(label: "leader-election")
        logger.logLevel = .notice
        return LeaderElector(
            client: client, configuration: configuration(ns, identity, releaseOnCancel: releaseOnCancel),
            logger: logger)
    }

    @Test("two candidates: exactly one leads at every sampled instant for 10 s, and it stays the same one")
    func exactlyOneLeader() async throws {
        let cp = try await ControlPlane.shared()
        let ns = try await cp.createNamespace(prefix: "lease-one")
        try await withClients(cp, 2) { clients in
            let a = elector(clients[0], ns, "a")
            let b = elector(clients[1], ns, "b")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await a.run() }
                group.addTask { try await b.run() }
                try await waitUntil("a leader", timeout: .seconds(10), interval: .milliseconds(10)) {
                    a.isLeader || b.isLeader
                }
                let first = a.isLeader ? "a" : "b"
                var samples = 0
                var both = 0
                var none = 0
                var leaders: Set<String> = []
                let end = ContinuousClock.now + .seconds(10)
                while ContinuousClock.now < end {
                    let (la, lb) = (a.isLeader, b.isLeader)
                    samples += 1
                    if la && lb { both += 1 }
                    if !la && !lb { none += 1 }
                    if la { leaders.insert("a") }
                    if lb { leaders.insert("b") }
                    try await Task.sleep(for: .milliseconds(5))
                }
                // Sampled all along (every 5 ms when the machine is idle; far fewer under load).
                #expect(samples > 50)
                #expect(both == 0, "both led at \(both) of \(samples) samples")
                #expect(none == 0, "nobody led at \(none) of \(samples) samples")
                #expect(leaders == [first], "leadership moved although the leader kept renewing")
                let lease = try await clients[0].get(Lease.self, name: "spark-operator-lock", namespace: ns)
                #expect(lease.spec?.holderIdentity == first)
                #expect(lease.spec?.leaseTransitions == 0)
                #expect(lease.spec?.leaseDurationSeconds == 15)
                group.cancelAll()
                try await group.waitForAll()
            }
        }
        try await cp.deleteNamespace(ns)
    }

    @Test("a gracefully stopped leader releases the lease; the other takes over within about one retry period")
    func gracefulStopReleases() async throws {
        let cp = try await ControlPlane.shared()
        let ns = try await cp.createNamespace(prefix: "lease-release")
        try await withClients(cp, 2) { clients in
            let a = elector(clients[0], ns, "a")
            let b = elector(clients[1], ns, "b")
            let serviceGroup = ServiceGroup(
                configuration: ServiceGroupConfiguration(services: [a], logger: Logger(label: "a")))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serviceGroup.run() }
                try await waitUntil("a leads", timeout: .seconds(10), interval: .milliseconds(10)) { a.isLeader }
                group.addTask { try await b.run() }
                try await Task.sleep(for: .seconds(2))  // b is waiting on a valid lease
                #expect(!b.isLeader)

                let stopped = ContinuousClock.now
                await serviceGroup.triggerGracefulShutdown()
                try await waitUntil("b leads", timeout: .seconds(10), interval: .milliseconds(5)) { b.isLeader }
                let takeover = stopped.duration(to: .now)
                print("graceful stop → takeover: \(takeover)")
                // b's next attempt comes within retryPeriod × (1 + jitter) plus API round trips —
                // on a loaded machine seconds — but always well before the lease would expire.
                #expect(takeover < Self.leaseDuration - .seconds(1), "took \(takeover)")
                #expect(!a.isLeader)
                let lease = try await clients[1].get(Lease.self, name: "spark-operator-lock", namespace: ns)
                #expect(lease.spec?.holderIdentity == "b")
                #expect(lease.spec?.leaseTransitions == 1)
                group.cancelAll()
                try await group.waitForAll()
            }
            // b was cancelled with releaseOnCancel: the lease is free.
            let lease = try await clients[1].get(Lease.self, name: "spark-operator-lock", namespace: ns)
            #expect(lease.spec?.holderIdentity == "")
            #expect(lease.spec?.leaseDurationSeconds == 1)
        }
        try await cp.deleteNamespace(ns)
    }

    @Test("a leader that dies without releasing is replaced within lease duration + retry period")
    func killedLeaderExpires() async throws {
        let cp = try await ControlPlane.shared()
        let ns = try await cp.createNamespace(prefix: "lease-kill")
        try await withClients(cp, 2) { clients in
            let a = elector(clients[0], ns, "a", releaseOnCancel: false)
            let b = elector(clients[1], ns, "b")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await a.waitUntilLeader()  // b becomes a candidate once a leads
                    try await b.run()
                }
                try await withThrowingTaskGroup(of: Void.self) { aGroup in
                    aGroup.addTask { try await a.run() }
                    try await waitUntil("a leads", timeout: .seconds(10), interval: .milliseconds(10)) { a.isLeader }
                    try await Task.sleep(for: .seconds(1))
                    #expect(!b.isLeader)
                    aGroup.cancelAll()  // "kill": no release
                }
                let killed = ContinuousClock.now
                let abandoned = try await clients[1].get(Lease.self, name: "spark-operator-lock", namespace: ns)
                #expect(abandoned.spec?.holderIdentity == "a")
                let lastRenewal = try #require(abandoned.spec?.renewTime?.date)
                try await waitUntil("b leads", timeout: .seconds(40), interval: .milliseconds(5)) { b.isLeader }
                let takeover = killed.duration(to: .now)
                print("killed leader → takeover: \(takeover)")
                // Not before the lease expired: b acquired it at least a lease duration after a's
                // last renewal (b judges expiry from when it saw that renewal, which is later) …
                let taken = try await clients[1].get(Lease.self, name: "spark-operator-lock", namespace: ns)
                let acquired = try #require(taken.spec?.acquireTime?.date)
                #expect(acquired.timeIntervalSince(lastRenewal) >= Self.leaseDuration.seconds - 0.01,
                        "took over \(acquired.timeIntervalSince(lastRenewal)) s after the last renewal")
                // … and at the latest lease duration + b's retry period (+ a renewal seen just after the kill).
                #expect(
                    takeover < Self.leaseDuration + Self.retryPeriod * (2 * (1 + Self.jitter)) + Self.slack,
                    "took \(takeover)")
                group.cancelAll()
                try await group.waitForAll()
            }
        }
        try await cp.deleteNamespace(ns)
    }

    @Test("leader-only work is cancelled when another holder takes the lease, and runWhileLeader throws .lost")
    func workCancelledWhenLeaseTaken() async throws {
        let cp = try await ControlPlane.shared()
        let ns = try await cp.createNamespace(prefix: "lease-lost")
        try await withClients(cp, 1) { clients in
            let client = clients[0]
            let a = elector(client, ns, "a")
            let work = WorkProbe()
            let outcome = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do { try await a.runWhileLeader { await work.run() } } catch { return error }
                    return nil
                }
                try await waitUntil("a leads and works", timeout: .seconds(10), interval: .milliseconds(10)) {
                    a.isLeader && work.started
                }
                // Another client overwrites the holder (retrying if a renews in between).
                while true {
                    var lease = try await client.get(Lease.self, name: "spark-operator-lock", namespace: ns)
                    lease.spec?.holderIdentity = "intruder"
                    lease.spec?.renewTime = MicroTime.now
                    do {
                        _ = try await client.update(lease)
                        break
                    } catch let e as KubeAPIError where e.isConflict {
                        continue
                    }
                }
                let taken = ContinuousClock.now
                try await waitUntil("a notices", timeout: .seconds(5), interval: .milliseconds(5)) { !a.isLeader }
                let noticed = taken.duration(to: .now)
                print("lease taken → leadership lost: \(noticed)")
                // At its next renewal (a retry period, jittered), not when the lease would have
                // expired (15 s); the slack is for a loaded machine (1.52 s was seen under load).
                #expect(noticed < Self.retryPeriod * (1 + Self.jitter) + Self.slack, "took \(noticed)")
                #expect(noticed < Self.leaseDuration / 2, "took \(noticed)")
                return try await group.next() ?? nil
            }
            #expect(outcome as? LeaderElectionError == .lost)
            #expect(work.cancelled, "leader-only work was cancelled")
            let lease = try await client.get(Lease.self, name: "spark-operator-lock", namespace: ns)
            #expect(lease.spec?.holderIdentity == "intruder", "the loser must not touch the new holder's lease")
        }
        try await cp.deleteNamespace(ns)
    }
}

/// Runs `body` with `n` clients of the control plane's admin, shutting them down afterwards.
func withClients<T>(
    _ cp: ControlPlane, _ n: Int, _ body: ([KubeClient]) async throws -> T
) async throws -> T {
    var clients: [KubeClient] = []
    do {
        for _ in 0..<n { clients.append(try KubeClient(kubeconfig: cp.kubeconfigPath)) }
        let result = try await body(clients)
        for c in clients { try await c.shutdown() }
        return result
    } catch {
        for c in clients { try? await c.shutdown() }
        throw error
    }
}
