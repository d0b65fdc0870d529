import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("KubeClient status subresource and optimistic concurrency on the real API server")
struct StatusAndConcurrencyIntegrationTests {
    @Test("SparkApplication /status: updateStatus writes only status, update only spec, patchStatus")
    func statusSubresource() async throws {
        try await Cluster.withNamespace("kit-status") { _, client, ns in
            var app = Cluster.sparkApplication(ns, "pi")
            var ignored = SparkApplicationStatus()
            ignored.state = .running
            app.status = ignored
            let created = try await client.create(app)
            #expect(created.status == nil, "a create never writes status when /status is a subresource")

            // updateStatus: the status is written; a spec change in the same object is ignored.
            var withStatus = created
            withStatus.status = SparkApplicationStatus()
            withStatus.status?.state = .submitted
            withStatus.status?.submissionAttempts = 1
            withStatus.spec.sparkVersion = "9.9.9"
            let afterStatus = try await client.updateStatus(withStatus)
            #expect(afterStatus.status?.state == .submitted)
            #expect(afterStatus.status?.submissionAttempts == 1)
            #expect(afterStatus.spec.sparkVersion == "3.5.1", "spec is not written through /status")
            #expect(afterStatus.metadata.generation == created.metadata.generation, "no spec change, no new generation")

            // update: the spec is written; a status change in the same object is ignored.
            var withSpec = afterStatus
            withSpec.spec.sparkVersion = "3.5.2"
            withSpec.status?.state = .failed
            let afterUpdate = try await client.update(withSpec)
            #expect(afterUpdate.spec.sparkVersion == "3.5.2")
            #expect(afterUpdate.status?.state == .submitted, "status is not written through the main resource")
            #expect(afterUpdate.metadata.generation == (created.metadata.generation ?? 0) + 1)

            // patchStatus (merge), and a GET of /status.
            let patched = try await client.patchStatus(
                SparkApplication.self, name: "pi", namespace: ns,
                patch: .merge(["status": ["applicationState": ["state": "RUNNING"], "executionAttempts": 1]]))
            #expect(patched.status?.state == .running)
            #expect(patched.status?.submissionAttempts == 1, "a merge patch keeps what it does not name")
            #expect(patched.status?.executionAttempts == 1)
            let status = try await client.getStatus(SparkApplication.self, name: "pi", namespace: ns)
            #expect(status.status == patched.status)
            #expect(status.spec.sparkVersion == "3.5.2")

            // A spec change through a status patch is dropped as well.
            let specViaStatus = try await client.patchStatus(
                SparkApplication.self, name: "pi", namespace: ns, patch: .merge(["spec": ["sparkVersion": "0.0.1"]]))
            #expect(specViaStatus.spec.sparkVersion == "3.5.2")
        }
    }

    @Test("two writers of one read: the second update is Conflict (409, not AlreadyExists); without resourceVersion, last write wins")
    func optimisticConcurrency() async throws {
        try await Cluster.withNamespace("kit-conflict") { plane, client, ns in
            try await Cluster.using(try Cluster.adminClient(plane)) { other in
                _ = try await client.create(Cluster.configMap(ns, "shared", data: ["owner": "nobody"]))
                var a = try await client.get(ConfigMap.self, name: "shared", namespace: ns)
                var b = try await other.get(ConfigMap.self, name: "shared", namespace: ns)
                #expect(a.metadata.resourceVersion == b.metadata.resourceVersion)

                a.data = ["owner": "a"]
                let wonByA = try await client.update(a)
                b.data = ["owner": "b"]
                let error = await #expect(throws: KubeAPIError.self) { try await other.update(b) }
                #expect(error?.isConflict == true, "\(String(describing: error))")
                #expect(error?.code == 409)
                #expect(error?.isAlreadyExists == false)
                #expect(error?.message.contains("the object has been modified") == true, "\(String(describing: error))")
                #expect(try await client.get(ConfigMap.self, name: "shared", namespace: ns).data == ["owner": "a"])

                // The same for a status write.
                var app = try await client.create(Cluster.sparkApplication(ns, "pi"))
                app.status = SparkApplicationStatus()
                app.status?.state = .submitted
                _ = try await client.updateStatus(app)
                app.status?.state = .failed
                let statusError = await #expect(throws: KubeAPIError.self) { try await other.updateStatus(app) }
                #expect(statusError?.isConflict == true, "a stale status write conflicts too")

                // Without a resourceVersion the PUT is unconditional and silently overwrites
                // A's write. The operator must never do that: every update it sends carries the
                // resourceVersion it read, and a conflict means read again and recompute.
                b.metadata.resourceVersion = nil
                let blind = try await other.update(b)
                #expect(blind.data == ["owner": "b"])
                #expect(blind.metadata.resourceVersion != wonByA.metadata.resourceVersion)
                #expect(try await client.get(ConfigMap.self, name: "shared", namespace: ns).data == ["owner": "b"])
            }
        }
    }
}
