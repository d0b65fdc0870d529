import SparkOperatorAPI

/// A pod under construction: metadata maps, the pod spec, and the Spark container kept apart
/// from the others so that steps can add to it the way Spark's feature steps and kubeflow's
/// webhook do. Lists that Kubernetes keys by name (env, volumes) are upserted, so no step ever
/// produces a duplicate.
struct PodDraft: Sendable, Hashable {
    var name: String?
    var namespace: String?
    var labels: [String: String] = [:]
    var annotations: [String: String] = [:]
    var ownerReferences: [OwnerReference] = []
    /// Pod spec fields other than `containers`.
    var spec: [String: JSONValue] = [:]
    /// The Spark container (driver or executor).
    var container: [String: JSONValue]
    /// Containers after the Spark container (sidecars).
    var sidecars: [JSONValue] = []

    init(containerName: String) { container = ["name": .string(containerName)] }

    // MARK: Spark container

    /// Appends an env var, or replaces the value of the one with the same name in place.
    mutating func upsertEnv(_ env: JSONValue) {
        var list = container["env"]?.arrayValue ?? []
        if let name = env["name"]?.stringValue, let i = list.firstIndex(where: { $0["name"]?.stringValue == name }) {
            list[i] = env
        } else {
            list.append(env)
        }
        container["env"] = .array(list)
    }

    mutating func upsertEnv(_ name: String, _ value: String) { upsertEnv(["name": .string(name), "value": .string(value)]) }

    mutating func appendEnvFrom(_ sources: [JSONValue]) {
        guard !sources.isEmpty else { return }
        container["envFrom"] = .array((container["envFrom"]?.arrayValue ?? []) + sources)
    }

    /// Adds a volume mount, replacing one at the same mount path.
    mutating func addMount(_ mount: JSONValue) {
        var list = container["volumeMounts"]?.arrayValue ?? []
        if let path = mount["mountPath"]?.stringValue, let i = list.firstIndex(where: { $0["mountPath"]?.stringValue == path }) {
            list[i] = mount
        } else {
            list.append(mount)
        }
        container["volumeMounts"] = .array(list)
    }

    /// Adds a container port, replacing one with the same name (or, unnamed, the same port).
    mutating func addPort(_ port: JSONValue) {
        var list = container["ports"]?.arrayValue ?? []
        let same: (JSONValue) -> Bool = { existing in
            if let name = port["name"]?.stringValue, !name.isEmpty { return existing["name"]?.stringValue == name }
            return existing["containerPort"] == port["containerPort"] && existing["protocol"] == port["protocol"]
        }
        if let i = list.firstIndex(where: same) { list[i] = port } else { list.append(port) }
        container["ports"] = .array(list)
    }

    mutating func setResource(_ kind: String, _ name: String, _ value: String) {
        var resources = container["resources"]?.objectValue ?? [:]
        var map = resources[kind]?.objectValue ?? [:]
        map[name] = .string(value)
        resources[kind] = .object(map)
        container["resources"] = .object(resources)
    }

    // MARK: Pod

    /// Adds a volume, replacing one with the same name.
    mutating func addVolume(_ volume: JSONValue) {
        var list = spec["volumes"]?.arrayValue ?? []
        if let name = volume["name"]?.stringValue, let i = list.firstIndex(where: { $0["name"]?.stringValue == name }) {
            list[i] = volume
        } else {
            list.append(volume)
        }
        spec["volumes"] = .array(list)
    }

    var volumeNames: Set<String> { Set((spec["volumes"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }) }

    mutating func append(_ key: String, _ items: [JSONValue]) {
        guard !items.isEmpty else { return }
        spec[key] = .array((spec[key]?.arrayValue ?? []) + items)
    }

    mutating func mergeNodeSelector(_ selector: [String: String]) {
        guard !selector.isEmpty else { return }
        var map = spec["nodeSelector"]?.objectValue ?? [:]
        for (k, v) in selector { map[k] = .string(v) }
        spec["nodeSelector"] = .object(map)
    }

    /// The pod as JSON (`metadata` and `spec`, the Spark container first).
    var json: JSONValue {
        var metadata: [String: JSONValue] = [:]
        if let name { metadata["name"] = .string(name) }
        if let namespace { metadata["namespace"] = .string(namespace) }
        if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations.mapValues { .string($0) }) }
        if !ownerReferences.isEmpty { metadata["ownerReferences"] = (try? JSONValue(encoding: ownerReferences)) ?? .array([]) }
        var podSpec = spec
        podSpec["containers"] = .array([.object(container)] + sidecars)
        return ["metadata": .object(metadata), "spec": .object(podSpec)]
    }
}
