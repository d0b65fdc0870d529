import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

@testable import Kube

/// A scripted HTTP executor: records requests, answers with `handler(request, index)`.
final class FakeHTTP: HTTPExecutor, @unchecked Sendable {
    typealias Handler = @Sendable (HTTPClientRequest, Int) async throws -> HTTPClientResponse
    private let lock = NSLock()
    private var _requests: [HTTPClientRequest] = []
    private let handler: Handler

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    var requests: [HTTPClientRequest] { lock.withLock { _requests } }

    func execute(_ request: HTTPClientRequest, deadline: NIODeadline, logger: Logger?) async throws -> HTTPClientResponse {
        let index = lock.withLock {
            _requests.append(request)
            return _requests.count - 1
        }
        return try await handler(request, index)
    }

    func shutdown() async throws {}

    static func response(_ code: Int, _ body: String, headers: [(String, String)] = []) -> HTTPClientResponse {
        HTTPClientResponse(
            status: HTTPResponseStatus(statusCode: code), headers: HTTPHeaders(headers),
            body: .bytes(ByteBuffer(string: body)))
    }

    static func status(_ code: Int, reason: String, message: String = "m") -> String {
        #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\#(message)","reason":"\#(reason)","code":\#(code)}"#
    }

    /// Collects the body of a recorded request.
    static func body(_ request: HTTPClientRequest) async throws -> String {
        guard let body = request.body else { return "" }
        var out = ""
        for try await chunk in body { out += String(buffer: chunk) }
        return out
    }
}

extension KubeClient {
    /// A client on a fake executor with fast retries.
    static func fake(
        _ http: FakeHTTP, credentials: KubeConfig.Credentials = .token("t"), maxAttempts: Int = 3,
        requestTimeout: Duration = .seconds(5)
    ) throws -> KubeClient {
        try KubeClient(
            config: KubeConfig(server: "https://k:6443", credentials: credentials),
            options: .init(
                requestTimeout: requestTimeout,
                retry: RetryPolicy(maxAttempts: maxAttempts, backoff: .init(initial: .milliseconds(1), maximum: .milliseconds(2)))),
            logger: Logger(label: "test"), executor: http)
    }
}
