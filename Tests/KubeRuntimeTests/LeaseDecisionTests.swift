import Kube
import KubeRuntime
import SparkOperatorAPI
import Testing

@Suite("LeaseDecision")
struct LeaseDecisionTests {
    static let me = "pod-a_1111"
    static let other = "pod-b_2222"
    static let t0 = MicroTime(microsecondsSince1970: 1_700_000_000_000_000)
    static let now = MicroTime(microsecondsSince1970: 1_700_000_100_000_000)

    func lease(holder: String?, seconds: Int32? = 15, renew: MicroTime = t0, transitions: Int32? = 3) -> Lease {
        var meta = ObjectMeta(name: "spark-operator-lock", namespace: "spark-operator")
        meta.resourceVersion = "7"
        return Lease(
            metadata: meta,
            spec: LeaseSpec(
                holderIdentity: holder, leaseDurationSeconds: seconds, acquireTime: Self.t0, renewTime: renew,
                leaseTransitions: transitions))
    }

    func decide(_ lease: Lease?, age: Duration, duration: Duration = .seconds(15)) -> LeaseDecision {
        LeaseDecision.decide(lease: lease, observedAge: age, identity: Self.me, leaseDuration: duration, now: Self.now)
    }

    @Test func aMissingLeaseIsCreatedWithUsAsHolder() {
        let expected = LeaseSpec(
            holderIdentity: Self.me, leaseDurationSeconds: 15, acquireTime: Self.now, renewTime: Self.now,
            leaseTransitions: 0)
        #expect(decide(nil, age: .zero) == .create(expected))
    }

    @Test func aValidLeaseOfAnotherHolderIsLeftAlone() {
        #expect(decide(lease(holder: Self.other), age: .seconds(4)) == .wait(holder: Self.other, expiresIn: .seconds(11)))
        #expect(decide(lease(holder: Self.other), age: .zero) == .wait(holder: Self.other, expiresIn: .seconds(15)))
        #expect(
            decide(lease(holder: Self.other), age: .milliseconds(14_999))
                == .wait(holder: Self.other, expiresIn: .milliseconds(1)))
    }

    @Test func anExpiredLeaseIsTakenOverWithOneMoreTransition() {
        let expected = LeaseSpec(
            holderIdentity: Self.me, leaseDurationSeconds: 15, acquireTime: Self.now, renewTime: Self.now,
            leaseTransitions: 4)
        #expect(decide(lease(holder: Self.other), age: .seconds(15)) == .acquire(expected))
        #expect(decide(lease(holder: Self.other), age: .seconds(600)) == .acquire(expected))
    }

    @Test func anUnheldLeaseIsTakenAtOnce() {
        for holder in ["", nil] as [String?] {
            let d = decide(lease(holder: holder), age: .zero)
            #expect(d.spec?.holderIdentity == Self.me)
            #expect(d.spec?.leaseTransitions == 4)
            if case .acquire = d {} else { Issue.record("expected acquire, got \(d)") }
        }
        var noSpec = lease(holder: nil)
        noSpec.spec = nil
        #expect(decide(noSpec, age: .zero).spec?.leaseTransitions == 1)
    }

    @Test func theRecordsDurationDecidesExpiryNotOurs() {
        // A released lease (1 s) is ours after 1 s even though we use 15 s.
        #expect(decide(lease(holder: Self.other, seconds: 1), age: .seconds(1)).spec?.holderIdentity == Self.me)
        // A holder with a 60 s lease is still valid after our 15 s.
        #expect(
            decide(lease(holder: Self.other, seconds: 60), age: .seconds(20))
                == .wait(holder: Self.other, expiresIn: .seconds(40)))
        // No duration in the record: ours applies.
        #expect(
            decide(lease(holder: Self.other, seconds: nil), age: .seconds(10))
                == .wait(holder: Self.other, expiresIn: .seconds(5)))
        #expect(
            decide(lease(holder: Self.other, seconds: 0), age: .seconds(10))
                == .wait(holder: Self.other, expiresIn: .seconds(5)))
    }

    @Test func expiryIgnoresTheRecordsTimestampsSoClockSkewDoesNotMatter() {
        // renewTime an hour in our future (their clock runs ahead), but unchanged for 15 s: expired.
        let ahead = MicroTime(microsecondsSince1970: Self.now.microsecondsSince1970 + 3_600_000_000)
        #expect(decide(lease(holder: Self.other, renew: ahead), age: .seconds(15)).spec?.holderIdentity == Self.me)
        // renewTime an hour in our past (their clock runs behind), but it just changed: valid.
        let behind = MicroTime(microsecondsSince1970: Self.now.microsecondsSince1970 - 3_600_000_000)
        #expect(
            decide(lease(holder: Self.other, renew: behind), age: .zero)
                == .wait(holder: Self.other, expiresIn: .seconds(15)))
    }

    @Test func ourOwnLeaseIsRenewedKeepingAcquireTimeAndTransitions() {
        let expected = LeaseSpec(
            holderIdentity: Self.me, leaseDurationSeconds: 15, acquireTime: Self.t0, renewTime: Self.now,
            leaseTransitions: 3)
        #expect(decide(lease(holder: Self.me), age: .seconds(1)) == .renew(expected))
        // Even when it looks expired to us (we were slow): still ours, renew, no new transition.
        #expect(decide(lease(holder: Self.me), age: .seconds(100)) == .renew(expected))
    }

    @Test func subSecondDurationsAreWrittenRoundedUp() {
        #expect(decide(nil, age: .zero, duration: .milliseconds(2500)).spec?.leaseDurationSeconds == 3)
        #expect(decide(nil, age: .zero, duration: .seconds(3)).spec?.leaseDurationSeconds == 3)
    }

    @Test func releaseClearsTheHolderAndShortensTheLease() {
        let released = LeaseDecision.released(lease(holder: Self.me).spec, now: Self.now)
        #expect(
            released
                == LeaseSpec(
                    holderIdentity: "", leaseDurationSeconds: 1, acquireTime: Self.now, renewTime: Self.now,
                    leaseTransitions: 3))
    }
}

@Suite("LeaderElectionConfiguration")
struct LeaderElectionConfigurationTests {
    @Test func defaultsAreKubeflowsAndClientGos() {
        let c = LeaderElectionConfiguration()
        #expect(c.leaseNamespace == "spark-operator")
        #expect(c.leaseName == "spark-operator-lock")
        #expect(c.leaseDuration == .seconds(15))
        #expect(c.renewDeadline == .seconds(10))
        #expect(c.retryPeriod == .seconds(2))
        #expect(c.releaseOnCancel)
        #expect(c.problem == nil)
        let parts = c.identity.split(separator: "_")
        #expect(parts.count >= 2)
        #expect(parts.last?.count == 36, "identity \(c.identity) should end in a UUID")
        #expect(c.identity.hasPrefix(LeaderElectionConfiguration.hostname() + "_"))
        #expect(LeaderElectionConfiguration().identity != c.identity)
    }

    @Test func inconsistentTimingsAreRejected() {
        #expect(LeaderElectionConfiguration(renewDeadline: .seconds(15)).problem != nil)
        #expect(LeaderElectionConfiguration(retryPeriod: .seconds(10)).problem != nil)
        #expect(LeaderElectionConfiguration(retryPeriod: .zero).problem != nil)
        #expect(LeaderElectionConfiguration(identity: "").problem != nil)
        #expect(
            LeaderElectionConfiguration(
                leaseDuration: .seconds(3), renewDeadline: .seconds(2), retryPeriod: .milliseconds(500)
            ).problem == nil)
    }
}
