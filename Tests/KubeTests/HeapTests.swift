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

    @Test func glibcStatisticsFollowAllocationsAndFrees() throws {
        #expect(Heap.allocator == .glibc)
        Heap.returnFreedMemory()
        let before = try #require(Heap.statistics())
        // 8 MiB in 4096 small blocks: in use grows by about that much …
        var blocks: [Block]? = (0..<4096).map { _ in Block(2048) }
        let held = try #require(Heap.statistics())
        #expect(held.inUseBytes - before.inUseBytes >= 7 << 20, "\(before) → \(held)")
        // … and falls back when they are freed (the memory stays with the allocator until trimmed).
        blocks = nil
        #expect(blocks == nil)
        Heap.returnFreedMemory()
        let after = try #require(Heap.statistics())
        #expect(held.inUseBytes - after.inUseBytes >= 7 << 20, "\(held) → \(after)")
        #expect(after.freeBytes >= 0 && after.mappedBytes >= 0)
    }
}
