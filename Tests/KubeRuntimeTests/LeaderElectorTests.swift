import Foundation
import Kube
import KubeRuntime
import SparkOperatorAPI
import Synchronization
import Testing

/// The election loop on an in-memory Lease and a `ManualClock`: no sleeping, no API server.
@Suite("LeaderElector")
struct LeaderElectorTests {
    let clock = ManualClock()
    let lock = MemoryLeaseLock()

    func elector(_ identity: String, releaseOnCancel: Bool = true) -> LeaderElector<ManualClock> {
        let clock = clock
        return LeaderElector(
            lock: lock,
            configuration: LeaderElectionConfiguration(
                leaseNamespace: "memory", leaseName: "lock", identity: identity, leaseDuration: .seconds(3),
                renewDeadline: .seconds(2), retryPeriod: .milliseconds(500), retryJitter: 0,
                releaseOnCancel: releaseOnCancel),
            clock: clock,
            now: { wallClock(clock) })
    }

    /// Lets the electors run until they all sleep on the clock, then moves it by `step`; repeats
    /// until `condition` holds (true) or `limit` of clock time has passed (false).
    func advance(
        sleepers: Int = 1, step: Duration = .milliseconds(100), limit: Duration = .seconds(60),
        until condition: () -> Bool
    ) async -> Bool {
        let end = clock.now.offset + limit
        while !condition() {
            guard clock.now.offset < end else { return false }
            for _ in 0..<100_000 where clock.sleeperCount < sleepers { await Task.yield() }
            clock.advance(by: step)
            for _ in 0..<20 { await Task.yield() }
        }
        return true
    }

    @Test func acquiresAMissingLeaseRenewsEveryRetryPeriodAndReleasesOnCancel() async throws {
        let a = elector("a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            #expect(await advance(until: { a.isLeader }))
            #expect(lock.holder == "a")
            #expect(lock.lease?.spec?.leaseTransitions == 0)
            #expect(lock.lease?.spec?.leaseDurationSeconds == 3)
            let firstRenew = try #require(lock.lease?.spec?.renewTime)
            let writes = lock.writes
            #expect(await advance(until: { lock.writes >= writes + 4 }))
            // renewTime is written from the manual clock: 4 renewals, one every 0.5 s.
            let elapsed = try #require(lock.lease?.spec?.renewTime).seconds(since: firstRenew)
            #expect(elapsed >= 2 && elapsed <= 2.2, "4 renewals took \(elapsed) s")
            #expect(lock.lease?.spec?.acquireTime == firstRenew, "renewal keeps acquireTime")
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(!a.isLeader)
        #expect(lock.holder == "", "released on cancel")
        #expect(lock.lease?.spec?.leaseDurationSeconds == 1)
        #expect(lock.lease?.spec?.leaseTransitions == 0)
    }

    /// A renewal cancelled in flight can be written without its answer arriving: the release
    /// then meets a newer version of our own Lease (409), reads it again and releases that.
    @Test func releaseAfterAWriteWhoseAnswerWasLostStillReleases() async throws {
        let a = elector("a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            #expect(await advance(until: { a.isLeader }))
            let spec = try #require(lock.lease?.spec)
            lock.overwrite(spec)  // same holder, newer resourceVersion than the elector saw
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(lock.holder == "", "released despite the 409")
    }

    @Test func withoutReleaseOnCancelTheLeaseStaysHeld() async throws {
        let a = elector("a", releaseOnCancel: false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            #expect(await advance(until: { a.isLeader }))
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(!a.isLeader)
        #expect(lock.holder == "a")
    }

    @Test func waitsForAValidLeaseOfAnotherHolderToExpire() async throws {
        lock.overwrite(LeaseSpec(holderIdentity: "b", leaseDurationSeconds: 3, leaseTransitions: 5))
        let a = elector("a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            let start = clock.now
            #expect(await advance(until: { a.isLeader }))
            let waited = start.duration(to: clock.now)
            // Expired 3 s after first seen; noticed at the next 0.5 s attempt.
            #expect(waited >= .seconds(3) && waited <= .milliseconds(3600), "took over after \(waited)")
            #expect(lock.holder == "a")
            #expect(lock.lease?.spec?.leaseTransitions == 6)
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test func aRenewedLeaseOfAnotherHolderNeverExpires() async throws {
        lock.overwrite(LeaseSpec(holderIdentity: "b", leaseDurationSeconds: 3, leaseTransitions: 1))
        let a = elector("a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            var n = 0
            // b renews every second (a new renewTime each time) for 20 s: a must never lead.
            let led = await advance(limit: .seconds(20)) {
                n += 1
                if n % 10 == 0 {
                    lock.overwrite(
                        LeaseSpec(
                            holderIdentity: "b", leaseDurationSeconds: 3,
                            renewTime: MicroTime(microsecondsSince1970: Int64(n)), leaseTransitions: 1))
                }
                return a.isLeader
            }
            #expect(!led)
            #expect(a.observedHolder == "b")
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(lock.holder == "b", "a never held it, so it must not release it")
    }

    @Test func leadershipIsLostWhenRenewalsFailForTheRenewDeadline() async throws {
        let a = elector("a")
        let work = WorkProbe()
        let result = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do { try await a.runWhileLeader { await work.run() } } catch { return error }
                return nil
            }
            #expect(await advance(until: { a.isLeader && work.started }))
            lock.setOutage(true)
            let lastRenewal = try #require(lock.lease?.spec?.renewTime)
            #expect(await advance(until: { !a.isLeader }))
            let after = MicroTime(wallClock(clock)).seconds(since: lastRenewal)
            #expect(after >= 2 && after <= 2.2, "gave up \(after) s after the last renewal")
            #expect(after < 3, "must give up before others may consider the lease expired")
            return try await group.next() ?? nil
        }
        #expect(result as? LeaderElectionError == .lost)
        #expect(work.cancelled, "leader-only work is cancelled")
        #expect(lock.holder == "a", "the server was unreachable, nothing was written")
    }

    @Test func leadershipIsLostAtOnceWhenAnotherHolderTakesTheLease() async throws {
        let a = elector("a")
        let work = WorkProbe()
        let result = await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do { try await a.runWhileLeader { await work.run() } } catch { return error }
                return nil
            }
            #expect(await advance(until: { a.isLeader && work.started }))
            lock.overwrite(LeaseSpec(holderIdentity: "intruder", leaseDurationSeconds: 3, leaseTransitions: 9))
            let start = clock.now
            #expect(await advance(until: { !a.isLeader }))
            #expect(start.duration(to: clock.now) <= .milliseconds(600), "noticed at the next renewal")
            return await group.next() ?? nil
        }
        #expect(result as? LeaderElectionError == .lost)
        #expect(work.cancelled)
        #expect(lock.holder == "intruder", "the new holder's lease is not touched")
    }

    @Test func twoCandidatesNeverLeadTogetherAndTheSecondTakesOverAfterARelease() async throws {
        let a = elector("a")
        let b = elector("b")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            #expect(await advance(until: { a.isLeader }))
            group.addTask { try await b.run() }
            var both = 0
            _ = await advance(sleepers: 2, limit: .seconds(20)) {
                if a.isLeader && b.isLeader { both += 1 }
                return false
            }
            #expect(both == 0)
            #expect(a.isLeader && !b.isLeader, "a keeps renewing, b waits")
            #expect(lock.lease?.spec?.leaseTransitions == 0)
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(lock.holder == "")

        // A released lease is taken at the next attempt.
        let c = elector("c")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await c.run() }
            let start = clock.now
            #expect(await advance(until: { c.isLeader }))
            #expect(start.duration(to: clock.now) <= .milliseconds(100))
            #expect(lock.lease?.spec?.leaseTransitions == 1)
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test func workThatReturnsEndsTheElectionAndReleases() async throws {
        let a = elector("a")
        let ran = Flag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.runWhileLeader { ran.set() } }
            #expect(await advance(until: { ran.isSet && !a.isLeader }))
            try await group.waitForAll()
        }
        #expect(lock.holder == "")
    }

    @Test func workThatThrowsIsRethrownAfterRelease() async throws {
        struct Boom: Error {}
        let a = elector("a")
        await #expect(throws: Boom.self) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await a.runWhileLeader { throw Boom() } }
                _ = await advance(until: { lock.holder == "" })
                try await group.waitForAll()
            }
        }
        #expect(lock.holder == "")
    }

    @Test func leadershipChangesAreStreamedAndAwaitable() async throws {
        let a = elector("a")
        let changes = a.leadershipChanges()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            group.addTask { try await a.waitUntilLeader() }
            #expect(await advance(until: { a.isLeader }))
            try await group.next()  // waitUntilLeader returned
            group.cancelAll()
            try await group.waitForAll()
        }
        var seen: [Bool] = []
        for await leading in changes {
            seen.append(leading)
            if seen.count == 3 { break }
        }
        #expect(seen == [false, true, false])
    }

    @Test func aSecondRunAndABadConfigurationAreRefused() async throws {
        let a = elector("a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await a.run() }
            #expect(await advance(until: { a.isLeader }))
            await #expect(throws: LeaderElectionError.alreadyRunning) { try await a.run() }
            group.cancelAll()
            try await group.waitForAll()
        }
        let bad = LeaderElector(
            lock: lock, configuration: LeaderElectionConfiguration(identity: "x", renewDeadline: .seconds(20)),
            clock: clock)
        await #expect(throws: LeaderElectionError.self) { try await bad.run() }
    }
}

/// Leader-only work that runs until cancelled and says what happened to it.
final class WorkProbe: Sendable {
    private let state = Mutex((started: false, cancelled: false))
    var started: Bool { state.withLock { $0.started } }
    var cancelled: Bool { state.withLock { $0.cancelled } }

    func run() async {
        state.withLock { $0.started = true }
        let (never, continuation) = AsyncStream<Never>.makeStream()
        for await _ in never {}
        continuation.finish()
        state.withLock { $0.cancelled = Task.isCancelled }
    }
}

final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// The wall clock of these tests: the manual clock's time after a fixed epoch.
func wallClock(_ clock: ManualClock) -> Date {
    Date(timeIntervalSince1970: 1_700_000_000 + clock.now.offset.seconds)
}

extension MicroTime {
    func seconds(since other: MicroTime) -> Double {
        Double(microsecondsSince1970 - other.microsecondsSince1970) / 1e6
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
