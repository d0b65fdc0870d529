import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings of a `LeaderElector`: which Lease, who we are, and client-go's three timings.
///
/// The defaults are kubeflow's (`spark-operator-lock` in `spark-operator`) and client-go's
/// (15 s lease, 10 s renew deadline, 2 s retry period). `renewDeadline` must be shorter than
/// `leaseDuration`: a leader that could not renew for `renewDeadline` gives up before any other
/// candidate may consider the lease expired.
public struct LeaderElectionConfiguration: Sendable, Hashable {
    /// Namespace of the Lease.
    public var leaseNamespace: String
    /// Name of the Lease (`coordination.k8s.io/v1`).
    public var leaseName: String
    /// This candidate's holder identity; unique per process.
    public var identity: String
    /// How long a lease is valid after its last renewal, as seen by the other candidates.
    public var leaseDuration: Duration
    /// How long the leader keeps trying to renew before it considers leadership lost.
    public var renewDeadline: Duration
    /// Time between two acquisition or renewal attempts.
    public var retryPeriod: Duration
    /// A candidate waits `retryPeriod × (1 + retryJitter × random[0, 1))` between acquisition
    /// attempts (client-go's `JitterFactor` is 1.2).
    public var retryJitter: Double
    /// Release the lease (holder "", duration 1 s) when stopped by cancellation or graceful
    /// shutdown, so that another replica takes over within one retry period instead of one
    /// lease duration.
    public var releaseOnCancel: Bool

    public init(
        leaseNamespace: String = "spark-operator", leaseName: String = "spark-operator-lock",
        identity: String = LeaderElectionConfiguration.defaultIdentity(),
        leaseDuration: Duration = .seconds(15), renewDeadline: Duration = .seconds(10),
        retryPeriod: Duration = .seconds(2), retryJitter: Double = 1.2, releaseOnCancel: Bool = true
    ) {
        self.leaseNamespace = leaseNamespace
        self.leaseName = leaseName
        self.identity = identity
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
        self.retryJitter = retryJitter
        self.releaseOnCancel = releaseOnCancel
    }

    /// `<hostname>_<uuid>`, as controller-runtime builds it (in a pod the hostname is the pod's name).
    public static func defaultIdentity() -> String {
        "\(hostname())_\(UUID().uuidString.lowercased())"
    }

    /// Why this configuration cannot work, or nil.
    public var problem: String? {
        if leaseName.isEmpty { return "the lease name is empty" }
        if leaseNamespace.isEmpty { return "the lease namespace is empty" }
        if identity.isEmpty { return "the identity is empty" }
        if retryPeriod <= .zero { return "retryPeriod (\(retryPeriod)) must be positive" }
        if renewDeadline <= retryPeriod {
            return "renewDeadline (\(renewDeadline)) must be longer than retryPeriod (\(retryPeriod))"
        }
        if leaseDuration <= renewDeadline {
            return "leaseDuration (\(leaseDuration)) must be longer than renewDeadline (\(renewDeadline))"
        }
        if leaseDuration < .seconds(1) { return "leaseDuration (\(leaseDuration)) must be at least 1 s" }
        if retryJitter < 0 { return "retryJitter (\(retryJitter)) must not be negative" }
        return nil
    }

    /// This machine's host name (in a pod: the pod's name).
    public static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
