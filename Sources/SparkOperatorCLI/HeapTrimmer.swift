#if canImport(Glibc)
import Glibc
#endif
import KubeRuntime
import ServiceLifecycle

/// Gives freed heap back to the system: once when the controllers' caches are synced (the
/// initial LIST decodes every object page by page; glibc keeps what it freed), then every
/// `interval`. glibc's `malloc_trim` is looked up at run time (the Glibc module does not export
/// it); elsewhere this does nothing.
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
            for delay in [2, 8] {
                try await Task.sleep(for: .seconds(delay))
                Self.trim()
            }
            while true {
                Self.trim()
                try await Task.sleep(for: interval)
            }
        }
    }

    static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }
}
