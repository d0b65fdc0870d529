import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("KubeClient delete on the real API server")
struct DeleteIntegrationTests {
    static let hold = "kit.test/hold"

    @Test("Foreground propagation: the owner waits (deletionTimestamp + foregroundDeletion) until its child is gone")
    func foregroundDeletion() async throws {
        try await Cluster.withNamespace("kit-fg") { _, client, ns in
            let owner = try await client.create(Cluster.configMap(ns, "owner"))
            var child = Cluster.configMap(ns, "child")
            child.metadata.ownerReferences = [owner.controllerReference()]
            // The child's own finalizer keeps it (and so its owner) around until the test lets go.
            child.metadata.finalizers = [Self.hold]
            _ = try await client.create(child)

            let deleting = try await client.delete(
                ConfigMap.self, name: "owner", namespace: ns, options: DeleteOptions(propagationPolicy: .foreground))
            let marked = try #require(deleting, "the owner is only marked for deletion, so the object comes back")
            #expect(marked.metadata.deletionTimestamp != nil)
            #expect(marked.metadata.finalizers == ["foregroundDeletion"])

            // The garbage collector deletes the child (which its finalizer holds) ...
            // (Generous timeouts: other suites restart kube-controller-manager when they install CRDs.)
            let held = try await eventually("the child to be marked for deletion", timeout: .seconds(90)) {
                let c = try await client.get(ConfigMap.self, name: "child", namespace: ns)
                return c.metadata.deletionTimestamp != nil ? c : nil
            }
            #expect(held.metadata.finalizers == [Self.hold])
            // ... and the owner stays, as long as the child exists.
            try await Task.sleep(for: .milliseconds(500))
            let waiting = try await client.get(ConfigMap.self, name: "owner", namespace: ns)
            #expect(waiting.metadata.deletionTimestamp != nil)
            #expect(waiting.metadata.finalizers == ["foregroundDeletion"])

            // Releasing the child lets both go.
            _ = try await client.patch(
                ConfigMap.self, name: "child", namespace: ns, patch: .json([.remove("/metadata/finalizers")]))
            for name in ["child", "owner"] {
                try await waitUntil("\(name) to be gone", timeout: .seconds(90)) {
                    do {
                        _ = try await client.get(ConfigMap.self, name: name, namespace: ns)
                        return false
                    } catch let e as KubeAPIError where e.isNotFound {
                        return true
                    }
                }
            }
        }
    }

    @Test("a uid precondition that does not match is Conflict (409) and deletes nothing")
    func uidPrecondition() async throws {
        try await Cluster.withNamespace("kit-precond") { _, client, ns in
            let cm = try await client.create(Cluster.configMap(ns, "cm"))
            let error = await #expect(throws: KubeAPIError.self) {
                try await client.delete(
                    ConfigMap.self, name: "cm", namespace: ns,
                    options: DeleteOptions(preconditions: .init(uid: "00000000-0000-0000-0000-000000000000")))
            }
            #expect(error?.code == 409 && error?.isConflict == true, "\(String(describing: error))")
            #expect(error?.message.contains("the UID in the precondition") == true, "\(String(describing: error))")
            _ = try await client.get(ConfigMap.self, name: "cm", namespace: ns)

            let stale = await #expect(throws: KubeAPIError.self) {
                try await client.delete(
                    ConfigMap.self, name: "cm", namespace: ns,
                    options: DeleteOptions(preconditions: .init(resourceVersion: "1")))
            }
            #expect(stale?.isConflict == true, "\(String(describing: stale))")

            let deleted = try await client.delete(
                ConfigMap.self, name: "cm", namespace: ns,
                options: DeleteOptions(preconditions: .init(uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion)))
            #expect(deleted == nil)
        }
    }

    @Test("a scheduled pod is deleted gracefully (it stays Terminating with no kubelet); gracePeriodSeconds 0 removes it at once")
    func podGracePeriod() async throws {
        try await Cluster.withNamespace("kit-grace", waitForServiceAccount: true) { _, client, ns in
            _ = try await client.create(Cluster.pod(ns, "graceful", nodeName: "no-such-node"))
            let terminating = try await client.delete(Pod.self, name: "graceful", namespace: ns)
            let marked = try #require(terminating, "a graceful deletion returns the pod, still there")
            #expect(marked.metadata.deletionTimestamp != nil)
            #expect(marked.metadata.deletionGracePeriodSeconds == 30)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await client.get(Pod.self, name: "graceful", namespace: ns).metadata.deletionTimestamp != nil)

            // Force: gracePeriodSeconds 0 (also shortens a deletion already under way).
            let forced = try await client.delete(
                Pod.self, name: "graceful", namespace: ns, options: DeleteOptions(gracePeriodSeconds: 0))
            #expect(forced == nil, "gone at once, although the server answers with the pod: \(String(describing: forced?.metadata))")
            let missing = await #expect(throws: KubeAPIError.self) {
                try await client.get(Pod.self, name: "graceful", namespace: ns)
            }
            #expect(missing?.isNotFound == true)

            _ = try await client.create(Cluster.pod(ns, "now", nodeName: "no-such-node"))
            let now = try await client.delete(Pod.self, name: "now", namespace: ns, options: DeleteOptions(gracePeriodSeconds: 0))
            #expect(now == nil)
            await #expect(throws: KubeAPIError.self) { try await client.get(Pod.self, name: "now", namespace: ns) }
        }
    }
}
