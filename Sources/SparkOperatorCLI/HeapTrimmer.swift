import Kube
import KubeRuntime
import Logging
import ServiceLifecycle

/// Gives freed heap back to the system: once when the controllers' caches are synced (the
/// initial LIST decodes every object page by page; glibc keeps what it freed), then every
/// `interval` (`Heap.returnFreedMemory`). Each time it logs (debug) what the heap holds.
struct HeapTrimmer: Service {
    let controllers: [Controller<ContinuousClock>]
    var interval: Duration = .seconds(300)
    var logger = Logger(label: "heap")

    /// Returns on graceful shutdown or cancellation; never fails.
    func run() async {
        try? await cancelWhenGracefulShutdown {
            while !controllers.allSatisfy(\.hasSynced) {
                try await Task.sleep(for: .milliseconds(200))
            }
            // The first reconciles (one per cached object) run right after the sync.
            for delay in [Duration.seconds(2), .seconds(8)] {
                try await Task.sleep(for: delay)
                trim()
            }
            while true {
                try await Task.sleep(for: interval)
                trim()
            }
        }
    }

    private func trim() {
        Heap.returnFreedMemory()
        guard logger.logLevel <= .debug, let heap = Heap.statistics() else { return }
        func mib(_ bytes: Int) -> Logger.MetadataValue { "\(Double(bytes * 10 / 1_048_576) / 10) MiB" }
        logger.debug(
            "heap trimmed",
            metadata: [
                "allocator": "\(Heap.allocator)", "inUse": mib(heap.inUseBytes), "free": mib(heap.freeBytes),
                "mapped": mib(heap.mappedBytes),
            ])
    }
}
