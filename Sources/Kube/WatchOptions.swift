/// Query parameters of a WATCH, plus the client's idle timeout.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this version (the list's `metadata.resourceVersion`); nil/"" = "now" with
    /// synthetic ADDED events for existing objects, `"0"` = any version.
    public var resourceVersion: String?
    /// The server ends the watch after this long (client-go uses a random 5–10 min).
    public var timeoutSeconds: Int?
    /// Ask for BOOKMARK events so a restart resumes from a recent version (KEP-956).
    public var allowWatchBookmarks: Bool
    /// If nothing (not even a bookmark) arrives for this long, the stream fails with
    /// `WatchStreamError.idle` — a dead connection after a network partition otherwise hangs
    /// forever. Defaults to `timeoutSeconds` + 60 s, or 10 minutes without `timeoutSeconds`.
    public var idleTimeout: Duration?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        timeoutSeconds: Int? = nil, allowWatchBookmarks: Bool = true, idleTimeout: Duration? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.timeoutSeconds = timeoutSeconds
        self.allowWatchBookmarks = allowWatchBookmarks
        self.idleTimeout = idleTimeout
    }

    var effectiveIdleTimeout: Duration {
        idleTimeout ?? (timeoutSeconds.map { .seconds($0 + 60) } ?? .seconds(600))
    }

    var queryItems: [(String, String)] {
        var q: [(String, String)] = [("watch", "true")]
        if let labelSelector, !labelSelector.isEmpty { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { q.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion, !resourceVersion.isEmpty { q.append(("resourceVersion", resourceVersion)) }
        if let timeoutSeconds { q.append(("timeoutSeconds", String(timeoutSeconds))) }
        if allowWatchBookmarks { q.append(("allowWatchBookmarks", "true")) }
        return q
    }
}
