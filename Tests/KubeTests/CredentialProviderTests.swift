import Foundation
import Logging
import Testing

@testable import Kube

@Suite("Credential provider")
struct CredentialProviderTests {
    static func provider(_ credentials: KubeConfig.Credentials, refresh: Duration = .seconds(60)) -> CredentialProvider {
        CredentialProvider(
            credentials, config: KubeConfig(server: "https://k"), tokenFileRefreshInterval: refresh,
            logger: Logger(label: "test"))
    }

    @Test func staticTokenAndBasic() async throws {
        #expect(try await Self.provider(.token("abc")).current().authorization == "Bearer abc")
        #expect(try await Self.provider(.basic(username: "me", password: "pw")).current().authorization == "Basic bWU6cHc=")
        #expect(try await Self.provider(.none).current().authorization == nil)
        #expect(!Self.provider(.token("abc")).isRefreshable)
    }

    @Test func tokenFileIsCachedWithinTheInterval() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("token", "first\n")
        let p = Self.provider(.tokenFile(path: path), refresh: .seconds(3600))
        #expect(try await p.current().authorization == "Bearer first")
        try dir.write("token", "second")
        #expect(try await p.current().authorization == "Bearer first")
        // A 401 forces a re-read.
        await p.invalidate()
        #expect(try await p.current().authorization == "Bearer second")
    }

    @Test func tokenFileIsReReadAfterTheInterval() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("token", "first")
        let p = Self.provider(.tokenFile(path: path), refresh: .zero)
        #expect(try await p.current().authorization == "Bearer first")
        try dir.write("token", "rotated")
        #expect(try await p.current().authorization == "Bearer rotated")
        // A vanished file keeps the last good token.
        try FileManager.default.removeItem(atPath: path)
        #expect(try await p.current().authorization == "Bearer rotated")
    }

    @Test func missingTokenFileFailsFirstRead() async throws {
        let p = Self.provider(.tokenFile(path: "/nonexistent/token"))
        let error = await #expect(throws: KubeClientError.self) { try await p.current() }
        #expect(error?.message.contains("/nonexistent/token") == true)
    }

    @Test func defaultRefreshIsAtMostAMinute() {
        #expect(KubeClient.Options().tokenFileRefreshInterval <= .seconds(60))
    }
}
