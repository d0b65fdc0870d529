import SparkOperatorAPI

/// Merges a user's pod template (`spec.driver.template`, `spec.executor.template`, a
/// `PodTemplateSpec`) underneath a pod the operator built: the operator's values win, as Spark's
/// feature steps win over the template Spark starts from.
///
/// - `metadata.labels`/`annotations`: merged, ours win; `ownerReferences`: the template's, then ours.
/// - Containers are matched by name. The Spark container merges with the template's container of
///   the same name, else with the template's first container (Spark's `selectSparkContainer`
///   fallback), and keeps its name; it comes first, then the template's other containers, then
///   ours (sidecars) not in the template.
/// - In a container: `env` merged by name, `volumeMounts` by mount path, `ports` by name (or port
///   and protocol), `resources.requests`/`limits` by resource, `envFrom` concatenated; any other
///   field of ours replaces the template's.
/// - In the pod spec: `volumes` and `initContainers` merged by name; `tolerations`, `hostAliases`,
///   `imagePullSecrets` concatenated without exact duplicates; `nodeSelector` merged; any other
///   field of ours replaces the template's.
enum PodTemplateMerge {
    static func merge(template: JSONValue?, into pod: JSONValue, sparkContainer: String) -> JSONValue {
        guard let template, case .object = template else { return pod }
        var result = pod
        result["metadata"] = .object(mergeMetadata(template["metadata"]?.objectValue ?? [:], pod["metadata"]?.objectValue ?? [:]))
        result["spec"] = .object(mergeSpec(template["spec"]?.objectValue ?? [:], pod["spec"]?.objectValue ?? [:],
                                           sparkContainer: sparkContainer))
        return result
    }

    /// The template's container the Spark container is built on: the one named `sparkContainer`,
    /// else the first.
    static func sparkContainer(in template: JSONValue?, named name: String) -> JSONValue? {
        let containers = template?["spec"]?["containers"]?.arrayValue ?? []
        return containers.first(where: { $0["name"]?.stringValue == name }) ?? containers.first
    }

    /// Names of the template's volumes.
    static func volumeNames(_ template: JSONValue?) -> Set<String> {
        Set((template?["spec"]?["volumes"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
    }

    private static func mergeMetadata(_ base: [String: JSONValue], _ ours: [String: JSONValue]) -> [String: JSONValue] {
        var out = base
        for (key, value) in ours {
            switch key {
            case "labels", "annotations":
                out[key] = .object((base[key]?.objectValue ?? [:]).merging(value.objectValue ?? [:]) { _, n in n })
            case "ownerReferences":
                out[key] = .array(unique((base[key]?.arrayValue ?? []) + (value.arrayValue ?? [])))
            default:
                out[key] = value
            }
        }
        return out
    }

    private static func mergeSpec(_ base: [String: JSONValue], _ ours: [String: JSONValue], sparkContainer: String) -> [String: JSONValue] {
        var out = base
        for (key, value) in ours {
            switch key {
            case "containers":
                out[key] = .array(mergeContainers(base[key]?.arrayValue ?? [], value.arrayValue ?? [], sparkContainer: sparkContainer))
            case "initContainers", "volumes":
                out[key] = .array(mergeByKey(base[key]?.arrayValue ?? [], value.arrayValue ?? [], key: { $0["name"] }))
            case "tolerations", "hostAliases", "imagePullSecrets":
                out[key] = .array(unique((base[key]?.arrayValue ?? []) + (value.arrayValue ?? [])))
            case "nodeSelector":
                out[key] = .object((base[key]?.objectValue ?? [:]).merging(value.objectValue ?? [:]) { _, n in n })
            default:
                out[key] = value
            }
        }
        return out
    }

    private static func mergeContainers(_ base: [JSONValue], _ ours: [JSONValue], sparkContainer: String) -> [JSONValue] {
        guard let spark = ours.first else { return base }
        var rest = base
        var merged = spark
        let index = rest.firstIndex(where: { $0["name"]?.stringValue == sparkContainer }) ?? (rest.isEmpty ? nil : 0)
        if let index {
            merged = mergeContainer(rest.remove(at: index), spark)
        }
        return [merged] + mergeByKey(rest, Array(ours.dropFirst()), key: { $0["name"] })
    }

    private static func mergeContainer(_ base: JSONValue, _ ours: JSONValue) -> JSONValue {
        var out = base.objectValue ?? [:]
        for (key, value) in ours.objectValue ?? [:] {
            switch key {
            case "env":
                out[key] = .array(mergeByKey(out[key]?.arrayValue ?? [], value.arrayValue ?? [], key: { $0["name"] }))
            case "volumeMounts":
                out[key] = .array(mergeByKey(out[key]?.arrayValue ?? [], value.arrayValue ?? [], key: { $0["mountPath"] }))
            case "ports":
                out[key] = .array(mergeByKey(out[key]?.arrayValue ?? [], value.arrayValue ?? [], key: { port in
                    if let name = port["name"], name != "" { return name }
                    return ["containerPort": port["containerPort"] ?? .null, "protocol": port["protocol"] ?? "TCP"]
                }))
            case "envFrom":
                out[key] = .array(unique((out[key]?.arrayValue ?? []) + (value.arrayValue ?? [])))
            case "resources":
                var resources = out[key]?.objectValue ?? [:]
                for (kind, map) in value.objectValue ?? [:] {
                    resources[kind] = .object((resources[kind]?.objectValue ?? [:]).merging(map.objectValue ?? [:]) { _, n in n })
                }
                out[key] = .object(resources)
            default:
                out[key] = value
            }
        }
        return .object(out)
    }

    /// `base` with each element of `ours` replacing the one with the same key in place, or appended.
    private static func mergeByKey(_ base: [JSONValue], _ ours: [JSONValue], key: (JSONValue) -> JSONValue?) -> [JSONValue] {
        var out = base
        for item in ours {
            if let k = key(item), let i = out.firstIndex(where: { key($0) == k }) {
                out[i] = item
            } else {
                out.append(item)
            }
        }
        return out
    }

    private static func unique(_ items: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        for item in items where !out.contains(item) { out.append(item) }
        return out
    }
}
