/// Query parameters of a write (create, update, patch).
public struct WriteOptions: Sendable, Hashable {
    /// The field manager recorded in managedFields; required for server-side apply.
    public var fieldManager: String?
    /// Server-side apply: take ownership of conflicting fields.
    public var force: Bool
    public var dryRun: Bool

    public init(fieldManager: String? = nil, force: Bool = false, dryRun: Bool = false) {
        self.fieldManager = fieldManager
        self.force = force
        self.dryRun = dryRun
    }

    func queryItems(forApply: Bool) -> [(String, String)] {
        var q: [(String, String)] = []
        if let fieldManager, !fieldManager.isEmpty { q.append(("fieldManager", fieldManager)) }
        if forApply && force { q.append(("force", "true")) }
        if dryRun { q.append(("dryRun", "All")) }
        return q
    }
}
