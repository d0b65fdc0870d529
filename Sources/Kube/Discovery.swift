/// `/version`.
public struct ServerVersion: Codable, Sendable, Hashable {
    public var major: String
    public var minor: String
    public var gitVersion: String
    public var gitCommit: String?
    public var buildDate: String?
    public var goVersion: String?
    public var platform: String?

    /// Minor version as a number (`"20+"` → 20), if it parses.
    public var minorNumber: Int? { Int(minor.prefix { $0.isNumber }) }
}

/// `/api` (core group versions).
public struct APIVersions: Codable, Sendable, Hashable {
    public var versions: [String]
}

/// `/apis`.
public struct APIGroupList: Codable, Sendable, Hashable {
    public var groups: [APIGroup]
}

public struct APIGroup: Codable, Sendable, Hashable {
    public struct Version: Codable, Sendable, Hashable {
        /// `group/version`.
        public var groupVersion: String
        public var version: String
    }
    public var name: String
    public var versions: [Version]
    public var preferredVersion: Version?
}

/// `/api/v1`, `/apis/<group>/<version>`.
public struct APIResourceList: Codable, Sendable, Hashable {
    public var groupVersion: String
    public var resources: [APIResource]
}

public struct APIResource: Codable, Sendable, Hashable {
    /// Plural name, or `name/subresource` (e.g. `pods/status`).
    public var name: String
    public var singularName: String?
    public var namespaced: Bool
    public var kind: String
    public var verbs: [String]?
    public var shortNames: [String]?
}
