import Kube
import Logging

/// List, then watch from the list's resourceVersion, resuming from the last version seen when
/// the server ends a watch; after 410 Gone or any error, list again after a short backoff. The
/// simulated kubelet's own small informer (KubeTesting does not depend on KubeRuntime).
struct PodListWatch: Sendable {
    enum Event: Sendable {
        /// A full list: every pod there is now (pods known before and missing here are gone).
        case listed([Pod])
        case applied(Pod)
        case deleted(Pod)
    }

    let client: KubeClient
    let namespace: String?
    let labelSelector: String?
    let backoffInitial: Duration
    let backoffMaximum: Duration
    let logger: Logger

    /// Runs until cancelled, handing every event to `handle`, in order.
    func run(_ handle: (Event) async throws -> Void) async throws {
        var resourceVersion: String?
        var backoff = Backoff<ContinuousClock.Instant>(
            initial: backoffInitial, maximum: backoffMaximum, multiplier: 2, jitter: 0.5)
        while true {
            try Task.checkCancellation()
            do {
                if resourceVersion == nil {
                    let list = try await client.listAll(
                        Pod.self, namespace: namespace, options: ListOptions(labelSelector: labelSelector))
                    try await handle(.listed(list.items))
                    resourceVersion = list.resourceVersion
                }
                let options = WatchOptions(
                    labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: 240,
                    allowWatchBookmarks: true)
                for try await event in try client.watch(Pod.self, namespace: namespace, options: options) {
                    switch event {
                    case .added(let pod), .modified(let pod): try await handle(.applied(pod))
                    case .deleted(let pod): try await handle(.deleted(pod))
                    case .bookmark: break
                    case .undecodable(let failure): logger.warning("skipping an undecodable pod event: \(failure)")
                    }
                    if let version = event.resourceVersion { resourceVersion = version }
                    backoff.reset()
                }
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                if let e = error as? KubeAPIError, e.isGone {
                    logger.debug("pod watch expired (410), listing again")
                } else {
                    logger.info("pod list/watch failed, listing again: \(error)")
                }
                resourceVersion = nil
                try await Task.sleep(for: backoff.next(at: .now))
            }
        }
    }
}

extension PodListWatch {
    /// A kubelet's dispatch loop: every pod seen goes to `take`, which returns a worker for a pod
    /// to take on (run as a child task of `group`) or nil; pods gone from the API server (deleted,
    /// or missing from a relist) go to `forget` by uid.
    typealias Work = @Sendable () async -> Void

    func dispatch(
        into group: inout ThrowingDiscardingTaskGroup<any Error>, known: () -> Set<String>,
        take: (Pod) -> Work?, forget: (String) -> Void
    ) async throws {
        try await run { event in
            switch event {
            case .listed(let pods):
                for uid in known().subtracting(pods.map(\.uid)) { forget(uid) }
                for pod in pods {
                    if let work = take(pod) { group.addTask { await work() } }
                }
            case .applied(let pod):
                if let work = take(pod) { group.addTask { await work() } }
            case .deleted(let pod):
                forget(pod.uid)
            }
        }
    }
}

