import NIOHTTP1

/// Discovery: server version and which group/versions and resources it serves.
extension KubeClient {
    /// `GET /version`.
    public func serverVersion() async throws -> ServerVersion {
        try await request(.GET, "/version", as: ServerVersion.self)
    }

    /// Every served group/version: `v1`, `apps/v1`, `policy/v1beta1`, …
    public func apiGroupVersions() async throws -> [String] {
        let core = try await request(.GET, "/api", as: APIVersions.self)
        let groups = try await apiGroups()
        return core.versions + groups.flatMap { $0.versions.map(\.groupVersion) }
    }

    /// `GET /apis`.
    public func apiGroups() async throws -> [APIGroup] {
        try await request(.GET, "/apis", as: APIGroupList.self).groups
    }

    /// The resources of a group/version, or nil if the server does not serve it.
    public func apiResources(group: String, version: String) async throws -> APIResourceList? {
        let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        do {
            return try await request(.GET, path, as: APIResourceList.self)
        } catch let e as KubeAPIError where e.isNotFound {
            return nil
        }
    }

    /// Whether the server serves `resource` in `group/version`, e.g.
    /// (`networking.k8s.io`, `v1`, `ingresses`), (`policy`, `v1`, `poddisruptionbudgets`),
    /// (`scheduling.volcano.sh`, `v1beta1`, `podgroups`).
    public func hasResource(group: String, version: String, resource: String) async throws -> Bool {
        guard let list = try await apiResources(group: group, version: version) else { return false }
        return list.resources.contains { $0.name == resource }
    }
}
