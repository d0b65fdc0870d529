import Kube

/// What a candidate does with the Lease it just read: client-go's `tryAcquireOrRenew` as a pure
/// function of the record, the local time since the record last changed, and our identity.
///
/// Expiry is judged as client-go does, with the *local* monotonic clock from the moment this
/// candidate saw the record change (`observedAge`), never by comparing the record's `renewTime`
/// with our wall clock: clock skew between replicas does not matter, only the rate of the clocks.
public enum LeaseDecision: Sendable, Hashable {
    /// No Lease exists: create it with this spec.
    case create(LeaseSpec)
    /// The Lease is unheld or expired: take it over with this spec (one more transition).
    case acquire(LeaseSpec)
    /// We hold the Lease: write this spec (a new renewTime).
    case renew(LeaseSpec)
    /// Another candidate holds a valid lease; it expires (for us) in `expiresIn` unless renewed.
    case wait(holder: String, expiresIn: Duration)

    /// - Parameters:
    ///   - lease: the Lease as just read, nil when it does not exist.
    ///   - observedAge: local time since this candidate first saw the current record (zero
    ///     when it changed in this very read).
    ///   - identity: this candidate.
    ///   - leaseDuration: our configured duration; written to records we write, and used for a
    ///     record without a positive `leaseDurationSeconds`.
    ///   - now: wall-clock time written to acquireTime / renewTime.
    public static func decide(
        lease: Lease?, observedAge: Duration, identity: String, leaseDuration: Duration, now: MicroTime
    ) -> LeaseDecision {
        let seconds = durationSeconds(leaseDuration)
        guard let lease else {
            return .create(
                LeaseSpec(
                    holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now,
                    leaseTransitions: 0))
        }
        let record = lease.spec ?? LeaseSpec()
        let holder = record.holderIdentity ?? ""
        if holder == identity {
            return .renew(
                LeaseSpec(
                    holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: record.acquireTime ?? now,
                    renewTime: now, leaseTransitions: record.leaseTransitions ?? 0))
        }
        let valid: Duration =
            if let s = record.leaseDurationSeconds, s > 0 { .seconds(s) } else { leaseDuration }
        if !holder.isEmpty && observedAge < valid {
            return .wait(holder: holder, expiresIn: valid - observedAge)
        }
        return .acquire(
            LeaseSpec(
                holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now,
                leaseTransitions: (record.leaseTransitions ?? 0) &+ 1))
    }

    /// The record that releases a lease we hold (client-go's `release`): no holder, a 1 s
    /// duration, so the next candidate takes it at its next attempt.
    public static func released(_ record: LeaseSpec?, now: MicroTime) -> LeaseSpec {
        LeaseSpec(
            holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now,
            leaseTransitions: record?.leaseTransitions ?? 0)
    }

    /// The spec to write, if this decision writes one.
    public var spec: LeaseSpec? {
        switch self {
        case .create(let s), .acquire(let s), .renew(let s): return s
        case .wait: return nil
        }
    }

    static func durationSeconds(_ d: Duration) -> Int32 {
        let (seconds, attoseconds) = d.components
        return Int32(clamping: seconds + (attoseconds > 0 ? 1 : 0))
    }
}
