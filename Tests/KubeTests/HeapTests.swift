import Kube
import Testing

/// `Heap` in the test process, which runs glibc's malloc (the operator's image preloads jemalloc;
/// `ExecutableIntegrationTests` runs the binary that way).
@Suite("Heap statistics and trimming")
struct HeapTests {
    final class Block {
        let bytes: [UInt8]
        init(_ count: Int) { bytes = [UInt8](repeating: 1, count: count) }
    }

    /// The statistics are the whole process's, and other suites allocate and free in parallel
    /// (tens of MiB at a time): one measurement can be swamped by them. Up to 10 attempts, one of
    /// which must see the 8 MiB come and go; statistics that do not follow allocations fail every one.
    @Test func glibcStatisticsFollowAllocationsAndFrees() throws {
        #expect(Heap.allocator == .glibc)
        var attempts: [String] = []
        for _ in 0..<10 {
            Heap.returnFreedMemory()
            let before = try #require(Heap.statistics())
            // 8 MiB in 4096 small blocks: in use grows by about that much …
            var blocks: [Block]? = (0..<4096).map { _ in Block(2048) }
            let held = try #require(Heap.statistics())
            // … and falls back when they are freed (the memory stays with the allocator until trimmed).
            blocks = nil
            withExtendedLifetime(blocks) {}
            Heap.returnFreedMemory()
            let after = try #require(Heap.statistics())
            #expect(after.freeBytes >= 0 && after.mappedBytes >= 0)
            if held.inUseBytes - before.inUseBytes >= 7 << 20, held.inUseBytes - after.inUseBytes >= 7 << 20 { return }
            attempts.append("\(before) → \(held) → \(after)")
        }
        Issue.record("in-use bytes did not follow 8 MiB allocated and freed in any of 10 attempts: \(attempts)")
    }
}
