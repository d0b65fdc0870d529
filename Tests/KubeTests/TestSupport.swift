import Foundation

/// A temporary directory removed by `remove()`; files are written relative to it.
struct TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kube-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Written through a descriptor opened with O_CLOEXEC: a child process spawned meanwhile by
    /// another test (kubectl, curl, the control plane) must not inherit a write descriptor to a
    /// script, or executing the script fails with ETXTBSY ("Text file busy").
    @discardableResult
    func write(_ relative: String, _ text: String, executable: Bool = false) throws -> String {
        let full = (path as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let file = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try file.write(contentsOf: Data(text.utf8))
        try file.close()
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full)
        }
        return full
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A self-signed EC certificate and its key (valid until 2126), usable as a CA or client cert.
enum PEM {
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBejCCASGgAwIBAgIUeH/YL6GSatHveYtoYKV3bWgU1/IwCgYIKoZIzj0EAwIw
        EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjUwMTQ1MjZaGA8yMTI2MTEwMTAx
        NDUyNlowEjEQMA4GA1UEAwwHdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH
        A0IABG292PvV4K7NEggD5v5/h6/LkaywaJmKFmjgwtuirfjM35ffJhib7i+rkFOc
        3/oDXqm01rCIa2nIbpsAc7ic6wSjUzBRMB0GA1UdDgQWBBS8JnpGNHReGRTuX6ZQ
        xQxPreZ5KDAfBgNVHSMEGDAWgBS8JnpGNHReGRTuX6ZQxQxPreZ5KDAPBgNVHRMB
        Af8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIFpXWlgVfe8wqT+s0jhisIEN6tYB
        K6z+8Qs6bO/PZFx7AiAHe/LFMYBw+65Ob53B2pVUbSoX/pn7AXe3x25m3gS3nA==
        -----END CERTIFICATE-----

        """

    static let key = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg756wi/HFm04usAoD
        VL1MSnA/miQfvxRL9mKlvAIVbDehRANCAARtvdj71eCuzRIIA+b+f4evy5GssGiZ
        ihZo4MLboq34zN+X3yYYm+4vq5BTnN/6A16ptNawiGtpyG6bAHO4nOsE
        -----END PRIVATE KEY-----

        """

    static var certificateBase64: String { Data(certificate.utf8).base64EncodedString() }
    static var keyBase64: String { Data(key.utf8).base64EncodedString() }
    static var certificateBytes: [UInt8] { Array(certificate.utf8) }
    static var keyBytes: [UInt8] { Array(key.utf8) }
}

/// A deterministic random source (SplitMix64) for jitter tests.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random source that always returns the same fraction of the range (0 = minimum jitter).
struct FixedRandom: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}
