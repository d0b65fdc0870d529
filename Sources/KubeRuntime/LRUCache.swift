/// A fixed-capacity map that forgets its least recently used entry when full. O(1) per
/// operation (a dictionary of slots in a doubly linked list kept in arrays).
struct LRUCache<Key: Hashable, Value> {
    fileprivate struct Slot {
        var key: Key
        var value: Value
        var previous: Int  // towards most recent; -1 at the head
        var next: Int  // towards least recent; -1 at the tail
    }

    let capacity: Int
    private var index: [Key: Int] = [:]
    private var slots: [Slot] = []
    private var head = -1  // most recently used
    private var tail = -1  // least recently used

    init(capacity: Int) {
        precondition(capacity > 0, "an LRU cache needs a positive capacity")
        self.capacity = capacity
    }

    var count: Int { index.count }

    /// The value for `key`, marking it most recently used.
    mutating func get(_ key: Key) -> Value? {
        guard let i = index[key] else { return nil }
        moveToFront(i)
        return slots[i].value
    }

    /// Without touching the recency order.
    func peek(_ key: Key) -> Value? { index[key].map { slots[$0].value } }

    /// Inserts or replaces, marking `key` most recently used; returns the evicted key, if any.
    @discardableResult
    mutating func set(_ key: Key, _ value: Value) -> Key? {
        if let i = index[key] {
            slots[i].value = value
            moveToFront(i)
            return nil
        }
        if slots.count < capacity {
            slots.append(Slot(key: key, value: value, previous: -1, next: -1))
            let i = slots.count - 1
            index[key] = i
            linkAtFront(i)
            return nil
        }
        // Reuse the least recently used slot.
        let i = tail
        let evicted = slots[i].key
        unlink(i)
        index[evicted] = nil
        slots[i] = Slot(key: key, value: value, previous: -1, next: -1)
        index[key] = i
        linkAtFront(i)
        return evicted
    }

    /// Keys from most to least recently used.
    var keys: [Key] {
        var result: [Key] = []
        var i = head
        while i >= 0 {
            result.append(slots[i].key)
            i = slots[i].next
        }
        return result
    }

    private mutating func moveToFront(_ i: Int) {
        guard head != i else { return }
        unlink(i)
        linkAtFront(i)
    }

    private mutating func unlink(_ i: Int) {
        let (p, n) = (slots[i].previous, slots[i].next)
        if p >= 0 { slots[p].next = n } else { head = n }
        if n >= 0 { slots[n].previous = p } else { tail = p }
        slots[i].previous = -1
        slots[i].next = -1
    }

    private mutating func linkAtFront(_ i: Int) {
        slots[i].previous = -1
        slots[i].next = head
        if head >= 0 { slots[head].previous = i }
        head = i
        if tail < 0 { tail = i }
    }
}

extension LRUCache: Sendable where Key: Sendable, Value: Sendable {}
extension LRUCache.Slot: Sendable where Key: Sendable, Value: Sendable {}
