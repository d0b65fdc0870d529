import Foundation
import Kube
import Logging

/// Writes a pod's status through the `pods/status` subresource, as a kubelet does: a PUT
/// carrying the resourceVersion it was computed from, so a concurrent change answers 409 and the
/// status is recomputed from a fresh read and written again. Transient failures are retried.
struct PodStatusWriter: Sendable {
    let client: KubeClient
    let retry: KubeletRetry

    /// Writes `make(pod)` as the status of the handle's pod, starting from the pod as last seen.
    /// Returns the pod as written, or nil when it is gone (deleted, or replaced by a pod of
    /// another uid).
    func write(_ handle: PodHandle, _ make: (Pod) -> PodStatus) async throws -> Pod? {
        var pod = handle.latest
        while true {
            try Task.checkCancellation()
            if handle.isGone { return nil }
            var updated = pod
            updated.status = make(pod)
            do {
                let written = try await retry.run("writing the status of \(handle.namespace)/\(handle.name)") {
                    try await client.updateStatus(updated)
                }
                handle.observe(written)
                return written
            } catch let error as KubeAPIError where error.isConflict {
                // Changed since we read it (or recreated with another uid): read it again.
            } catch let error as KubeAPIError where error.isNotFound {
                handle.markGone()
                return nil
            }
            guard let fresh = try await read(handle) else { return nil }
            pod = fresh
        }
    }

    /// The pod as the API server has it now, or nil (and the handle marked gone) when it is gone.
    func read(_ handle: PodHandle) async throws -> Pod? {
        do {
            let pod = try await retry.run("reading \(handle.namespace)/\(handle.name)") {
                try await client.get(Pod.self, name: handle.name, namespace: handle.namespace)
            }
            guard pod.uid == handle.uid else {
                handle.markGone()
                return nil
            }
            handle.observe(pod)
            return pod
        } catch let error as KubeAPIError where error.isNotFound {
            handle.markGone()
            return nil
        }
    }
}
