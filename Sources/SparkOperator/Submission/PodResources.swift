import SparkOperatorAPI

/// What the driver and each executor pod request, as Spark builds them: CPU is the
/// `coreRequest` (`spark.kubernetes.{driver,executor}.request.cores`) or the cores, memory is
/// `SparkMemory`'s memory + overhead (+ PySpark and off-heap memory for executors).
public struct PodResources: Sendable, Hashable {
    public var driverCPU: Quantity
    public var driverMemoryMiB: Int64
    public var executorCPU: Quantity
    public var executorMemoryMiB: Int64

    public init(driverCPU: Quantity, driverMemoryMiB: Int64, executorCPU: Quantity, executorMemoryMiB: Int64) {
        self.driverCPU = driverCPU
        self.driverMemoryMiB = driverMemoryMiB
        self.executorCPU = executorCPU
        self.executorMemoryMiB = executorMemoryMiB
    }

    /// The requests of `spec` (after defaults): spec fields over sparkConf, as kubeflow's later
    /// `--conf` flags override sparkConf.
    public init(spec: SparkApplicationSpec) throws(SubmissionError) {
        let conf = spec.sparkConf ?? [:]
        func cpu(_ role: String, request: String?, cores: Int32?) throws(SubmissionError) -> Quantity {
            let requestKey = "spark.kubernetes.\(role).request.cores"
            let (field, value): (String, String)
            if let request {
                (field, value) = ("spec.\(role).coreRequest", request)
            } else if let request = conf[requestKey] {
                (field, value) = ("spec.sparkConf[\(requestKey)]", request)
            } else if let cores {
                (field, value) = ("spec.\(role).cores", "\(cores)")
            } else {
                (field, value) = ("spec.sparkConf[spark.\(role).cores]", conf["spark.\(role).cores"] ?? "1")
            }
            do {
                return try Quantity(parsing: value)
            } catch {
                throw .invalidValue(field: field, value: value, message: "not a CPU quantity such as 1, 500m or 1.5")
            }
        }
        driverCPU = try cpu("driver", request: spec.driver.coreRequest, cores: spec.driver.cores)
        executorCPU = try cpu("executor", request: spec.executor.coreRequest, cores: spec.executor.cores)
        do {
            driverMemoryMiB = try SparkMemory.driverPodMemoryMiB(for: spec)
            executorMemoryMiB = try SparkMemory.executorPodMemoryMiB(for: spec)
        } catch {
            throw .invalidValue(field: Self.field(error.key), value: error.input, message: error.explanation)
        }
    }

    /// `spec.driver.memory` stays as is; a Spark key becomes `spec.sparkConf[key]`.
    static func field(_ key: String?) -> String {
        guard let key else { return "spec" }
        return key.hasPrefix("spec.") ? key : "spec.sparkConf[\(key)]"
    }
}
