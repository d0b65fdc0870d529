import SparkOperatorAPI
import Synchronization

/// The local cache of one kind, filled by a `Watcher` (the only writer) and read by reconcilers.
///
/// Reads are lock-protected snapshots of value types, so readers never see a half-applied
/// update. The initial list is applied with `replace`, atomically, so a reader never sees a
/// store that is half old list, half new list. Indexed by namespace, by owner UID and by the
/// values of chosen label keys. Memory is proportional to what the watch selects.
public final class Store<Object: KubernetesObject>: Sendable {
    /// Objects are held in boxes: a dictionary stores its values inline, in a table up to twice
    /// the count, and a decoded SparkApplication is ~2 KiB of mostly-nil fields — inline, 10 000
    /// of them took 35 MB of table; boxed, the table holds pointers.
    private final class Box: Sendable {
        let object: Object
        init(_ object: Object) { self.object = object }
    }

    private struct State {
        var objects: [String: Box] = [:]
        var byNamespace: [String: Set<String>] = [:]
        var byOwner: [String: Set<String>] = [:]
        var byLabel: [String: Set<String>] = [:]
        /// Scopes whose initial list was applied: "" for all namespaces, else a namespace.
        var syncedScopes: Set<String> = []
        var resourceVersion: String?
    }

    private let state = Mutex(State())
    /// Label keys whose values are indexed (e.g. `sparkoperator.k8s.io/app-name`).
    public let indexedLabels: [String]
    /// Applied to each object as it is stored: an equal object in a more compact form (e.g. its
    /// parts shared with equal parts of other objects through a `SharingPool`).
    let canonicalize: (@Sendable (Object) -> Object)?

    public init(indexedLabels: [String] = [], canonicalize: (@Sendable (Object) -> Object)? = nil) {
        self.indexedLabels = indexedLabels
        self.canonicalize = canonicalize
    }

    // MARK: reading

    public func get(_ key: String) -> Object? { state.withLock { $0.objects[key]?.object } }

    public func get(namespace: String?, name: String) -> Object? {
        get(namespace.map { "\($0)/\(name)" } ?? name)
    }

    /// All objects, or those of one namespace.
    public func list(namespace: String? = nil) -> [Object] {
        state.withLock { s in
            guard let namespace else { return s.objects.values.map(\.object) }
            return (s.byNamespace[namespace] ?? []).compactMap { s.objects[$0]?.object }
        }
    }

    /// Objects with an ownerReference to this UID.
    public func owned(by uid: String) -> [Object] {
        state.withLock { s in (s.byOwner[uid] ?? []).compactMap { s.objects[$0]?.object } }
    }

    /// Objects whose label `key` (one of `indexedLabels`) has `value`, optionally in a namespace.
    public func labelled(_ key: String, _ value: String, namespace: String? = nil) -> [Object] {
        precondition(indexedLabels.contains(key), "label \(key) is not indexed")
        return state.withLock { s in
            (s.byLabel["\(key)=\(value)"] ?? []).compactMap { s.objects[$0]?.object }
                .filter { namespace == nil || $0.metadata.namespace == namespace }
        }
    }

    public var count: Int { state.withLock { $0.objects.count } }
    public var keys: [String] { state.withLock { Array($0.objects.keys) } }
    /// True once an initial list has been applied.
    public var hasSynced: Bool { state.withLock { !$0.syncedScopes.isEmpty } }

    /// True once the list of this namespace (nil: of all namespaces) has been applied.
    public func hasSynced(namespace: String?) -> Bool {
        state.withLock { s in s.syncedScopes.contains("") || s.syncedScopes.contains(namespace ?? "") }
    }
    /// The resourceVersion of the last list or event applied.
    public var resourceVersion: String? { state.withLock { $0.resourceVersion } }

    // MARK: writing (the watcher)

    /// Replaces the whole content (after a list), atomically; marks the store synced.
    public func replace(_ objects: [Object], resourceVersion: String?) {
        var fresh = State()
        for o in objects { insert(o, into: &fresh) }
        fresh.syncedScopes = [""]
        fresh.resourceVersion = resourceVersion
        state.withLock { $0 = fresh }
    }

    /// Replaces the objects of one namespace (after a list of that namespace), atomically,
    /// keeping other namespaces' (one store fed by one watcher per namespace).
    public func replace(_ objects: [Object], namespace: String, resourceVersion: String?) {
        state.withLock { s in
            for key in s.byNamespace[namespace] ?? [] { _ = remove(key, from: &s) }
            for o in objects { insert(o, into: &s) }
            s.syncedScopes.insert(namespace)
            if let resourceVersion { s.resourceVersion = resourceVersion }
        }
    }

    /// Adds or replaces one object; returns the previous version. An older version of the
    /// object the store holds (same uid, lower resourceVersion) is ignored: a controller caches
    /// its writes' responses (write-through), and the watch's events for the versions before
    /// them arrive afterwards — they must not roll the object back.
    @discardableResult
    public func upsert(_ object: Object) -> Object? {
        applyIfNewer(object).previous
    }

    /// `upsert`, saying whether the object was taken (false: the store has a newer version).
    public func applyIfNewer(_ object: Object) -> (previous: Object?, applied: Bool) {
        state.withLock { s in
            let key = key(of: object)
            if let current = s.objects[key]?.object, Self.isOlder(object, than: current) { return (current, false) }
            let old = remove(key, from: &s)
            insert(object, into: &s)
            if let rv = object.metadata.resourceVersion { s.resourceVersion = rv }
            return (old, true)
        }
    }

    /// The same object (uid) at a lower resourceVersion. Resource versions are opaque, but
    /// etcd's are integers; anything else is never "older".
    static func isOlder(_ object: Object, than current: Object) -> Bool {
        guard let uid = object.metadata.uid, uid == current.metadata.uid,
            let a = object.metadata.resourceVersion.flatMap(UInt64.init),
            let b = current.metadata.resourceVersion.flatMap(UInt64.init)
        else { return false }
        return a < b
    }

    /// Removes one object; returns it.
    @discardableResult
    public func delete(_ object: Object) -> Object? {
        state.withLock { s in
            if let rv = object.metadata.resourceVersion { s.resourceVersion = rv }
            return remove(key(of: object), from: &s)
        }
    }

    /// Records a resourceVersion seen without an object change (a watch bookmark).
    public func bookmark(_ resourceVersion: String) {
        state.withLock { $0.resourceVersion = resourceVersion }
    }

    private func key(of o: Object) -> String {
        o.metadata.namespace.map { "\($0)/\(o.metadata.name ?? "")" } ?? (o.metadata.name ?? "")
    }

    private func insert(_ o: Object, into s: inout State) {
        let k = key(of: o)
        s.objects[k] = Box(canonicalize?(o) ?? o)
        s.byNamespace[o.metadata.namespace ?? "", default: []].insert(k)
        for ref in o.metadata.ownerReferences ?? [] { s.byOwner[ref.uid, default: []].insert(k) }
        for label in indexedLabels {
            if let v = o.metadata.labels?[label] { s.byLabel["\(label)=\(v)", default: []].insert(k) }
        }
    }

    private func remove(_ k: String, from s: inout State) -> Object? {
        guard let o = s.objects.removeValue(forKey: k)?.object else { return nil }
        let ns = o.metadata.namespace ?? ""
        s.byNamespace[ns]?.remove(k)
        if s.byNamespace[ns]?.isEmpty == true { s.byNamespace[ns] = nil }
        for ref in o.metadata.ownerReferences ?? [] {
            s.byOwner[ref.uid]?.remove(k)
            if s.byOwner[ref.uid]?.isEmpty == true { s.byOwner[ref.uid] = nil }
        }
        for label in indexedLabels {
            if let v = o.metadata.labels?[label] {
                let ik = "\(label)=\(v)"
                s.byLabel[ik]?.remove(k)
                if s.byLabel[ik]?.isEmpty == true { s.byLabel[ik] = nil }
            }
        }
        return o
    }
}
