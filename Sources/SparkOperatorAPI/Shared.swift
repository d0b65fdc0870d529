import Synchronization

/// A value kept behind a reference, with value semantics (copy on write): copies of the owner
/// share one allocation, and a `SharingPool` makes owners with equal values share one too.
///
/// `SparkApplication.spec` is kept this way: a decoded spec is ~1.7 KiB of mostly-nil fields
/// inline, and the runs of one ScheduledSparkApplication (or apps submitted again and again from
/// one template) have equal specs — a cache of 10 000 of them holds one.
@propertyWrapper
public struct Shared<Value: Sendable & Hashable>: Sendable, Hashable {
    /// Mutated only while uniquely referenced (copy on write).
    public final class Box: @unchecked Sendable {
        fileprivate(set) var value: Value
        init(_ value: Value) { self.value = value }
    }

    public private(set) var box: Box

    public init(wrappedValue: Value) { box = Box(wrappedValue) }

    init(box: Box) { self.box = box }

    public var wrappedValue: Value {
        _read { yield box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    public var projectedValue: Shared<Value> {
        get { self }
        set { self = newValue }
    }

    public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(box.value) }

    /// Whether two owners share one allocation.
    public func isShared(with other: Self) -> Bool { box === other.box }
}

extension Shared: Codable where Value: Codable {
    public init(from decoder: any Decoder) throws { self.init(wrappedValue: try Value(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }
}

/// Hands out one shared allocation per distinct value (held weakly: a value no owner holds any
/// more is forgotten).
public final class SharingPool<Value: Sendable & Hashable>: Sendable {
    private struct Entry {
        weak var box: Shared<Value>.Box?
    }

    private struct State {
        /// One entry per hash value: an array per hash would cost an allocation per distinct value.
        var entries: [Int: Entry] = [:]
        /// The further values of a hash value already taken (rare).
        var collisions: [Int: [Entry]] = [:]
        var count = 0
        var pruneAt = 1024
    }

    private let state = Mutex(State())

    public init() {}

    /// `shared`, or an equal value's existing allocation.
    public func share(_ shared: Shared<Value>) -> Shared<Value> {
        let hash = shared.hashValue
        return state.withLock { s in
            if let found = Self.find(shared, hash: hash, in: s) { return found }
            Self.insert(shared, hash: hash, into: &s)
            return shared
        }
    }

    /// An equal value's existing allocation; else `prepare(shared)` (an equal value, e.g. with
    /// its own parts shared), remembered for the next equal one.
    public func share(_ shared: Shared<Value>, preparing prepare: (Shared<Value>) -> Shared<Value>) -> Shared<Value> {
        let hash = shared.hashValue
        if let found = state.withLock({ Self.find(shared, hash: hash, in: $0) }) { return found }
        let prepared = prepare(shared)
        return state.withLock { s in
            // Another caller may have put an equal value in meanwhile.
            if let found = Self.find(prepared, hash: hash, in: s) { return found }
            Self.insert(prepared, hash: hash, into: &s)
            return prepared
        }
    }

    private static func find(_ shared: Shared<Value>, hash: Int, in s: State) -> Shared<Value>? {
        func matches(_ entry: Entry) -> Shared<Value>? {
            guard let box = entry.box, box === shared.box || box.value == shared.box.value else { return nil }
            return Shared(box: box)
        }
        if let entry = s.entries[hash], let found = matches(entry) { return found }
        for entry in s.collisions[hash] ?? [] { if let found = matches(entry) { return found } }
        return nil
    }

    private static func insert(_ shared: Shared<Value>, hash: Int, into s: inout State) {
        if let taken = s.entries[hash], taken.box != nil {
            s.collisions[hash, default: []].append(Entry(box: shared.box))
        } else {
            s.entries[hash] = Entry(box: shared.box)
        }
        s.count += 1
        if s.count >= s.pruneAt { prune(&s) }
    }

    /// Distinct values remembered (some may be gone until the next prune).
    public var count: Int { state.withLock { $0.count } }

    private static func prune(_ s: inout State) {
        s.entries = s.entries.filter { $0.value.box != nil }
        var collisions: [Int: [Entry]] = [:]
        for (hash, entries) in s.collisions {
            var alive = entries.filter { $0.box != nil }
            // A collision whose first entry is gone takes its place.
            if s.entries[hash] == nil, !alive.isEmpty { s.entries[hash] = alive.removeFirst() }
            if !alive.isEmpty { collisions[hash] = alive }
        }
        s.collisions = collisions
        s.count = s.entries.count + collisions.values.reduce(0) { $0 + $1.count }
        s.pruneAt = max(1024, 2 * s.count)
    }
}

/// Hands out one copy of each equal value (strings, whose copies share storage): the first one
/// seen. For values many cached objects repeat — the image, main class and application file of
/// specs that differ only in their arguments — which would otherwise each hold a copy decoded
/// from their own JSON.
///
/// Holds its values strongly, so it is bounded: values larger than `maxValueBytes` are not kept,
/// and when `capacity` values are kept it starts over (objects keep the copies they were given).
public final class Interner: Sendable {
    private let values = Mutex(Set<String>())
    public let capacity: Int
    public let maxValueBytes: Int

    public init(capacity: Int = 4096, maxValueBytes: Int = 1024) {
        self.capacity = capacity
        self.maxValueBytes = maxValueBytes
    }

    /// An equal string seen before, or `value` (remembered for the next equal one).
    public func intern(_ value: String) -> String {
        // Small strings are stored inline, with no allocation to share.
        guard value.utf8.count > 15, value.utf8.count <= maxValueBytes else { return value }
        return values.withLock { set in
            if set.count >= capacity, !set.contains(value) { set.removeAll(keepingCapacity: true) }
            return set.insert(value).memberAfterInsert
        }
    }

    public func intern(_ value: String?) -> String? { value.map { intern($0) } }

    /// Strings remembered.
    public var count: Int { values.withLock { $0.count } }
}
