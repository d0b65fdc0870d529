import Foundation
import Logging
import SparkOperatorAPI
import Testing

@testable import Kube

@Suite("Exec credential plugins")
struct ExecCredentialPluginTests {
    @discardableResult
    /// A plugin script that appends a line to `count` per run and prints `body`.
    static func script(in dir: TempDir, body: String, exitCode: Int = 0) throws -> String {
        try dir.write(
            "plugin.sh",
            """
            #!/bin/sh
            echo run >> "\(dir.path)/count"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(dir.path)/exec-info"
            printf '%s' "$1 $2 $PLUGIN_ENV" > "\(dir.path)/args"
            cat <<'JSON'
            \(body)
            JSON
            exit \(exitCode)
            """, executable: true)
    }

    static func runs(_ dir: TempDir) -> Int {
        let text = (try? String(contentsOfFile: dir.path + "/count", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    static func credential(apiVersion: String, token: String, expiry: String?) -> String {
        let exp = expiry.map { #", "expirationTimestamp": "\#($0)""# } ?? ""
        return #"{"apiVersion": "\#(apiVersion)", "kind": "ExecCredential", "status": {"token": "\#(token)"\#(exp)}}"#
    }

    @Test(arguments: ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])
    func tokenFromPlugin(apiVersion: String) async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let command = try Self.script(in: dir, body: Self.credential(apiVersion: apiVersion, token: "tok-1", expiry: nil))
        let plugin = ExecCredentialPlugin(
            config: ExecConfig(
                apiVersion: apiVersion, command: command, args: ["get-token", "--x"],
                env: [.init(name: "PLUGIN_ENV", value: "from-env")], provideClusterInfo: true),
            cluster: .init(server: "https://k:6443", certificateAuthorityData: "Q0E="))
        let status = try await plugin.credential()
        #expect(status.token == "tok-1")
        #expect(Self.runs(dir) == 1)
        #expect(try String(contentsOfFile: dir.path + "/args", encoding: .utf8) == "get-token --x from-env")
        let info = try JSONCoding.decoder.decode(
            ExecCredential.self, from: Data(contentsOf: URL(fileURLWithPath: dir.path + "/exec-info")))
        #expect(info.apiVersion == apiVersion)
        #expect(info.kind == "ExecCredential")
        #expect(info.spec?.interactive == false)
        #expect(info.spec?.cluster?.server == "https://k:6443")
        #expect(info.spec?.cluster?.certificateAuthorityData == "Q0E=")
    }

    @Test func cachedUntilExpiry() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let api = "client.authentication.k8s.io/v1"
        let command = try Self.script(
            in: dir, body: Self.credential(apiVersion: api, token: "t", expiry: "2030-01-01T00:00:00Z"))
        let clock = TestWallClock(Date(timeIntervalSince1970: 1_800_000_000))  // 2027
        let plugin = ExecCredentialPlugin(config: ExecConfig(apiVersion: api, command: command), now: { clock.now })
        _ = try await plugin.credential()
        _ = try await plugin.credential()
        #expect(Self.runs(dir) == 1)
        // Concurrent callers share one run too.
        async let a = plugin.credential()
        async let b = plugin.credential()
        _ = try await (a, b)
        #expect(Self.runs(dir) == 1)
        // Past the expiry the plugin runs again.
        clock.now = KubeTime.parse("2030-01-01T00:00:01Z")!
        _ = try await plugin.credential()
        #expect(Self.runs(dir) == 2)
        // After a 401 the cache is dropped.
        clock.now = Date(timeIntervalSince1970: 1_800_000_000)
        await plugin.invalidate()
        _ = try await plugin.credential()
        #expect(Self.runs(dir) == 3)
    }

    @Test func expiredCredentialIsNotCached() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let api = "client.authentication.k8s.io/v1beta1"
        let command = try Self.script(
            in: dir, body: Self.credential(apiVersion: api, token: "t", expiry: "2000-01-01T00:00:00Z"))
        let plugin = ExecCredentialPlugin(config: ExecConfig(apiVersion: api, command: command))
        _ = try await plugin.credential()
        _ = try await plugin.credential()
        #expect(Self.runs(dir) == 2)
    }

    @Test func clientCertificateFromPlugin() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let api = "client.authentication.k8s.io/v1"
        let status = ExecCredential.Status(clientCertificateData: PEM.certificate, clientKeyData: PEM.key)
        let body = String(
            decoding: try JSONCoding.encoder.encode(ExecCredential(apiVersion: api, kind: "ExecCredential", status: status)),
            as: UTF8.self)
        let command = try Self.script(in: dir, body: body)
        let plugin = ExecCredentialPlugin(config: ExecConfig(apiVersion: api, command: command))
        let result = try await plugin.credential()
        #expect(result.token == nil)
        #expect(result.clientCertificateData == PEM.certificate)
        #expect(result.clientKeyData == PEM.key)
    }

    @Test func failuresSayWhatWentWrong() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let api = "client.authentication.k8s.io/v1"

        let failing = try dir.write("fail.sh", "#!/bin/sh\necho 'token expired, run login' >&2\nexit 3\n", executable: true)
        let e1 = await #expect(throws: KubeClientError.self) {
            try await ExecCredentialPlugin(config: ExecConfig(apiVersion: api, command: failing, origin: "kubeconfig /k: users[\"u\"].user.exec")).credential()
        }
        #expect(e1?.message.contains("exited with status 3") == true)
        #expect(e1?.message.contains("token expired, run login") == true)
        #expect(e1?.message.hasPrefix("kubeconfig /k: users[\"u\"].user.exec") == true)

        let wrongVersion = try Self.script(
            in: dir, body: Self.credential(apiVersion: "client.authentication.k8s.io/v1beta1", token: "t", expiry: nil))
        let e2 = await #expect(throws: KubeClientError.self) {
            try await ExecCredentialPlugin(config: ExecConfig(apiVersion: api, command: wrongVersion)).credential()
        }
        #expect(e2?.message.contains("v1beta1") == true, "\(e2?.message ?? "no error")")

        let garbage = try dir.write("garbage.sh", "#!/bin/sh\necho not json\n", executable: true)
        let e3 = await #expect(throws: KubeClientError.self) {
            try await ExecCredentialPlugin(config: ExecConfig(apiVersion: api, command: garbage)).credential()
        }
        #expect(e3?.message.contains("ExecCredential") == true)

        let missing = await #expect(throws: KubeClientError.self) {
            try await ExecCredentialPlugin(
                config: ExecConfig(apiVersion: api, command: "no-such-plugin-xyz", installHint: "brew install xyz")
            ).credential()
        }
        #expect(missing?.message.contains("not found") == true)
        #expect(missing?.message.contains("brew install xyz") == true)

        let empty = try Self.script(in: dir, body: #"{"apiVersion": "\#(api)", "kind": "ExecCredential", "status": {}}"#)
        let e4 = await #expect(throws: KubeClientError.self) {
            try await ExecCredentialPlugin(config: ExecConfig(apiVersion: api, command: empty)).credential()
        }
        #expect(e4?.message.contains("neither a token nor a client certificate") == true)
    }

    @Test func hangingPluginIsKilled() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let slow = try dir.write("slow.sh", "#!/bin/sh\nexec sleep 30\n", executable: true)
        let plugin = ExecCredentialPlugin(
            config: ExecConfig(apiVersion: "client.authentication.k8s.io/v1", command: slow), timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await #expect(throws: KubeClientError.self) { try await plugin.credential() }
        #expect(error?.message.contains("killed") == true, "\(String(describing: error))")
        #expect(started.duration(to: .now) < .seconds(20))  // killed, not waited for (30 s)
    }

    @Test func pluginViaKubeconfigAndCredentialProvider() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let api = "client.authentication.k8s.io/v1"
        try Self.script(in: dir, body: Self.credential(apiVersion: api, token: "from-plugin", expiry: nil))
        let path = try dir.write(
            "config",
            """
            current-context: c
            clusters: [{name: c, cluster: {server: "https://k"}}]
            users: [{name: u, user: {exec: {apiVersion: "\(api)", command: ./plugin.sh}}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            """)
        let config = try KubeConfig.load(path: path)
        let provider = CredentialProvider(
            config.credentials, config: config, tokenFileRefreshInterval: .seconds(60), logger: Logger(label: "test"))
        #expect(provider.isRefreshable)
        #expect(try await provider.current().authorization == "Bearer from-plugin")
        #expect(try await provider.current().authorization == "Bearer from-plugin")
        #expect(Self.runs(dir) == 1)
    }
}

/// A settable wall clock for expiry tests.
final class TestWallClock: @unchecked Sendable {
    private let lock = NSLock()
    private var _now: Date
    init(_ now: Date) { _now = now }
    var now: Date {
        get { lock.withLock { _now } }
        set { lock.withLock { _now = newValue } }
    }
}
