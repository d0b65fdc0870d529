import Kube
import KubeRuntime
import ServiceLifecycle

/// Gives freed heap back to the system: once when the controllers' caches are synced (the
/// initial LIST decodes every object page by page; glibc keeps what it freed), then every
/// `interval` (`Heap.returnFreedMemory`).
struct HeapTrimmer: Service {
    let controllers: [Controller<ContinuousClock>]
    var interval: Duration = .seconds(300)

    /// Returns on graceful shutdown or cancellation; never fails.
    func run() async {
        try? await cancelWhenGracefulShutdown {
            while !controllers.allSatisfy(\.hasSynced) {
                try await Task.sleep(for: .milliseconds(200))
            }
            // The first reconciles (one per cached object) run right after the sync.
            for delay in [Duration.seconds(2), .seconds(8)] {
                try await Task.sleep(for: delay)
                Heap.returnFreedMemory()
            }
            while true {
                try await Task.sleep(for: interval)
                Heap.returnFreedMemory()
            }
        }
    }
}
