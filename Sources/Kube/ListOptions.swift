/// Query parameters of a LIST.
public struct ListOptions: Sendable, Hashable {
    /// e.g. `sparkoperator.k8s.io/launched-by-spark-operator=true,spark-role in (driver)`.
    public var labelSelector: String?
    /// e.g. `metadata.name=foo,status.phase!=Running`.
    public var fieldSelector: String?
    /// Page size; the response then carries a continue token.
    public var limit: Int?
    /// The `metadata.continue` of the previous page.
    public var continueToken: String?
    /// `""`/nil: most recent (quorum read); `"0"`: any (from the watch cache).
    public var resourceVersion: String?
    /// `NotOlderThan` or `Exact` (with `resourceVersion`).
    public var resourceVersionMatch: String?
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
        continueToken: String? = nil, resourceVersion: String? = nil, resourceVersionMatch: String? = nil,
        timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { q.append(("fieldSelector", fieldSelector)) }
        if let limit, limit > 0 { q.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { q.append(("continue", continueToken)) }
        if let resourceVersion { q.append(("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch, !resourceVersionMatch.isEmpty {
            q.append(("resourceVersionMatch", resourceVersionMatch))
        }
        if let timeoutSeconds { q.append(("timeoutSeconds", String(timeoutSeconds))) }
        return q
    }
}
