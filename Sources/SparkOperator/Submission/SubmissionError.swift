import SparkOperatorAPI

/// Why a SparkApplication cannot be submitted. The reconciler records it as SUBMISSION_FAILED
/// with `description` as the error message; every case names the field to fix.
public enum SubmissionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The spec breaks the rules of `validate(_:)` (kubeflow's validating webhook plus schema rules).
    case invalidSpec([ValidationError])
    /// A value spark-submit would reject, or a combination it cannot build (e.g. a reserved label).
    case invalidValue(field: String, value: String, message: String)
    /// Something spark-submit could do that this operator cannot, e.g. uploading local files from
    /// the submitter's disk.
    case unsupported(field: String, value: String, message: String)

    /// The field to fix (the first one for `invalidSpec`).
    public var field: String {
        switch self {
        case .invalidSpec(let errors): return errors.first?.field ?? "spec"
        case .invalidValue(let field, _, _), .unsupported(let field, _, _): return field
        }
    }

    public var description: String {
        switch self {
        case .invalidSpec(let errors):
            return errors.map(\.description).joined(separator: "; ")
        case .invalidValue(let field, let value, let message):
            return "\(field): invalid value \"\(value)\": \(message)"
        case .unsupported(let field, let value, let message):
            return "\(field): unsupported value \"\(value)\": \(message)"
        }
    }
}
