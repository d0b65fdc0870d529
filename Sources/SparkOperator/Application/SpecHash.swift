import SparkOperatorAPI

/// A stable fingerprint of what a submission was built from: the spec without `suspend` and
/// `timeToLiveSeconds` (changing those must not resubmit, as in kubeflow). Stored on the driver
/// pod; a different value on a later reconcile means the spec was edited → INVALIDATING.
public enum SpecHash {
    public static func of(_ spec: SparkApplicationSpec) -> String {
        var s = spec
        s.suspend = nil
        s.timeToLiveSeconds = nil
        guard let data = try? JSONCoding.encoder.encode(s) else { return "" }
        return fnv1a64(data)
    }

    /// FNV-1a, 64 bit, as 16 hex digits.
    static func fnv1a64<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
