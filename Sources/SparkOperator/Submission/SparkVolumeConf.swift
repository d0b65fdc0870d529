import SparkOperatorAPI

/// Volumes declared in Spark configuration, `spark.kubernetes.<role>.volumes.<type>.<name>.*`,
/// as Spark 3.5's `KubernetesVolumeUtils` parses them and `MountVolumesFeatureStep` mounts them.
struct SparkVolumeConf: Sendable, Hashable {
    var name: String
    var volume: JSONValue
    var mount: JSONValue

    /// The volumes of `role` (`driver` or `executor`), in name order.
    static func parse(_ conf: SparkConf, role: String) throws(SubmissionError) -> [SparkVolumeConf] {
        let prefix = "spark.kubernetes.\(role).volumes."
        let entries = Dictionary(uniqueKeysWithValues: conf.withPrefix(prefix).map { ($0.key, $0.value) })
        var seen: Set<String> = []
        var volumes: [(type: String, name: String)] = []
        for key in entries.keys.sorted() {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2 else { continue }
            let id = "\(parts[0]).\(parts[1])"
            if seen.insert(id).inserted { volumes.append((String(parts[0]), String(parts[1]))) }
        }
        var result: [SparkVolumeConf] = []
        for (type, name) in volumes {
            let base = "\(type).\(name)"
            func option(_ key: String) -> String? { entries["\(base).options.\(key)"] }
            func required(_ key: String) throws(SubmissionError) -> String {
                guard let v = entries["\(base).\(key)"] else {
                    throw .invalidValue(field: "spec.sparkConf[\(prefix)\(base).\(key)]", value: "",
                                        message: "required for a \(type) volume")
                }
                return v
            }
            let mountPath = try required("mount.path")
            let readOnly = entries["\(base).mount.readOnly"].map { $0.trimmingJavaWhitespace().lowercased() == "true" } ?? false
            let subPath = entries["\(base).mount.subPath"] ?? ""
            var source: [String: JSONValue]
            let sourceKey: String
            switch type {
            case "hostPath":
                sourceKey = "hostPath"
                source = ["path": .string(try required("options.path")), "type": ""]
            case "persistentVolumeClaim":
                sourceKey = "persistentVolumeClaim"
                let claim = try required("options.claimName")
                if claim.contains("OnDemand") && role == "driver" {
                    throw .unsupported(field: "spec.sparkConf[\(prefix)\(base).options.claimName]", value: claim,
                                       message: "spark-submit would create the driver's on-demand PVC; create the claim and name it instead")
                }
                source = ["claimName": .string(claim), "readOnly": .bool(readOnly)]
            case "emptyDir":
                sourceKey = "emptyDir"
                source = ["medium": .string(option("medium") ?? "")]
                if let size = option("sizeLimit") { source["sizeLimit"] = .string(size) }
            case "nfs":
                sourceKey = "nfs"
                source = ["path": .string(try required("options.path")), "server": .string(try required("options.server"))]
            default:
                throw .unsupported(field: "spec.sparkConf[\(prefix)\(base).mount.path]", value: type,
                                   message: "Kubernetes volume type `\(type)` is not supported (hostPath, persistentVolumeClaim, emptyDir, nfs)")
            }
            result.append(SparkVolumeConf(
                name: name,
                volume: ["name": .string(name), sourceKey: .object(source)],
                mount: ["mountPath": .string(mountPath), "name": .string(name), "readOnly": .bool(readOnly), "subPath": .string(subPath)]))
        }
        return result
    }
}
