import Foundation

extension ControlPlane {
    /// Whose bearer token a request carries.
    public enum Identity: Sendable {
        case admin
        case `operator`
        case anonymous
        case token(String)
    }

    /// One HTTP request to the API server (through `curl --cacert`, so the server's certificate
    /// is verified against `caFile`). `path` starts with `/`. A body is sent as JSON.
    /// Throws only when no HTTP response arrived (connection refused, timeout).
    public nonisolated func request(
        _ path: String, method: String = "GET", as identity: Identity = .admin, body: String? = nil,
        contentType: String = "application/json"
    ) async throws -> APIResponse {
        let token: String? =
            switch identity {
            case .admin: adminToken
            case .operator: operatorToken
            case .anonymous: nil
            case .token(let t): t
            }
        return try await Self.request(
            curl: binaries.curl, url: url + path, caFile: caFile, token: token, method: method, body: body,
            contentType: contentType)
    }

    static func request(
        curl: String, url: String, caFile: String, token: String?, method: String = "GET", body: String? = nil,
        contentType: String = "application/json", maxTime: Int = 30
    ) async throws -> APIResponse {
        var args = ["-sS", "--max-time", String(maxTime), "--cacert", caFile, "-X", method, "-w", "\n%{http_code}"]
        if let token { args += ["-H", "Authorization: Bearer \(token)"] }
        if body != nil { args += ["-H", "Content-Type: \(contentType)", "--data-binary", "@-"] }
        args.append(url)
        let result = try await Command.run(curl, args, stdin: body.map { Data($0.utf8) })
        guard result.succeeded, let newline = result.stdout.lastIndex(of: "\n"),
            let status = Int(result.stdout[result.stdout.index(after: newline)...])
        else {
            throw ControlPlaneError("\(method) \(url) failed: curl \(result)")
        }
        return APIResponse(status: status, body: String(result.stdout[..<newline]))
    }
}
