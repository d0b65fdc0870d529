import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's heap: which allocator serves `malloc` (glibc's, or jemalloc when it is
/// preloaded, as the operator's image does), giving freed memory back, and what it holds.
///
/// Why it matters: with glibc's allocator the initial LIST of 10 000 applications leaves ~25 MiB
/// of resident free memory in the operator — small holes (NIO's 2 KiB read buffers and their
/// companions) between long-lived cached objects, which `malloc_trim` cannot return — twice what
/// the cache itself holds. jemalloc keeps each size class in its own pages, so freed buffers
/// leave whole pages free, and returns them (docs/benchmarks.md, "Memory: the allocator").
public enum Heap {
    public enum Allocator: String, Sendable {
        case glibc
        case jemalloc
    }

    /// The allocator `malloc` resolves to in this process (glibc elsewhere than Linux: its
    /// functions are then simply absent).
    public static var allocator: Allocator { mallctl != nil ? .jemalloc : .glibc }

    /// Gives freed heap memory back to the system, so RSS shows what is in use: glibc's
    /// `malloc_trim(0)`, or jemalloc's purge of every arena. Both are looked up at run time
    /// (the Glibc module exports neither). Elsewhere a no-op.
    public static func returnFreedMemory() {
        #if canImport(Glibc)
        if let mallctl {
            // MALLCTL_ARENAS_ALL is 4096.
            _ = "arena.4096.purge".withCString { mallctl($0, nil, nil, nil, 0) }
            return
        }
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }

    /// What the heap holds. nil where the allocator cannot tell.
    public struct Statistics: Sendable, Equatable {
        /// Bytes allocated and not freed.
        public var inUseBytes: Int
        /// Bytes the allocator holds beyond those in use (free inside glibc's arenas, whether
        /// resident or not; jemalloc: resident minus allocated).
        public var freeBytes: Int
        /// glibc: bytes in chunks mmapped one by one (large allocations); jemalloc: bytes of
        /// active extents mapped.
        public var mappedBytes: Int
    }

    public static func statistics() -> Statistics? {
        #if canImport(Glibc)
        if let mallctl {
            // Statistics are a snapshot refreshed by writing "epoch".
            var epoch: UInt64 = 1
            _ = "epoch".withCString { mallctl($0, nil, nil, &epoch, MemoryLayout<UInt64>.size) }
            func read(_ name: String) -> Int? {
                var value = 0
                var size = MemoryLayout<Int>.size
                let status = name.withCString { mallctl($0, &value, &size, nil, 0) }
                return status == 0 ? value : nil
            }
            guard let allocated = read("stats.allocated"), let resident = read("stats.resident") else { return nil }
            return Statistics(
                inUseBytes: allocated, freeBytes: max(0, resident - allocated), mappedBytes: read("stats.mapped") ?? 0)
        }
        return glibcStatistics()
        #else
        return nil
        #endif
    }

    #if canImport(Glibc)
    private typealias Mallctl = @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int
    ) -> Int32

    /// jemalloc's control interface, present when jemalloc is the process's allocator.
    private static let mallctl: Mallctl? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl")
        .map { unsafeBitCast($0, to: Mallctl.self) }

    /// From malloc_info(3)'s XML: the totals after the last arena's </heap> —
    /// <total type="fast|rest" size=…/> (free), <total type="mmap" size=…/>, <system type="current" size=…/>.
    private static func glibcStatistics() -> Statistics? {
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info") else { return nil }
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        guard let stream = open_memstream(&buffer, &length) else { return nil }
        let status = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { return nil }
        let xml = String(cString: buffer)
        let totals = xml.range(of: "</heap>", options: .backwards).map { String(xml[$0.upperBound...]) } ?? xml
        func size(_ element: String, _ type: String) -> Int {
            guard let start = totals.range(of: "<\(element) type=\"\(type)\"") else { return 0 }
            let rest = totals[start.upperBound...]
            guard let attr = rest.range(of: "size=\"") else { return 0 }
            return Int(rest[attr.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        let system = size("system", "current")
        let free = size("total", "fast") + size("total", "rest")
        return Statistics(inUseBytes: system - free, freeBytes: free, mappedBytes: size("total", "mmap"))
    }
    #endif
}
