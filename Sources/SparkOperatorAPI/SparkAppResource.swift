/// The kind of main application resource spark-submit sees. It decides the default memory
/// overhead factor (0.1 for JVM resources, 0.4 for Python and R) and whether
/// `spark.executor.pyspark.memory` counts towards executor pod memory (Python only).
public enum SparkAppResource: String, Sendable, Hashable, CaseIterable {
    case jvm
    case python
    case r

    /// As spark-submit decides it, from the main file's name: `.py` is Python, `.R` or `.r` is R,
    /// anything else a JVM resource. Without a main file, from the application `type`.
    public init(mainApplicationFile: String?, type: SparkApplicationType) {
        if let file = mainApplicationFile {
            if file.hasSuffix(".py") {
                self = .python
            } else if file.hasSuffix(".R") || file.hasSuffix(".r") {
                self = .r
            } else {
                self = .jvm
            }
        } else {
            switch type {
            case .python: self = .python
            case .r: self = .r
            default: self = .jvm
            }
        }
    }

    /// The resource kind of an application spec.
    public init(spec: SparkApplicationSpec) {
        self.init(mainApplicationFile: spec.mainApplicationFile, type: spec.type)
    }

    /// Java or Scala (anything Spark runs directly in the JVM).
    public var isJVM: Bool { self == .jvm }
}
