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

    /// Found by `make chaos` (hostile specs): an application whose driver pod name (or UI
    /// Service name) was taken by another object had the operator delete that object — another
    /// application's running driver, or a pod or Service the operator never created — and put
    /// its own in its place. Only objects of this application (or of an earlier application of
    /// the same name, which the garbage collector is removing) may be replaced; anything else
    /// fails the submission.
    @Test func onlyTheApplicationsOwnObjectsAreReplaceable() {
        var app = SparkApplication(metadata: ObjectMeta(name: "pi", namespace: "ns"), spec: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1"))
        app.metadata.uid = Self.appUID
        func replaceable(_ existing: ConfigMap) -> Bool { SparkApplicationReconciler.isReplaceable(existing, by: app) }
        #expect(replaceable(Self.configMap(submissionID: "s0")), "an earlier attempt's")
        #expect(!replaceable(Self.configMap(ownerUID: nil)), "nobody's: a pod or Service the operator did not create")
        var other = Self.configMap(ownerUID: "another-app")
        other.metadata.ownerReferences?[0].name = "victim"
        #expect(!replaceable(other), "another application's")
        #expect(replaceable(Self.configMap(ownerUID: "an-earlier-pi")), "an earlier application named pi (deleted, then created again)")
        var notControlling = Self.configMap()
        notControlling.metadata.ownerReferences?[0].controller = false
        #expect(!replaceable(notControlling), "only referenced, not controlled")
        var foreignKind = Self.configMap(ownerUID: "a-deployment")
        foreignKind.metadata.ownerReferences = [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "pi", uid: "d", controller: true)]
        #expect(!replaceable(foreignKind), "controlled by something else named pi")
    }
}
