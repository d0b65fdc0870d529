import AsyncHTTPClient
import Foundation
import NIOCore
import SparkOperatorAPI

/// Query parameters of `GET /api/v1/namespaces/{ns}/pods/{pod}/log` (`core/v1.PodLogOptions`).
public struct PodLogOptions: Sendable, Hashable {
    /// The container; the server requires it when the pod has more than one.
    public var container: String?
    /// Keep the stream open and send lines as they are written, until the container ends.
    public var follow: Bool
    /// The log of the previous, terminated instance of the container.
    public var previous: Bool
    /// Only the last lines.
    public var tailLines: Int?
    /// Only lines newer than this many seconds.
    public var sinceSeconds: Int?
    /// Prefix every line with an RFC 3339 timestamp.
    public var timestamps: Bool
    /// At most this many bytes.
    public var limitBytes: Int?

    public init(
        container: String? = nil, follow: Bool = false, previous: Bool = false, tailLines: Int? = nil,
        sinceSeconds: Int? = nil, timestamps: Bool = false, limitBytes: Int? = nil
    ) {
        self.container = container
        self.follow = follow
        self.previous = previous
        self.tailLines = tailLines
        self.sinceSeconds = sinceSeconds
        self.timestamps = timestamps
        self.limitBytes = limitBytes
    }

    public var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let container, !container.isEmpty { q.append(("container", container)) }
        if follow { q.append(("follow", "true")) }
        if previous { q.append(("previous", "true")) }
        if let tailLines { q.append(("tailLines", String(tailLines))) }
        if let sinceSeconds { q.append(("sinceSeconds", String(sinceSeconds))) }
        if timestamps { q.append(("timestamps", "true")) }
        if let limitBytes { q.append(("limitBytes", String(limitBytes))) }
        return q
    }
}

/// A pod's log as it arrives, in chunks of bytes (not split into lines), from one streaming GET
/// started by the first `next()`. Ends (nil) when the server closes the stream — with `follow`,
/// when the container ends; throws `KubeAPIError` when the server refuses (no such pod or
/// container, a container still waiting to start, a kubelet it cannot reach) and
/// `KubeClientError(.transport)` when the connection breaks. No idle timeout: a quiet container
/// is not a dead connection. Cancelling the consuming task closes the stream.
public struct PodLogStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let client: KubeClient
    let request: KubeRequest

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: PodLogStream
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var started = false
        private var finished = false

        init(stream: PodLogStream) { self.stream = stream }

        public mutating func next() async throws -> [UInt8]? {
            while !finished {
                if !started {
                    started = true
                    // 204 No Content: a pod on no node yet has an empty log.
                    body = try await stream.client.openWatch(stream.request, accepting: 200...299).body.makeAsyncIterator()
                }
                guard body != nil else { break }
                let chunk: ByteBuffer?
                do {
                    chunk = try await body?.next()
                } catch {
                    finished = true
                    body = nil
                    throw stream.client.transportError(error, request: stream.request)
                }
                guard let chunk else { break }
                if chunk.readableBytes > 0 { return Array(chunk.readableBytesView) }
            }
            finished = true
            body = nil
            return nil
        }
    }
}

extension KubeClient {
    /// The log of a pod's container, whole (`options.follow` is ignored; see `streamPodLog`).
    /// The server answers 400 when the pod has no node yet or the container has not started.
    public func podLog(name: String, namespace: String, options: PodLogOptions = PodLogOptions()) async throws -> Data {
        var options = options
        options.follow = false
        let response = try await send(try podLogRequest(name: name, namespace: namespace, options: options))
        return response.body
    }

    /// The log of a pod's container as a stream; with `options.follow` it stays open until the
    /// container ends.
    public func streamPodLog(name: String, namespace: String, options: PodLogOptions = PodLogOptions()) throws -> PodLogStream {
        PodLogStream(client: self, request: try podLogRequest(name: name, namespace: namespace, options: options))
    }

    func podLogRequest(name: String, namespace: String, options: PodLogOptions) throws -> KubeRequest {
        let path = try ResourcePath(Pod.resourceType, namespace: namespace, name: name, subresource: "log")
            .validated(forObject: true)
        var request = KubeRequest(.GET, "\(path)" + ResourcePath.query(options.queryItems))
        // The log is text/plain; errors come as a JSON Status.
        request.accept = "application/json, */*"
        return request
    }
}
