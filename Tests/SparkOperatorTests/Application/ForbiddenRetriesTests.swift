import Foundation
import Kube
import Testing

@testable import SparkOperator

@Suite("Forbidden retries")
struct ForbiddenRetriesTests {
    @Test func anAttemptRetriesADenialForItsWindowThenFails() {
        let retries = ForbiddenRetries(window: .seconds(30))
        let t0 = Date(timeIntervalSince1970: 1_000)
        #expect(retries.shouldRetry("a", now: t0))
        #expect(retries.shouldRetry("a", now: t0.addingTimeInterval(29)))
        #expect(!retries.shouldRetry("a", now: t0.addingTimeInterval(30)))
        // Another attempt has its own window; a forgotten attempt starts again.
        #expect(retries.shouldRetry("b", now: t0.addingTimeInterval(100)))
        retries.forget("b")
        #expect(retries.shouldRetry("b", now: t0.addingTimeInterval(500)))
    }

    @Test func onlyRBACDenialsAreRetriedNotAdmissionRefusals() {
        func forbidden(_ message: String) -> KubeAPIError {
            KubeAPIError(code: 403, reason: "Forbidden", message: message)
        }
        #expect(SparkApplicationReconciler.isAuthorizationDenial(forbidden(
            #"configmaps is forbidden: User "system:serviceaccount:spark-operator:spark-operator-controller" cannot create resource "configmaps" in API group "" in the namespace "ns""#)))
        #expect(!SparkApplicationReconciler.isAuthorizationDenial(forbidden(
            #"pods "app-driver" is forbidden: error looking up service account ns/spark: serviceaccount "spark" not found"#)))
        #expect(!SparkApplicationReconciler.isAuthorizationDenial(forbidden(
            #"pods "x" is forbidden: unable to create new content in namespace ns because it is being terminated"#)))
    }
}
