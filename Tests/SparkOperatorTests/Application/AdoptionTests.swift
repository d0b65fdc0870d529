import Foundation
import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// Which existing object a submission adopts rather than deleting and waiting for it.
@Suite("Reconciler: adopting existing objects")
struct AdoptionTests {
    static let appUID = "0b6c1f43-7f4c-4a8e-9d1e-2f3c4d5e6f70"

    static func configMap(
        submissionID: String? = nil, ownerUID: String? = appUID, data: [String: String] = ["k": "v"],
        deleting: Bool = false
    ) -> ConfigMap {
        var labels = [SparkLabels.appName: "pi"]
        if let submissionID { labels[SparkLabels.submissionID] = submissionID }
        var meta = ObjectMeta(name: "cm", namespace: "ns", labels: labels)
        meta.ownerReferences = ownerUID.map {
            [OwnerReference(apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "SparkApplication", name: "pi", uid: $0, controller: true)]
        }
        if deleting { meta.deletionTimestamp = KubeTime(Date()) }
        return ConfigMap(metadata: meta, data: data)
    }

    static func adoptable(_ existing: ConfigMap, wanted: ConfigMap, submissionID: String = "s1") -> Bool {
        SparkApplicationReconciler.isAdoptable(existing, wanted: wanted, submissionID: submissionID, appUID: appUID)
    }

    @Test func anObjectOfThisSubmissionIsAdopted() {
        #expect(Self.adoptable(Self.configMap(submissionID: "s1"), wanted: Self.configMap(submissionID: "s1")))
        // Even if its content differs: it is what this very submission created.
        #expect(Self.adoptable(Self.configMap(submissionID: "s1", data: [:]), wanted: Self.configMap(submissionID: "s1")))
    }

    @Test func anObjectOfAnotherSubmissionIsNot() {
        #expect(!Self.adoptable(Self.configMap(submissionID: "s0"), wanted: Self.configMap(submissionID: "s1")))
        // A per-application object cannot stand in for a per-submission one.
        #expect(!Self.adoptable(Self.configMap(), wanted: Self.configMap(submissionID: "s1")))
    }

    /// The Prometheus ConfigMap is per application: a rerun adopts it instead of deleting it and
    /// waiting a requeue for it to go.
    @Test func aPerApplicationObjectOfThisApplicationIsAdoptedWhenAsWanted() {
        #expect(Self.adoptable(Self.configMap(), wanted: Self.configMap()))
        #expect(!Self.adoptable(Self.configMap(data: ["k": "old"]), wanted: Self.configMap()), "stale content is replaced")
        #expect(!Self.adoptable(Self.configMap(ownerUID: "another-app"), wanted: Self.configMap()), "another application's")
        #expect(!Self.adoptable(Self.configMap(ownerUID: nil), wanted: Self.configMap()), "nobody's")
        #expect(!Self.adoptable(Self.configMap(deleting: true), wanted: Self.configMap()), "on its way out")
        #expect(!Self.adoptable(Self.configMap(submissionID: "s0"), wanted: Self.configMap()))
    }
}
