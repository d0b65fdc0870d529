import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SparkOperatorAPI

/// A watch as an `AsyncSequence` of `WatchEvent`s, started lazily by the first `next()`.
///
/// - One HTTP request per iteration; the stream ends (nil) when the server closes it (after
///   `timeoutSeconds`), and throws on an `ERROR` event (`KubeAPIError`, e.g. 410 Gone),
///   a transport failure, or `KubeClientError(.timeout)` when nothing arrives for
///   `WatchOptions.idleTimeout`. Reconnecting and relisting is the caller's job
///   (KubeRuntime's watcher).
/// - Cancelling the consuming task, or dropping the iterator, closes the HTTP stream at once.
/// - An object that does not decode does not end the stream: it comes as `.undecodable` and
///   is logged at warning level.
/// - Opening the stream is retried like other idempotent reads (429, 5xx, connection errors).
public struct WatchStream<Object: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Object>

    let client: KubeClient
    let request: KubeRequest
    let idleTimeout: Duration
    let decoder: JSONDecoder

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: WatchStream
        private var body: BodyReader?
        private var started = false
        private var finished = false
        private var splitter = LineSplitter()
        private var pending: [[UInt8]] = []
        private var pendingIndex = 0

        init(stream: WatchStream) {
            self.stream = stream
        }

        public mutating func next() async throws -> WatchEvent<Object>? {
            while !finished {
                if pendingIndex < pending.count {
                    let line = pending[pendingIndex]
                    pendingIndex += 1
                    if let event = try decode(line) { return event }
                    continue
                }
                pending = []
                pendingIndex = 0
                if !started {
                    started = true
                    body = BodyReader(try await stream.client.openWatch(stream.request).body)
                }
                guard let body else {
                    finished = true
                    break
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await body.next(idleTimeout: stream.idleTimeout, request: stream.request)
                } catch {
                    finish()
                    throw stream.client.transportError(error, request: stream.request)
                }
                if Task.isCancelled {
                    finish()
                    throw CancellationError()
                }
                if let chunk {
                    pending = try splitter.append(chunk.readableBytesView)
                } else {
                    if let last = splitter.finish() { pending = [last] }
                    self.body = nil  // releases the connection
                    if pending.isEmpty { finished = true }
                }
            }
            return nil
        }

        private mutating func finish() {
            finished = true
            body = nil
            pending = []
        }

        private mutating func decode(_ line: [UInt8]) throws -> WatchEvent<Object>? {
            do {
                let event = try WatchEventDecoder.decode(line, as: Object.self, decoder: stream.decoder)
                if case .undecodable(let failure) = event {
                    stream.client.logger.warning(
                        "skipping an undecodable watch event",
                        metadata: ["request": "\(stream.request.summary)", "failure": "\(failure)"])
                }
                return event
            } catch {
                finish()
                throw error
            }
        }
    }

    /// Owns the response body iterator; one reader at a time (the iterator's `next()`).
    final class BodyReader: @unchecked Sendable {
        private var iterator: HTTPClientResponse.Body.AsyncIterator

        init(_ body: HTTPClientResponse.Body) {
            iterator = body.makeAsyncIterator()
        }

        private func read() async throws -> ByteBuffer? {
            try await iterator.next()
        }

        /// The next chunk, or `KubeClientError(.timeout)` when none arrives within `idleTimeout`.
        func next(idleTimeout: Duration, request: KubeRequest) async throws -> ByteBuffer? {
            try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await self.read() }
                group.addTask {
                    try await Task.sleep(for: idleTimeout)
                    throw KubeClientError(
                        .timeout, "\(request.summary): no data for \(idleTimeout); the connection is presumed dead")
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        }
    }
}

extension KubeClient {
    /// Watches objects of `T` in `namespace` (all namespaces when nil).
    /// `decoder` decodes the objects (its `userInfo` can ask a type to skip fields: e.g.
    /// `Pod.omitSpec` for a cache that never reads pod specs).
    public func watch<T: KubernetesObject>(
        _ type: T.Type = T.self, namespace: String? = nil, options: WatchOptions = WatchOptions(),
        decoder: JSONDecoder = JSONCoding.decoder
    ) throws -> WatchStream<T> {
        try watchStream(T.resourceType, namespace: namespace, options: options, decoder: decoder)
    }

    /// Watches any resource as untyped objects.
    public func watch(
        _ resource: ResourceType, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) throws -> WatchStream<JSONValue> {
        try watchStream(resource, namespace: namespace, options: options)
    }

    func watchStream<O: Decodable & Sendable>(
        _ resource: ResourceType, namespace: String?, options: WatchOptions, decoder: JSONDecoder = JSONCoding.decoder
    ) throws -> WatchStream<O> {
        let path = try ResourcePath(resource, namespace: namespace).validated(forObject: false)
        let request = KubeRequest(.GET, "\(path)" + ResourcePath.query(options.queryItems))
        return WatchStream(client: self, request: request, idleTimeout: options.effectiveIdleTimeout, decoder: decoder)
    }

    /// Opens a streaming GET: retried like other reads until a 200 head (or one of `accepting`) arrives.
    func openWatch(_ request: KubeRequest, accepting: ClosedRange<Int> = 200...200) async throws -> HTTPClientResponse {
        try await withRetries(request) {
            let httpRequest = try await self.prepare(request)
            let response = try await self.execute(httpRequest, request: request, deadline: self.options.requestTimeout)
            guard accepting.contains(Int(response.status.code)) else {
                let code = Int(response.status.code)
                let body = try? await self.withTimeout(self.options.requestTimeout, request: request) {
                    try await response.body.collect(upTo: 1 << 20)
                }
                throw KubeAPIError(
                    httpCode: code, body: body.map { Array($0.readableBytesView) } ?? [],
                    retryAfterSeconds: response.headers.first(name: "Retry-After").flatMap { Int($0) })
            }
            return response
        }
    }
}
