import AsyncHTTPClient
import Logging
import NIOCore

/// What the client needs of an HTTP client: AsyncHTTPClient's `HTTPClient` in production,
/// a scripted fake in unit tests of retries and watch streams.
protocol HTTPExecutor: Sendable {
    func execute(_ request: HTTPClientRequest, deadline: NIODeadline, logger: Logger?) async throws -> HTTPClientResponse
    func shutdown() async throws
}

extension HTTPClient: HTTPExecutor {}
