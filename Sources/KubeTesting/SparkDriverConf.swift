import Foundation
import Kube
import SparkOperatorAPI

/// What a Spark driver reads at start: `spark.properties` from the ConfigMap its pod mounts at
/// the conf directory, and the executor pod template named by
/// `spark.kubernetes.executor.podTemplateFile`, read from whichever ConfigMap volume of the
/// driver container holds that path (honouring `items` and `subPath`), else from the key of
/// that file name in the properties' ConfigMap.
struct SparkDriverConf: Sendable {
    var properties: [String: String]
    /// The ConfigMap `spark.properties` came from.
    var configMapName: String?
    /// The executor pod template, parsed (YAML or JSON).
    var executorTemplate: JSONValue?

    /// A driver that cannot start as Spark would not (an executor pod template that cannot be read).
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// A file of the pod's filesystem that comes from a ConfigMap key.
    struct ConfigMapFile: Hashable {
        var configMap: String
        var key: String
    }

    static let defaultConfDir = "/opt/spark/conf"

    /// Reads the driver's configuration through `client`. Missing ConfigMaps give empty
    /// properties (the kubelet has already waited for the pod's volumes); a template that is
    /// named but not found throws `StartError`.
    static func load(driver: Pod, client: KubeClient) async throws -> SparkDriverConf {
        let namespace = driver.namespace
        var cache: [String: ConfigMap?] = [:]
        func configMap(_ name: String) async throws -> ConfigMap? {
            if let cached = cache[name] { return cached }
            var found: ConfigMap?
            do {
                found = try await client.get(ConfigMap.self, name: name, namespace: namespace)
            } catch let error as KubeAPIError where error.isNotFound {
                found = nil
            }
            cache[name] = found
            return found
        }

        let container = driver.mainContainer ?? [:]
        let confDir = container.envValue("SPARK_CONF_DIR") ?? defaultConfDir
        let args = container.args
        let propertiesPath =
            args.firstIndex(of: "--properties-file").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
            ?? "\(confDir)/spark.properties"
        var conf = SparkDriverConf(properties: [:])
        if let file = resolve(propertiesPath, in: driver, container: container),
            let text = try await configMap(file.configMap)?.data?[file.key]
        {
            conf.properties = JavaProperties.parse(text)
            conf.configMapName = file.configMap
        }

        if let templatePath = conf.properties["spark.kubernetes.executor.podTemplateFile"], !templatePath.isEmpty {
            var text: String?
            if let file = resolve(templatePath, in: driver, container: container) {
                text = try await configMap(file.configMap)?.data?[file.key]
            }
            if text == nil, let name = conf.configMapName {
                let fileName = String(templatePath.split(separator: "/").last ?? "")
                text = try await configMap(name)?.data?[fileName]
            }
            guard let text else {
                throw StartError(
                    description:
                        "Could not load pod from template file \(templatePath): no ConfigMap volume of the driver holds it")
            }
            do {
                conf.executorTemplate = try YAML.document(text)
            } catch {
                throw StartError(description: "Could not load pod from template file \(templatePath): \(error)")
            }
        }
        return conf
    }

    /// The ConfigMap key behind `path` in `container` of `pod`: the volume mount with the
    /// longest mount path holding `path`, when its volume is a ConfigMap.
    static func resolve(_ path: String, in pod: Pod, container: JSONValue) -> ConfigMapFile? {
        let mounts = container["volumeMounts"]?.arrayValue ?? []
        var best: (mountPath: String, relative: String, volume: String)?
        for mount in mounts {
            guard let mountPath = mount["mountPath"]?.stringValue, let volume = mount["name"]?.stringValue else { continue }
            let dir = mountPath.hasSuffix("/") ? String(mountPath.dropLast()) : mountPath
            let relative: String
            if let subPath = mount["subPath"]?.stringValue, !subPath.isEmpty {
                guard path == dir else { continue }
                relative = subPath
            } else if path.hasPrefix(dir + "/") {
                relative = String(path.dropFirst(dir.count + 1))
            } else {
                continue
            }
            if best == nil || dir.count > best!.mountPath.count { best = (dir, relative, volume) }
        }
        guard let best, let source = pod.volume(named: best.volume)?["configMap"],
            let name = source["name"]?.stringValue
        else { return nil }
        if let items = source["items"]?.arrayValue, !items.isEmpty {
            guard let item = items.first(where: { $0["path"]?.stringValue == best.relative }),
                let key = item["key"]?.stringValue
            else { return nil }
            return ConfigMapFile(configMap: name, key: key)
        }
        return ConfigMapFile(configMap: name, key: best.relative)
    }

    /// How many executors the driver asks for at start: `spark.executor.instances` (default 2);
    /// with dynamic allocation, Spark's initial target, the largest of
    /// `spark.dynamicAllocation.minExecutors`, `.initialExecutors` and `spark.executor.instances`
    /// (at least 1, as a running job asks for one).
    var initialExecutors: Int {
        func int(_ key: String) -> Int? { properties[key].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        if properties["spark.dynamicAllocation.enabled"]?.lowercased() == "true" {
            let minimum = int("spark.dynamicAllocation.minExecutors") ?? 0
            let initial = int("spark.dynamicAllocation.initialExecutors") ?? minimum
            return max(1, minimum, initial, int("spark.executor.instances") ?? 0)
        }
        return max(0, int("spark.executor.instances") ?? 2)
    }
}
