import Testing

@testable import SparkOperatorAPI

@Suite struct SparkMemoryTests {
    // MARK: byte strings (JavaUtils.byteStringAs)

    @Test(arguments: [
        ("512m", 512), ("1g", 1024), ("2048k", 2), ("1t", 1_048_576), ("1p", 1_073_741_824), ("100b", 0),
        ("1024", 1024), ("1G", 1024), ("1gb", 1024), ("1GB", 1024), ("512MB", 512), ("512mb", 512), (" 1g\t", 1024),
        ("1500k", 1), ("1048575b", 0), ("0", 0), ("007m", 7),
    ] as [(String, Int64)])
    func mebibytes(input: String, expected: Int64) throws {
        #expect(try SparkMemory.mebibytes(input) == expected)
    }

    @Test func unitOfUnitLessValueIsTheRequestedOne() throws {
        #expect(try SparkMemory.parse("1024", as: .byte) == 1024)
        #expect(try SparkMemory.parse("1024", as: .kibibyte) == 1024)
        #expect(try SparkMemory.parse("1kb", as: .byte) == 1024)
        #expect(try SparkMemory.parse("1g", as: .kibibyte) == 1_048_576)
        #expect(try SparkMemory.parse("1m", as: .gibibyte) == 0)
        #expect(try SparkMemory.parse("3p", as: .tebibyte) == 3072)
    }

    @Test(arguments: [
        ("1.5g", SparkMemoryError.Reason.fractional), ("1.5", .fractional), ("0.5m", .fractional),
        ("1x", .unknownSuffix("x")), ("1gib", .unknownSuffix("gib")), ("1Mi", .unknownSuffix("mi")),
        ("", .malformed), ("  ", .malformed), ("g", .malformed), ("-1g", .malformed), ("+1g", .malformed), ("1 g", .malformed),
        (".5g", .malformed), ("1.g", .malformed), ("1,5g", .malformed), ("1g1", .malformed),
        ("99999999999999999999", .outOfRange), ("9999999999999p", .outOfRange),
    ])
    func rejects(input: String, reason: SparkMemoryError.Reason) {
        #expect(throws: SparkMemoryError(input: input, reason: reason)) { try SparkMemory.mebibytes(input) }
    }

    @Test func errorMessagesQuoteTheValueAndItsKey() {
        let e = SparkMemoryError(input: "1.5g", reason: .fractional, key: "spec.driver.memory")
        #expect(e.description.hasPrefix("invalid spec.driver.memory \"1.5g\": fractional"))
        #expect(SparkMemoryError(input: "1x", reason: .unknownSuffix("x")).description.contains("unknown unit \"x\""))
        #expect(SparkMemoryError(input: "abc", reason: .malformed).description.contains("512m"))
    }

    // MARK: pod memory (BasicDriverFeatureStep / BasicExecutorFeatureStep)

    /// reference/spark-submit/scala/driver-pod.yaml and python/driver-pod.yaml (spark-submit 3.5.1).
    @Test func referenceDriverPods() throws {
        #expect(try SparkMemory.podMemoryMiB(memory: "1g", overhead: nil, factor: nil, isJVM: true) == 1408)
        #expect(try SparkMemory.podMemoryMiB(memory: "1g", overhead: nil, factor: nil, isJVM: false) == 1433)
        #expect(SparkMemory.podMemoryString(mebibytes: 1408) == "1408Mi")
        #expect(SparkMemory.podMemoryString(mebibytes: 1433) == "1433Mi")
    }

    @Test(arguments: [
        // memory, overhead, factor, isJVM, expected
        (nil, nil, nil, true, 1408),
        ("4g", nil, nil, true, 4096 + 409),
        ("4g", nil, nil, false, 4096 + 1638),  // 0.4 × 4096 = 1638.4, truncated
        ("8g", nil, 0.2, true, 8192 + 1638),
        ("1g", nil, 0.2, true, 1024 + 384),  // 204 is below the floor
        ("1g", nil, 0.0, true, 1024 + 384),
        ("1g", "512m", nil, true, 1024 + 512),
        ("1g", "100", 0.9, false, 1024 + 100),  // an explicit overhead wins, even below the floor
        ("2048", nil, nil, true, 2048 + 384),  // unit-less: MiB
        ("3000m", nil, 0.57, true, 3000 + 1709),  // 0.57 × 3000 is 1709.9999999999998 in doubles
        ("100000g", nil, 30000.0, true, 102_400_000 + Int64(Int32.max)),  // Scala's toInt saturates
    ] as [(String?, String?, Double?, Bool, Int64)])
    func podMemory(memory: String?, overhead: String?, factor: Double?, isJVM: Bool, expected: Int64) throws {
        #expect(try SparkMemory.podMemoryMiB(memory: memory, overhead: overhead, factor: factor, isJVM: isJVM) == expected)
    }

    @Test func podMemoryRejectsBadInputs() {
        #expect(throws: SparkMemoryError(input: "1.5g", reason: .fractional)) {
            try SparkMemory.podMemoryMiB(memory: "1.5g", overhead: nil, factor: nil, isJVM: true)
        }
        #expect(throws: SparkMemoryError(input: "lots", reason: .malformed)) {
            try SparkMemory.podMemoryMiB(memory: "1g", overhead: "lots", factor: nil, isJVM: true)
        }
        #expect(throws: SparkMemoryError.self) {
            try SparkMemory.podMemoryMiB(memory: "1g", overhead: nil, factor: -0.1, isJVM: true)
        }
        #expect(throws: SparkMemoryError.self) {
            try SparkMemory.podMemoryMiB(memory: "1g", overhead: nil, factor: .nan, isJVM: true)
        }
        #expect(throws: SparkMemoryError.self) {
            try SparkMemory.podMemoryMiB(memory: "8796093022207p", overhead: "8796093022207p", factor: nil, isJVM: true)
        }
    }

    @Test func executorAddsPySparkAndOffHeapMemory() throws {
        #expect(try SparkMemory.executorPodMemoryMiB(memory: "1g", overhead: nil, factor: nil, isJVM: true) == 1408)
        #expect(try SparkMemory.executorPodMemoryMiB(
            memory: "1g", overhead: nil, factor: nil, isJVM: false, pysparkMemory: "512m") == 1433 + 512)
        #expect(try SparkMemory.executorPodMemoryMiB(
            memory: "2g", overhead: "1g", factor: nil, isJVM: true, offHeapMiB: 300) == 2048 + 1024 + 300)
    }

    @Test func overheadHelpers() throws {
        #expect(SparkMemory.overheadMiB(memoryMiB: 1024, factor: 0.4) == 409)
        #expect(SparkMemory.overheadMiB(memoryMiB: 1024, factor: 0.1) == 384)
        #expect(SparkMemory.defaultOverheadFactor(isJVM: true) == 0.1)
        #expect(SparkMemory.defaultOverheadFactor(isJVM: false) == 0.4)
        #expect(try SparkMemory.overheadFactor(" 0.25 ") == 0.25)
        #expect(try SparkMemory.overheadFactor("0") == 0)
        for bad in ["", "x", "-0.1", "inf", "nan", "0.1d"] {
            #expect(throws: SparkMemoryError(input: bad, reason: .invalidFactor)) { try SparkMemory.overheadFactor(bad) }
        }
        #expect(SparkMemory.jvmToInt(.nan) == 0)
        #expect(SparkMemory.jvmToInt(1e12) == Int32.max)
        #expect(SparkMemory.jvmToInt(-1e12) == Int32.min)
        #expect(SparkMemory.jvmToInt(-3.7) == -3)
        #expect(SparkMemory.jvmToInt(409.6) == 409)
    }

    // MARK: from a spec (the conf kubeflow hands spark-submit)

    private func spec(_ type: SparkApplicationType = .scala, file: String? = "local:///opt/spark/examples/jars/e.jar",
                      conf: [String: String]? = nil) -> SparkApplicationSpec {
        var s = SparkApplicationSpec(type: type, sparkVersion: "3.5.1", mainApplicationFile: file)
        s.sparkConf = conf
        return s
    }

    @Test func specDefaultsMatchTheReferencePods() throws {
        #expect(try SparkMemory.driverPodMemoryMiB(for: spec()) == 1408)
        #expect(try SparkMemory.executorPodMemoryMiB(for: spec()) == 1408)
        let python = spec(.python, file: "local:///opt/spark/examples/src/main/python/pi.py")
        #expect(try SparkMemory.driverPodMemoryMiB(for: python) == 1433)
        #expect(try SparkMemory.executorPodMemoryMiB(for: python) == 1433)  // the driver propagates 0.4
        #expect(try SparkMemory.driverPodMemoryMiB(for: spec(.r, file: "app.R")) == 1433)
    }

    @Test func specFieldsWinOverSparkConf() throws {
        var s = spec(conf: ["spark.driver.memory": "8g", "spark.driver.memoryOverhead": "1g", "spark.executor.memory": "2g"])
        #expect(try SparkMemory.driverPodMemoryMiB(for: s) == 8192 + 1024)
        #expect(try SparkMemory.executorPodMemoryMiB(for: s) == 2048 + 384)
        s.driver.memory = "4g"
        s.driver.memoryOverhead = "512m"
        s.executor.memory = "3g"
        s.executor.memoryOverhead = "256m"
        #expect(try SparkMemory.driverPodMemoryMiB(for: s) == 4096 + 512)
        #expect(try SparkMemory.executorPodMemoryMiB(for: s) == 3072 + 256)
    }

    @Test func overheadFactorPrecedence() throws {
        var s = spec()
        s.driver.memory = "4g"
        s.executor.memory = "4g"
        s.memoryOverheadFactor = "0.2"
        #expect(try SparkMemory.driverPodMemoryMiB(for: s) == 4096 + 819)
        #expect(try SparkMemory.executorPodMemoryMiB(for: s) == 4096 + 819)
        s.sparkConf = ["spark.kubernetes.memoryOverheadFactor": "0.3"]  // later --conf wins over the spec field
        #expect(try SparkMemory.driverPodMemoryMiB(for: s) == 4096 + 1228)
        s.sparkConf?["spark.driver.memoryOverheadFactor"] = "0.5"
        s.sparkConf?["spark.executor.memoryOverheadFactor"] = "0.25"
        #expect(try SparkMemory.driverPodMemoryMiB(for: s) == 4096 + 2048)
        #expect(try SparkMemory.executorPodMemoryMiB(for: s) == 4096 + 1024)
        // A JVM factor set explicitly also applies to Python applications.
        var python = spec(.python, file: "main.py", conf: ["spark.kubernetes.memoryOverheadFactor": "0.1"])
        python.driver.memory = "1g"
        #expect(try SparkMemory.driverPodMemoryMiB(for: python) == 1408)
    }

    @Test func pysparkMemoryCountsForPythonExecutorsOnly() throws {
        let conf = ["spark.executor.pyspark.memory": "512m"]
        #expect(try SparkMemory.executorPodMemoryMiB(for: spec(.python, file: "a.py", conf: conf)) == 1433 + 512)
        #expect(try SparkMemory.executorPodMemoryMiB(for: spec(.scala, conf: conf)) == 1408)
        #expect(try SparkMemory.executorPodMemoryMiB(for: spec(.r, file: "a.R", conf: conf)) == 1433)
        #expect(try SparkMemory.driverPodMemoryMiB(for: spec(.python, file: "a.py", conf: conf)) == 1433)
    }

    @Test func offHeapMemoryCountsWhenEnabled() throws {
        let on = ["spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1g"]
        #expect(try SparkMemory.executorPodMemoryMiB(for: spec(conf: on)) == 1408 + 1024)
        #expect(try SparkMemory.driverPodMemoryMiB(for: spec(conf: on)) == 1408)
        let bytes = ["spark.memory.offHeap.enabled": " TRUE ", "spark.memory.offHeap.size": "3145728"]  // unit-less: bytes
        #expect(try SparkMemory.executorPodMemoryMiB(for: spec(conf: bytes)) == 1408 + 3)
        let off = ["spark.memory.offHeap.enabled": "false", "spark.memory.offHeap.size": "1g"]
        #expect(try SparkMemory.executorPodMemoryMiB(for: spec(conf: off)) == 1408)
        #expect(throws: SparkMemoryError(input: "0", reason: .offHeapSizeRequired, key: "spark.memory.offHeap.size")) {
            try SparkMemory.executorPodMemoryMiB(for: spec(conf: ["spark.memory.offHeap.enabled": "true"]))
        }
        #expect(throws: SparkMemoryError(input: "yes", reason: .notBoolean, key: "spark.memory.offHeap.enabled")) {
            try SparkMemory.executorPodMemoryMiB(for: spec(conf: ["spark.memory.offHeap.enabled": "yes"]))
        }
    }

    @Test func specErrorsNameTheirSource() {
        var s = spec(conf: ["spark.executor.memory": "lots"])
        s.driver.memory = "1.5g"
        #expect(throws: SparkMemoryError(input: "1.5g", reason: .fractional, key: "spec.driver.memory")) {
            try SparkMemory.driverPodMemoryMiB(for: s)
        }
        #expect(throws: SparkMemoryError(input: "lots", reason: .malformed, key: "spark.executor.memory")) {
            try SparkMemory.executorPodMemoryMiB(for: s)
        }
        let zero = spec(conf: ["spark.driver.memoryOverheadFactor": "0"])
        #expect(throws: SparkMemoryError(input: "0", reason: .invalidFactor, key: "spark.driver.memoryOverheadFactor")) {
            try SparkMemory.driverPodMemoryMiB(for: zero)
        }
        var badSpecFactor = spec()
        badSpecFactor.memoryOverheadFactor = "ten percent"
        #expect(throws: SparkMemoryError(input: "ten percent", reason: .invalidFactor, key: "spec.memoryOverheadFactor")) {
            try SparkMemory.driverPodMemoryMiB(for: badSpecFactor)
        }
    }

    @Test func appResourceKind() {
        #expect(SparkAppResource(mainApplicationFile: "local:///a/pi.py", type: .scala) == .python)
        #expect(SparkAppResource(mainApplicationFile: "s3a://b/app.R", type: .scala) == .r)
        #expect(SparkAppResource(mainApplicationFile: "app.r", type: .python) == .r)
        #expect(SparkAppResource(mainApplicationFile: "app.jar", type: .python) == .jvm)
        #expect(SparkAppResource(mainApplicationFile: nil, type: .python) == .python)
        #expect(SparkAppResource(mainApplicationFile: nil, type: .r) == .r)
        #expect(SparkAppResource(mainApplicationFile: nil, type: .java) == .jvm)
        #expect(SparkAppResource.jvm.isJVM && !SparkAppResource.python.isJVM)
    }

    // MARK: memoryLimit (kubeflow's ConvertJavaMemoryStringToK8sMemoryString)

    @Test(arguments: [
        ("512m", "512Mi"), ("1.5g", "1536Mi"), ("2g", "2Gi"), ("2G", "2Gi"), ("512mb", "512Mi"), ("512MB", "512Mi"),
        ("1kb", "1Ki"), ("4k", "4Ki"), ("1t", "1Ti"), ("1p", "1Pi"), ("100b", "100"), ("2048b", "2048"),
        ("1Gi", "1Gi"), ("1536Mi", "1536Mi"), ("1073741824", "1073741824"), ("1E", "1E"),
    ])
    func memoryLimitConversion(input: String, quantity: String) throws {
        #expect(try SparkMemory.kubernetesQuantity(fromJavaMemory: input).description == quantity)
    }

    @Test func memoryLimitErrorsQuoteTheOriginalString() {
        #expect(throws: QuantityError(input: "1.2.3g", reason: .malformed)) {
            try SparkMemory.kubernetesQuantity(fromJavaMemory: "1.2.3g")
        }
        #expect(throws: QuantityError(input: "512x", reason: .unknownSuffix("x"))) {
            try SparkMemory.kubernetesQuantity(fromJavaMemory: "512x")
        }
        #expect(throws: QuantityError(input: "", reason: .empty)) { try SparkMemory.kubernetesQuantity(fromJavaMemory: "") }
    }
}
