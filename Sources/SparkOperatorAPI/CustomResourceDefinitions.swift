/// The two CustomResourceDefinitions (`apiextensions.k8s.io/v1`), assembled from the schemas the
/// API types state. `gen-crds` writes them to `crds/`; a test fails when those files are stale.
///
/// Same group, version, kinds, plurals, short names, printer columns and status subresource as
/// kubeflow's CRDs. Embedded core types are objects with `x-kubernetes-preserve-unknown-fields`,
/// which keeps each CRD small enough for `kubectl apply` (kubeflow's ~850 KB CRDs exceed the
/// 256 KiB last-applied annotation) and installable on Kubernetes 1.20.
public enum CustomResourceDefinitions {
    /// Kubeflow's approval annotation; the API server rejects `*.k8s.io` CRDs without one.
    public static let apiApprovedAnnotation = "https://github.com/kubeflow/spark-operator/pull/1298"

    public struct PrinterColumn: Sendable {
        public var name: String
        public var type: String
        public var jsonPath: String
    }

    public static let sparkApplicationColumns: [PrinterColumn] = [
        .init(name: "Suspend", type: "boolean", jsonPath: ".spec.suspend"),
        .init(name: "Status", type: "string", jsonPath: ".status.applicationState.state"),
        .init(name: "Attempts", type: "string", jsonPath: ".status.executionAttempts"),
        .init(name: "Start", type: "string", jsonPath: ".status.lastSubmissionAttemptTime"),
        .init(name: "Finish", type: "string", jsonPath: ".status.terminationTime"),
        .init(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
    ]

    public static let scheduledSparkApplicationColumns: [PrinterColumn] = [
        .init(name: "Schedule", type: "string", jsonPath: ".spec.schedule"),
        .init(name: "TimeZone", type: "string", jsonPath: ".spec.timeZone"),
        .init(name: "Suspend", type: "string", jsonPath: ".spec.suspend"),
        .init(name: "Last Run", type: "date", jsonPath: ".status.lastRun"),
        .init(name: "Last Run Name", type: "string", jsonPath: ".status.lastRunName"),
        .init(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
    ]

    /// CRD of SparkApplication.
    public static var sparkApplication: JSONValue {
        get throws {
            try definition(
                SparkApplication.resourceType, singular: "sparkapplication", shortName: "sparkapp",
                spec: SparkApplicationSpec.schema, status: SparkApplicationStatus.schema,
                columns: sparkApplicationColumns)
        }
    }

    /// CRD of ScheduledSparkApplication.
    public static var scheduledSparkApplication: JSONValue {
        get throws {
            try definition(
                ScheduledSparkApplication.resourceType, singular: "scheduledsparkapplication",
                shortName: "scheduledsparkapp", spec: ScheduledSparkApplicationSpec.schema,
                status: ScheduledSparkApplicationStatus.schema, columns: scheduledSparkApplicationColumns)
        }
    }

    /// File name in `crds/` (kubeflow's) → CRD.
    public static func all() throws -> [(fileName: String, crd: JSONValue)] {
        [
            ("sparkoperator.k8s.io_sparkapplications.yaml", try sparkApplication),
            ("sparkoperator.k8s.io_scheduledsparkapplications.yaml", try scheduledSparkApplication),
        ]
    }

    static func definition(
        _ type: ResourceType, singular: String, shortName: String, spec: JSONSchemaProps, status: JSONSchemaProps,
        columns: [PrinterColumn]
    ) throws -> JSONValue {
        let root = JSONSchemaProps.object(
            [
                "apiVersion": .string("APIVersion of this object."),
                "kind": .string("Kind of this object."),
                "metadata": JSONSchemaProps(type: "object"),
                "spec": spec,
                "status": status,
            ], required: ["metadata", "spec"], description: "\(type.kind) (\(type.apiVersion)).")
        let schema = try JSONValue(encoding: root)
        let printerColumns: [JSONValue] = columns.map {
            ["name": .string($0.name), "type": .string($0.type), "jsonPath": .string($0.jsonPath)]
        }
        return [
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": [
                "name": .string("\(type.resource).\(type.group)"),
                "annotations": ["api-approved.kubernetes.io": .string(apiApprovedAnnotation)],
            ],
            "spec": [
                "group": .string(type.group),
                "names": [
                    "kind": .string(type.kind),
                    "listKind": .string("\(type.kind)List"),
                    "plural": .string(type.resource),
                    "singular": .string(singular),
                    "shortNames": [.string(shortName)],
                ],
                "scope": "Namespaced",
                "versions": [
                    [
                        "name": .string(type.version),
                        "served": true,
                        "storage": true,
                        "subresources": ["status": [:]],
                        "additionalPrinterColumns": .array(printerColumns),
                        "schema": ["openAPIV3Schema": schema],
                    ]
                ],
            ],
        ]
    }
}
