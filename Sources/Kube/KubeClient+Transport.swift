import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SparkOperatorAPI

extension KubeClient {
    /// Sends a request and returns its 2xx response; throws `KubeAPIError` for error statuses,
    /// `KubeClientError` for transport failures and timeouts. Idempotent requests are retried per
    /// `options.retry`; a 401 with a refreshable credential (token file, exec) is retried once
    /// after refreshing it.
    func send(_ request: KubeRequest) async throws -> KubeResponse {
        try await withRetries(request) { try await self.sendOnce(request) }
    }

    /// The retry loop shared by plain requests and watch set-up.
    func withRetries<T: Sendable>(
        _ request: KubeRequest, _ attempt: @Sendable () async throws -> T
    ) async throws -> T {
        var backoff = options.retry.backoff
        var attemptNumber = 1
        var refreshedAfter401 = false
        while true {
            do {
                return try await attempt()
            } catch let error as KubeAPIError {
                if error.code == 401 && credentials.isRefreshable {
                    await credentials.invalidate()
                    if request.idempotent && !refreshedAfter401 {
                        refreshedAfter401 = true
                        logger.debug("401: refreshed the credential, retrying", metadata: ["request": "\(request.summary)"])
                        continue
                    }
                }
                guard request.idempotent, attemptNumber < options.retry.maxAttempts,
                    RetryPolicy.isRetryable(httpCode: error.code)
                else { throw error }
                var delay = backoff.next()
                if let seconds = error.retryAfterSeconds {
                    delay = min(.seconds(max(0, seconds)), options.retry.maxRetryAfter)
                }
                logger.debug(
                    "retrying after an API error",
                    metadata: [
                        "request": "\(request.summary)", "code": "\(error.code)", "attempt": "\(attemptNumber)",
                        "delay": "\(delay)",
                    ])
                try await Task.sleep(for: delay)
            } catch let error as KubeClientError {
                guard request.idempotent, attemptNumber < options.retry.maxAttempts, error.kind == .transport,
                    Self.isRetryableTransportError(error)
                else { throw error }
                let delay = backoff.next()
                logger.debug(
                    "retrying after a transport error",
                    metadata: [
                        "request": "\(request.summary)", "error": "\(error)", "attempt": "\(attemptNumber)",
                        "delay": "\(delay)",
                    ])
                try await Task.sleep(for: delay)
            }
            attemptNumber += 1
        }
    }

    /// One attempt, bounded by `requestTimeout` for head and body.
    private func sendOnce(_ request: KubeRequest) async throws -> KubeResponse {
        let timeout = options.requestTimeout
        let maxBytes = options.maxResponseBytes
        let response: KubeResponse = try await withTimeout(timeout, request: request) {
            let httpRequest = try await self.prepare(request)
            let started = ContinuousClock.now
            let response = try await self.execute(httpRequest, request: request, deadline: timeout)
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: maxBytes)
            } catch is NIOTooManyBytesError {
                throw KubeClientError(
                    .responseTooLarge,
                    "\(request.summary): the response is larger than \(maxBytes) bytes; page the list with a limit")
            } catch {
                throw self.transportError(error, request: request)
            }
            self.logger.trace(
                "request",
                metadata: [
                    "request": "\(request.summary)", "code": "\(response.status.code)",
                    "duration": "\(started.duration(to: .now))",
                ])
            return KubeResponse(code: Int(response.status.code), headers: response.headers, body: Data(body.readableBytesView))
        }
        if response.code >= 400 {
            throw KubeAPIError(
                httpCode: response.code, body: response.body,
                retryAfterSeconds: response.headers.first(name: "Retry-After").flatMap { Int($0) })
        }
        return response
    }

    /// Rate limit, credentials, headers, TLS: the `HTTPClientRequest` for a request.
    func prepare(_ request: KubeRequest) async throws -> HTTPClientRequest {
        if let limiter { try await limiter.acquire() }
        let credential = try await credentials.current()
        var r = HTTPClientRequest(url: config.server + request.path)
        r.method = request.method
        r.headers.add(name: "User-Agent", value: options.userAgent)
        r.headers.add(name: "Accept", value: request.accept)
        if let authorization = credential.authorization {
            r.headers.add(name: "Authorization", value: authorization)
        }
        if let body = request.body {
            r.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            r.body = .bytes(ByteBuffer(bytes: body))
        }
        if let identity = credential.clientIdentity {
            r.tlsConfiguration = try config.tls.makeTLSConfiguration(clientIdentity: identity)
        }
        return r
    }

    /// Executes until the response head, mapping transport errors.
    func execute(_ r: HTTPClientRequest, request: KubeRequest, deadline: Duration) async throws -> HTTPClientResponse {
        do {
            return try await http.execute(r, deadline: .now() + Self.timeAmount(deadline), logger: logger)
        } catch {
            throw transportError(error, request: request)
        }
    }

    func transportError(_ error: any Error, request: KubeRequest) -> any Error {
        if error is CancellationError || error is KubeClientError || error is KubeAPIError { return error }
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded {
                return KubeClientError(.timeout, "\(request.summary): no response within \(options.requestTimeout)")
            }
            if e == .cancelled { return CancellationError() }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return KubeClientError(
                .transport,
                "\(request.summary): TLS failure talking to \(config.server) (\(error)); check the cluster's "
                    + "certificate-authority, or the client certificate")
        }
        return KubeClientError(.transport, "\(request.summary): cannot reach \(config.server): \(error)")
    }

    static func isRetryableTransportError(_ error: KubeClientError) -> Bool {
        error.kind == .transport && !error.message.contains("TLS failure")
    }

    /// Runs `operation`, failing with `KubeClientError(.timeout)` after `timeout`.
    func withTimeout<T: Sendable>(
        _ timeout: Duration, request: KubeRequest, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw KubeClientError(.timeout, "\(request.summary): no complete response within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Decodes a response body as `T`, with an error naming the request and the failing field.
    func decode<T: Decodable>(
        _ type: T.Type, from response: KubeResponse, request: KubeRequest, decoder: JSONDecoder = JSONCoding.decoder
    ) throws -> T {
        do {
            return try decoder.decode(T.self, from: response.body)
        } catch {
            throw KubeClientError(
                .decoding,
                "\(request.summary): cannot decode the response as \(T.self): \(Self.describe(error)); body: "
                    + KubeAPIError.excerpt(response.body, limit: 300))
        }
    }

    /// A one-line account of a decoding error: what and where.
    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ p: [any CodingKey]) -> String {
            p.isEmpty ? "the top level" : p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch e {
        case .typeMismatch(let t, let c): return "\(path(c.codingPath)): expected \(t) (\(c.debugDescription))"
        case .valueNotFound(let t, let c): return "\(path(c.codingPath)): missing \(t)"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath + [k])): missing"
        case .dataCorrupted(let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
