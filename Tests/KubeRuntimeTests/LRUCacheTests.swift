@testable import KubeRuntime
import Testing

@Suite("LRUCache")
struct LRUCacheTests {
    @Test func evictsTheLeastRecentlyUsed() {
        var cache = LRUCache<String, Int>(capacity: 3)
        cache.set("a", 1)
        cache.set("b", 2)
        cache.set("c", 3)
        #expect(cache.get("a") == 1)  // a is now the most recent
        #expect(cache.set("d", 4) == "b")
        #expect(cache.keys == ["d", "a", "c"])
        #expect(cache.set("c", 30) == nil)  // replace, no eviction
        #expect(cache.keys == ["c", "d", "a"])
        #expect(cache.set("e", 5) == "a")
        #expect(cache.peek("a") == nil)
        #expect(cache.count == 3)
        #expect(cache.peek("d") == 4)
        #expect(cache.keys == ["e", "c", "d"], "peek does not reorder")
    }

    @Test func capacityOneAndManyInsertsStayBounded() {
        var one = LRUCache<Int, Int>(capacity: 1)
        one.set(1, 1)
        #expect(one.set(2, 2) == 1)
        #expect(one.keys == [2])
        var cache = LRUCache<Int, Int>(capacity: 100)
        for i in 0..<10_000 { cache.set(i, i) }
        #expect(cache.count == 100)
        #expect(cache.keys == Array((9_900..<10_000).reversed()))
    }
}
