/// Spark/JVM size strings (`512m`, `1g`, `2048k`) and the pod memory spark-submit 3.5 requests
/// for the driver and executors.
///
/// Sizes are parsed as Spark's `JavaUtils.byteStringAs`: case-insensitive, surrounding whitespace
/// ignored, an integer followed by an optional `b`, `k`/`kb`, `m`/`mb`, `g`/`gb`, `t`/`tb` or
/// `p`/`pb` (powers of 1024). A size without a suffix is in the unit of the property: MiB for
/// `spark.{driver,executor}.memory`, `.memoryOverhead` and `spark.executor.pyspark.memory`, bytes
/// for `spark.memory.offHeap.size`. Converting to a larger unit truncates (`1500k` is 1 MiB).
///
/// Pod memory, as `BasicDriverFeatureStep` and `BasicExecutorFeatureStep` compute it (request and
/// limit alike): memory + overhead, where the overhead is `memoryOverhead` when set, else
/// `max(Int(factor × memoryMiB), 384)`; the factor defaults to 0.1 for JVM resources and 0.4 for
/// Python and R. Executors add `spark.executor.pyspark.memory` (Python only) and the off-heap size
/// (when `spark.memory.offHeap.enabled`). A 1g JVM driver gets 1024 + 384 = 1408 MiB; a 1g Python
/// driver 1024 + Int(0.4 × 1024) = 1433 MiB.
public enum SparkMemory {
    /// The units of Spark byte strings.
    public enum ByteUnit: Int64, Sendable, Hashable, CaseIterable {
        case byte = 1
        case kibibyte = 1024
        case mebibyte = 1_048_576
        case gibibyte = 1_073_741_824
        case tebibyte = 1_099_511_627_776
        case pebibyte = 1_125_899_906_842_624
    }

    /// The overhead floor (`ResourceProfile.MEMORY_OVERHEAD_MIN_MIB`).
    public static let minimumOverheadMiB: Int64 = 384
    /// Default overhead factor of JVM resources.
    public static let jvmOverheadFactor = 0.1
    /// Default overhead factor of Python and R resources.
    public static let nonJVMOverheadFactor = 0.4
    /// Spark's default `spark.{driver,executor}.memory`.
    public static let defaultMemory = "1g"

    /// The overhead factor spark-submit uses when none is configured.
    public static func defaultOverheadFactor(isJVM: Bool) -> Double { isJVM ? jvmOverheadFactor : nonJVMOverheadFactor }

    /// `string` in `unit`, as Spark's `JavaUtils.byteStringAs(string, unit)`.
    public static func parse(_ string: String, as unit: ByteUnit) throws(SparkMemoryError) -> Int64 {
        let text = javaTrim(string).lowercased()
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        let suffix = text.dropFirst(digits.count)
        guard !digits.isEmpty, suffix.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            // `1.5g`: Spark names fractions specifically.
            if let dot = text.firstIndex(of: "."), text[..<dot].allSatisfy({ $0.isASCII && $0.isNumber }), dot != text.startIndex {
                let rest = text[text.index(after: dot)...]
                let fraction = rest.prefix(while: { $0.isASCII && $0.isNumber })
                if !fraction.isEmpty, rest.dropFirst(fraction.count).allSatisfy({ $0.isASCII && $0.isLetter }) {
                    throw SparkMemoryError(input: string, reason: .fractional)
                }
            }
            throw SparkMemoryError(input: string, reason: .malformed)
        }
        guard let value = Int64(digits) else { throw SparkMemoryError(input: string, reason: .outOfRange) }
        let from: ByteUnit
        switch suffix {
        case "": from = unit
        case "b": from = .byte
        case "k", "kb": from = .kibibyte
        case "m", "mb": from = .mebibyte
        case "g", "gb": from = .gibibyte
        case "t", "tb": from = .tebibyte
        case "p", "pb": from = .pebibyte
        default: throw SparkMemoryError(input: string, reason: .unknownSuffix(String(suffix)))
        }
        // ByteUnit.convertTo: multiply up (rejecting overflow) or divide down (truncating).
        if from.rawValue > unit.rawValue {
            let (result, overflow) = value.multipliedReportingOverflow(by: from.rawValue / unit.rawValue)
            if overflow { throw SparkMemoryError(input: string, reason: .outOfRange) }
            return result
        }
        return value / (unit.rawValue / from.rawValue)
    }

    /// `string` in MiB, as `JavaUtils.byteStringAsMb` (how Spark reads `spark.driver.memory`).
    public static func mebibytes(_ string: String) throws(SparkMemoryError) -> Int64 {
        try parse(string, as: .mebibyte)
    }

    /// An overhead factor string, as Spark's `doubleConf`: a finite number ≥ 0.
    public static func overheadFactor(_ string: String) throws(SparkMemoryError) -> Double {
        guard let factor = Double(javaTrim(string)), factor.isFinite, factor >= 0 else {
            throw SparkMemoryError(input: string, reason: .invalidFactor)
        }
        return factor
    }

    /// `max(Int(factor × memoryMiB), 384)`, with Scala's `Double.toInt` (truncating, saturating at
    /// `Int32.max`).
    public static func overheadMiB(memoryMiB: Int64, factor: Double) -> Int64 {
        max(Int64(jvmToInt(factor * Double(memoryMiB))), minimumOverheadMiB)
    }

    /// Driver pod memory in MiB: `memory` (default `1g`, unit-less = MiB) plus `overhead` if set,
    /// else `max(Int(factor × memory), 384)` with `factor` defaulting to 0.1 (JVM) or 0.4 (not).
    /// A 1g JVM driver gives 1408, a 1g Python driver 1433.
    public static func podMemoryMiB(memory: String?, overhead: String?, factor: Double?, isJVM: Bool) throws(SparkMemoryError) -> Int64 {
        try executorPodMemoryMiB(memory: memory, overhead: overhead, factor: factor, isJVM: isJVM)
    }

    /// Executor pod memory in MiB: as `podMemoryMiB`, plus `pysparkMemory` (unit-less = MiB; pass it
    /// only for Python applications, Spark ignores it for others) and `offHeapMiB`.
    public static func executorPodMemoryMiB(
        memory: String?, overhead: String?, factor: Double?, isJVM: Bool, pysparkMemory: String? = nil, offHeapMiB: Int64 = 0
    ) throws(SparkMemoryError) -> Int64 {
        let memoryMiB = try mebibytes(memory ?? defaultMemory)
        let overheadMiB = try overhead.map { (s: String) throws(SparkMemoryError) in try mebibytes(s) }
        let pysparkMiB = try pysparkMemory.map { (s: String) throws(SparkMemoryError) in try mebibytes(s) } ?? 0
        return try total(memoryMiB: memoryMiB, overheadMiB: overheadMiB, factor: factor, isJVM: isJVM, extraMiB: [pysparkMiB, offHeapMiB])
    }

    /// memory + (overhead ?? max(Int(factor × memory), 384)) + extras, rejecting overflow.
    private static func total(
        memoryMiB: Int64, overheadMiB: Int64?, factor: Double?, isJVM: Bool, extraMiB: [Int64]
    ) throws(SparkMemoryError) -> Int64 {
        let factor = factor ?? defaultOverheadFactor(isJVM: isJVM)
        guard overheadMiB != nil || (factor.isFinite && factor >= 0) else {
            throw SparkMemoryError(input: "\(factor)", reason: .invalidFactor)
        }
        let overhead = overheadMiB ?? Self.overheadMiB(memoryMiB: memoryMiB, factor: factor)
        var sum: Int64 = 0
        for part in [memoryMiB, overhead] + extraMiB {
            let (next, overflow) = sum.addingReportingOverflow(part)
            if overflow { throw SparkMemoryError(input: "\(memoryMiB)m", reason: .outOfRange) }
            sum = next
        }
        return sum
    }

    /// The memory quantity string spark-submit puts on the pod: `"\(mebibytes)Mi"`, e.g. `1408Mi`.
    /// (The API server stores its canonical form, `Quantity.mebibytes(_:)`: `1024Mi` becomes `1Gi`.)
    public static func podMemoryString(mebibytes: Int64) -> String { "\(mebibytes)Mi" }

    /// A JVM-style size as a Kubernetes quantity, as kubeflow converts `memoryLimit`: the Java
    /// suffixes `k kb m mb g gb t tb p pb` (any case) become `Ki Mi Gi Ti Pi` (`512m` → `512Mi`,
    /// `1.5g` → `1536Mi`), `b` means bytes, and anything else is read as a Kubernetes quantity
    /// (`1Gi`; a plain number is bytes).
    ///
    /// kubeflow matches the suffix case-sensitively when stripping it, so it fails on `512M` and
    /// `100b`; this accepts them as 512 MiB and 100 bytes.
    public static func kubernetesQuantity(fromJavaMemory string: String) throws(QuantityError) -> Quantity {
        let lower = string.lowercased()
        let conversions: [(java: String, kubernetes: String)] = [
            ("kb", "Ki"), ("mb", "Mi"), ("gb", "Gi"), ("tb", "Ti"), ("pb", "Pi"),
            ("k", "Ki"), ("m", "Mi"), ("g", "Gi"), ("t", "Ti"), ("p", "Pi"), ("b", ""),
        ]
        var converted = string
        if let c = conversions.first(where: { lower.hasSuffix($0.java) }) {
            converted = String(string.dropLast(c.java.count)) + c.kubernetes
        }
        do {
            return try Quantity(parsing: converted)
        } catch {
            throw QuantityError(input: string, reason: error.reason)
        }
    }

    /// Java's `String.trim()`: drops characters up to U+0020 at both ends.
    static func javaTrim(_ s: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } }
        let start = s.firstIndex(where: { !isSpace($0) }) ?? s.endIndex
        let end = s[start...].lastIndex(where: { !isSpace($0) }).map { s.index(after: $0) } ?? start
        return s[start..<end]
    }

    /// Scala/JVM `Double.toInt`: truncates toward zero, NaN is 0, saturates at the Int32 bounds.
    static func jvmToInt(_ d: Double) -> Int32 {
        if d.isNaN { return 0 }
        if d >= Double(Int32.max) { return .max }
        if d <= Double(Int32.min) { return .min }
        return Int32(d.rounded(.towardZero))
    }
}

// MARK: - From an application spec

extension SparkMemory {
    /// Driver pod memory in MiB for `spec`, from the configuration kubeflow hands spark-submit:
    /// `spec.driver.memory` over `spark.driver.memory` (default 1g), `spec.driver.memoryOverhead`
    /// over `spark.driver.memoryOverhead`, and the factor from `spark.driver.memoryOverheadFactor`,
    /// else `spark.kubernetes.memoryOverheadFactor` (sparkConf over `spec.memoryOverheadFactor`,
    /// as the later `--conf` wins), else the default of the main resource.
    public static func driverPodMemoryMiB(for spec: SparkApplicationSpec) throws(SparkMemoryError) -> Int64 {
        let conf = spec.sparkConf ?? [:]
        let resource = SparkAppResource(spec: spec)
        let memoryKey = spec.driver.memory != nil ? "spec.driver.memory" : "spark.driver.memory"
        let overheadKey = spec.driver.memoryOverhead != nil ? "spec.driver.memoryOverhead" : "spark.driver.memoryOverhead"
        let memory = spec.driver.memory ?? conf["spark.driver.memory"]
        let overhead = spec.driver.memoryOverhead ?? conf["spark.driver.memoryOverhead"]
        let factor = try roleFactor(role: "driver", spec: spec)
        let memoryMiB = try keyed(memoryKey) { () throws(SparkMemoryError) in try mebibytes(memory ?? defaultMemory) }
        let overheadMiB = try keyed(overheadKey) { () throws(SparkMemoryError) in
            try overhead.map { (s: String) throws(SparkMemoryError) in try mebibytes(s) }
        }
        return try total(memoryMiB: memoryMiB, overheadMiB: overheadMiB, factor: factor, isJVM: resource.isJVM, extraMiB: [])
    }

    /// Executor pod memory in MiB for `spec`: as `driverPodMemoryMiB(for:)` with the executor's
    /// fields and `spark.executor.*` keys, plus `spark.executor.pyspark.memory` for Python
    /// applications and `spark.memory.offHeap.size` when `spark.memory.offHeap.enabled` is true.
    public static func executorPodMemoryMiB(for spec: SparkApplicationSpec) throws(SparkMemoryError) -> Int64 {
        let conf = spec.sparkConf ?? [:]
        let resource = SparkAppResource(spec: spec)
        let memoryKey = spec.executor.memory != nil ? "spec.executor.memory" : "spark.executor.memory"
        let overheadKey = spec.executor.memoryOverhead != nil ? "spec.executor.memoryOverhead" : "spark.executor.memoryOverhead"
        let memory = spec.executor.memory ?? conf["spark.executor.memory"]
        let overhead = spec.executor.memoryOverhead ?? conf["spark.executor.memoryOverhead"]
        let factor = try roleFactor(role: "executor", spec: spec)
        let memoryMiB = try keyed(memoryKey) { () throws(SparkMemoryError) in try mebibytes(memory ?? defaultMemory) }
        let overheadMiB = try keyed(overheadKey) { () throws(SparkMemoryError) in
            try overhead.map { (s: String) throws(SparkMemoryError) in try mebibytes(s) }
        }
        let pysparkMiB = try keyed("spark.executor.pyspark.memory") { () throws(SparkMemoryError) in
            try (resource == .python ? conf["spark.executor.pyspark.memory"] : nil)
                .map { (s: String) throws(SparkMemoryError) in try mebibytes(s) }
        }
        let offHeapMiB = try offHeapMebibytes(conf)
        return try total(
            memoryMiB: memoryMiB, overheadMiB: overheadMiB, factor: factor, isJVM: resource.isJVM,
            extraMiB: [pysparkMiB ?? 0, offHeapMiB])
    }

    /// `spark.<role>.memoryOverheadFactor` (> 0), else `spark.kubernetes.memoryOverheadFactor`
    /// (≥ 0; sparkConf over `spec.memoryOverheadFactor`), else nil for the resource default.
    private static func roleFactor(role: String, spec: SparkApplicationSpec) throws(SparkMemoryError) -> Double? {
        let conf = spec.sparkConf ?? [:]
        let roleKey = "spark.\(role).memoryOverheadFactor"
        if let s = conf[roleKey] {
            let factor = try keyed(roleKey) { () throws(SparkMemoryError) in try overheadFactor(s) }
            guard factor > 0 else { throw SparkMemoryError(input: s, reason: .invalidFactor, key: roleKey) }
            return factor
        }
        if let s = conf["spark.kubernetes.memoryOverheadFactor"] {
            return try keyed("spark.kubernetes.memoryOverheadFactor") { () throws(SparkMemoryError) in try overheadFactor(s) }
        }
        if let s = spec.memoryOverheadFactor {
            return try keyed("spec.memoryOverheadFactor") { () throws(SparkMemoryError) in try overheadFactor(s) }
        }
        return nil
    }

    /// `Utils.executorOffHeapMemorySizeAsMb`: the off-heap size in whole MiB when enabled, else 0.
    private static func offHeapMebibytes(_ conf: [String: String]) throws(SparkMemoryError) -> Int64 {
        let enabledKey = conf["spark.memory.offHeap.enabled"] != nil ? "spark.memory.offHeap.enabled" : "spark.unsafe.offHeap"
        guard let enabled = conf[enabledKey] else { return 0 }
        switch javaTrim(enabled).lowercased() {
        case "false": return 0
        case "true": break
        default: throw SparkMemoryError(input: enabled, reason: .notBoolean, key: enabledKey)
        }
        let sizeKey = "spark.memory.offHeap.size"
        let bytes = try keyed(sizeKey) { () throws(SparkMemoryError) in try parse(conf[sizeKey] ?? "0", as: .byte) }
        guard bytes > 0 else { throw SparkMemoryError(input: conf[sizeKey] ?? "0", reason: .offHeapSizeRequired, key: sizeKey) }
        return bytes / ByteUnit.mebibyte.rawValue
    }

    /// Runs `body`, naming `key` in any error it throws.
    private static func keyed<T>(_ key: String, _ body: () throws(SparkMemoryError) -> T) throws(SparkMemoryError) -> T {
        do {
            return try body()
        } catch {
            var e = error
            e.key = e.key ?? key
            throw e
        }
    }
}

/// Why a Spark size, overhead factor or memory setting is invalid.
public struct SparkMemoryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Not an integer with an optional unit.
        case malformed
        /// A fraction such as `1.5g`, which Spark does not accept.
        case fractional
        /// A suffix other than b, k, kb, m, mb, g, gb, t, tb, p, pb.
        case unknownSuffix(String)
        /// Beyond 2^63−1 in the target unit.
        case outOfRange
        /// An overhead factor that is not a finite number ≥ 0 (> 0 for the per-role factors).
        case invalidFactor
        /// A boolean property that is neither true nor false.
        case notBoolean
        /// `spark.memory.offHeap.enabled` is true but the size is not positive.
        case offHeapSizeRequired
    }

    /// The rejected value.
    public var input: String
    public var reason: Reason
    /// Where the value came from, e.g. `spark.driver.memory` or `spec.executor.memoryOverhead`.
    public var key: String?

    public init(input: String, reason: Reason, key: String? = nil) {
        self.input = input
        self.reason = reason
        self.key = key
    }

    /// What is wrong, without the value: `fractional sizes are not supported; …`.
    public var explanation: String {
        let sizeHelp = "a size must be an integer with an optional unit: b, k, m, g, t or p (powers of 1024), e.g. 512m or 2g"
        switch reason {
        case .malformed: return sizeHelp
        case .fractional: return "fractional sizes are not supported; \(sizeHelp), e.g. 1536m instead of 1.5g"
        case .unknownSuffix(let s): return "unknown unit \"\(s)\"; \(sizeHelp)"
        case .outOfRange: return "the size is too large"
        case .invalidFactor:
            return "an overhead factor must be a number ≥ 0 (spark.driver/executor.memoryOverheadFactor: > 0), e.g. 0.1"
        case .notBoolean: return "must be true or false"
        case .offHeapSizeRequired: return "spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled is true"
        }
    }

    /// `invalid spark.driver.memory "1.5g": fractional sizes are not supported; …`.
    public var description: String { "invalid \(key ?? "size") \"\(input)\": \(explanation)" }
}
