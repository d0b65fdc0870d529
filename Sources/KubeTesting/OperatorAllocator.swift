import Foundation

/// The `malloc` an operator process runs with. The image (Dockerfile) preloads jemalloc with
/// `environment`; the benchmark runs the release binary the same way, and with glibc's
/// allocator for comparison. A test keeps the Dockerfile and `environment` equal.
public enum OperatorAllocator: String, CaseIterable, Sendable, CustomStringConvertible {
    /// glibc's malloc: what `swift run`/`make run` use unless jemalloc is preloaded.
    case glibc
    /// jemalloc 5 preloaded (Debian/Ubuntu package libjemalloc2), purging freed pages in a
    /// background thread within a second.
    case jemalloc

    /// The shared object LD_PRELOAD names (found on the standard library path).
    public static let jemallocLibrary = "libjemalloc.so.2"
    /// jemalloc's options: freed pages are returned by a background thread after 1 s (glibc-like
    /// promptness without its fragmentation), with no intermediate "muzzy" state.
    public static let jemallocConfiguration = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"

    /// The variables that select this allocator in a child process.
    public var environment: [String: String] {
        switch self {
        case .glibc: [:]
        case .jemalloc: ["LD_PRELOAD": Self.jemallocLibrary, "MALLOC_CONF": Self.jemallocConfiguration]
        }
    }

    /// Whether this machine has it (jemalloc: its library is in a standard library directory).
    public var isAvailable: Bool {
        switch self {
        case .glibc: true
        case .jemalloc:
            ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib"].contains {
                FileManager.default.fileExists(atPath: "\($0)/\(Self.jemallocLibrary)")
            }
        }
    }

    public var description: String {
        switch self {
        case .glibc: "glibc malloc"
        case .jemalloc: "jemalloc (as the image runs it)"
        }
    }
}
