import Kube
import SparkOperatorAPI

/// What the simulated kubelet reads of a pod's spec (kept as JSON by `Pod`).
extension Pod {
    /// `spec.containers`, in order.
    var containers: [JSONValue] { spec?["containers"]?.arrayValue ?? [] }
    /// `spec.initContainers`, in order.
    var initContainers: [JSONValue] { spec?["initContainers"]?.arrayValue ?? [] }
    /// `spec.volumes`.
    var volumes: [JSONValue] { spec?["volumes"]?.arrayValue ?? [] }
    var nodeName: String? { spec?["nodeName"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    var uid: String { metadata.uid ?? "" }
    /// The `spark-role` label: `driver` or `executor` for Spark's pods.
    var sparkRole: String? { metadata.labels?["spark-role"] }
    var isBeingDeleted: Bool { metadata.deletionTimestamp != nil }
    var phase: String? { status?.phase }
    var isTerminal: Bool { phase == "Succeeded" || phase == "Failed" }

    /// The container whose exit decides the pod's phase: Spark's container
    /// (`spark-kubernetes-driver`/`-executor`, or the older `executor`) when there is one, else
    /// the first container.
    var mainContainer: JSONValue? {
        let sparkNames: Set<String> = ["spark-kubernetes-driver", "spark-kubernetes-executor", "executor"]
        if sparkRole != nil, let spark = containers.first(where: { sparkNames.contains($0["name"]?.stringValue ?? "") }) {
            return spark
        }
        return containers.first
    }

    var mainContainerName: String? { mainContainer?["name"]?.stringValue }

    /// A volume of `spec.volumes` by name.
    func volume(named name: String) -> JSONValue? {
        volumes.first { $0["name"]?.stringValue == name }
    }
}

extension JSONValue {
    /// A container's `env` value of `name` (literal values only).
    func envValue(_ name: String) -> String? {
        self["env"]?.arrayValue?.last(where: { $0["name"]?.stringValue == name })?["value"]?.stringValue
    }

    /// A container's `args`, or `[]`.
    var args: [String] { self["args"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
