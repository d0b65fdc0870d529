import AsyncHTTPClient
import Foundation
import NIOCore
import SparkOperatorAPI
import Testing

@testable import Kube

@Suite("Watch stream (fake HTTP)")
struct WatchStreamTests {
    /// A streaming 200 response whose chunks the test feeds; `closed` is set when the client
    /// stops reading (cancel, drop, or error).
    final class Body: @unchecked Sendable {
        /// Handed out once: when only the client's iterator holds it, dropping the iterator
        /// terminates the stream (as AsyncHTTPClient's body does).
        private var stream: AsyncThrowingStream<ByteBuffer, any Error>?
        let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
        private let lock = NSLock()
        private var _closed = false
        var closed: Bool { lock.withLock { _closed } }

        init() {
            let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            self.stream = stream
            self.continuation = continuation
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.lock.withLock { self._closed = true }
            }
        }

        func send(_ s: String) { continuation.yield(ByteBuffer(string: s)) }
        var response: HTTPClientResponse {
            lock.withLock {
                defer { stream = nil }
                return HTTPClientResponse(status: .ok, body: .stream(stream!))
            }
        }
    }

    static func event(_ type: String, _ name: String, _ rv: String) -> String {
        #"{"type":"\#(type)","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"\#(name)","resourceVersion":"\#(rv)"}}}"#
    }

    @Test func eventsAcrossChunksUntilTheServerCloses() async throws {
        let body = Body()
        let text = [
            Self.event("ADDED", "a", "1"), Self.event("MODIFIED", "a", "2"),
            #"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"3"}}}"#,
            Self.event("DELETED", "a", "4"),
        ].joined(separator: "\n")  // no final newline
        var rng = SeededRandom(seed: 11)
        var rest = Substring(text)
        while !rest.isEmpty {
            let n = min(rest.count, Int.random(in: 1...30, using: &rng))
            body.send(String(rest.prefix(n)))
            rest = rest.dropFirst(n)
        }
        body.continuation.finish()
        let http = FakeHTTP { _, _ in body.response }
        let stream = try KubeClient.fake(http).watch(
            Pod.self, namespace: "ns", options: WatchOptions(labelSelector: "app=x", resourceVersion: "0", timeoutSeconds: 60))
        var seen: [String] = []
        for try await e in stream { seen.append("\(e.typeName) \(e.resourceVersion ?? "")") }
        #expect(seen == ["ADDED 1", "MODIFIED 2", "BOOKMARK 3", "DELETED 4"])
        #expect(
            http.requests.first?.url
                == "https://k:6443/api/v1/namespaces/ns/pods?watch=true&labelSelector=app%3Dx&resourceVersion=0&timeoutSeconds=60&allowWatchBookmarks=true")
    }

    @Test func errorEventThrowsAndEndsTheStream() async throws {
        let body = Body()
        body.send(Self.event("ADDED", "a", "1") + "\n")
        body.send(#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (4512)","reason":"Expired","code":410}}"# + "\n")
        body.send(Self.event("ADDED", "never", "9") + "\n")
        let http = FakeHTTP { _, _ in body.response }
        var iterator = try KubeClient.fake(http).watch(Pod.self).makeAsyncIterator()
        #expect(try await iterator.next()?.object?.name == "a")
        let error = await #expect(throws: KubeAPIError.self) { _ = try await iterator.next() }
        #expect(error?.isGone == true)
        #expect(try await iterator.next() == nil)
        #expect(body.closed)
    }

    @Test func undecodableObjectIsReportedAndTheStreamGoesOn() async throws {
        let body = Body()
        body.send(#"{"type":"MODIFIED","object":{"metadata":{"name":"bad","resourceVersion":"5"},"status":{"phase":7}}}"# + "\n")
        body.send(Self.event("MODIFIED", "good", "6") + "\n")
        body.continuation.finish()
        let http = FakeHTTP { _, _ in body.response }
        var kinds: [String] = []
        for try await e in try KubeClient.fake(http).watch(Pod.self) {
            if case .undecodable(let f) = e { kinds.append("undecodable \(f.name ?? "") \(f.resourceVersion ?? "")") } else {
                kinds.append("\(e.typeName) \(e.object?.name ?? "")")
            }
        }
        #expect(kinds == ["undecodable bad 5", "MODIFIED good"])
    }

    @Test func openingIsRetriedAndErrorsAreAPIErrors() async throws {
        let body = Body()
        body.continuation.finish()
        let http = FakeHTTP { _, i in i == 0 ? FakeHTTP.response(503, "busy") : body.response }
        for try await _ in try KubeClient.fake(http).watch(Pod.self) {}
        #expect(http.requests.count == 2)

        let forbidden = FakeHTTP { _, _ in FakeHTTP.response(403, FakeHTTP.status(403, reason: "Forbidden")) }
        let error = await #expect(throws: KubeAPIError.self) {
            for try await _ in try KubeClient.fake(forbidden).watch(Pod.self, namespace: "ns") {}
        }
        #expect(error?.isForbidden == true)
        #expect(forbidden.requests.count == 1)
    }

    @Test func idleConnectionTimesOut() async throws {
        let body = Body()
        body.send(Self.event("ADDED", "a", "1") + "\n")
        let http = FakeHTTP { _, _ in body.response }
        var iterator = try KubeClient.fake(http).watch(Pod.self, options: WatchOptions(idleTimeout: .milliseconds(200)))
            .makeAsyncIterator()
        #expect(try await iterator.next()?.object?.name == "a")
        let started = ContinuousClock.now
        let error = await #expect(throws: KubeClientError.self) { _ = try await iterator.next() }
        #expect(error?.kind == .timeout)
        #expect(started.duration(to: .now) < .seconds(20))  // not hanging; loose for a loaded machine
        #expect(body.closed)
    }

    @Test func cancellingTheConsumerClosesTheStream() async throws {
        let body = Body()
        body.send(Self.event("ADDED", "a", "1") + "\n")
        let http = FakeHTTP { _, _ in body.response }
        let stream = try KubeClient.fake(http).watch(Pod.self)
        let started = ContinuousClock.now
        await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                var n = 0
                for try await _ in stream { n += 1 }
                return n
            }
            try? await Task.sleep(for: .milliseconds(100))
            group.cancelAll()
            _ = try? await group.next()
        }
        #expect(started.duration(to: .now) < .seconds(20))  // not hanging; loose for a loaded machine
        #expect(body.closed)
    }

    @Test func droppingTheIteratorClosesTheStream() async throws {
        let body = Body()
        body.send(Self.event("ADDED", "a", "1") + "\n" + Self.event("ADDED", "b", "2") + "\n")
        let http = FakeHTTP { _, _ in body.response }
        for try await e in try KubeClient.fake(http).watch(Pod.self) {
            #expect(e.object?.name == "a")
            break
        }
        // The AsyncThrowingStream terminates once the iterator is gone.
        for _ in 0..<100 where !body.closed { try await Task.sleep(for: .milliseconds(10)) }
        #expect(body.closed)
    }

    @Test func untypedWatch() async throws {
        let body = Body()
        body.send(#"{"type":"ADDED","object":{"apiVersion":"scheduling.volcano.sh/v1beta1","kind":"PodGroup","metadata":{"name":"pg"}}}"#)
        body.continuation.finish()
        let http = FakeHTTP { _, _ in body.response }
        let podGroups = ResourceType(group: "scheduling.volcano.sh", version: "v1beta1", resource: "podgroups", kind: "PodGroup")
        var names: [String] = []
        for try await e in try KubeClient.fake(http).watch(podGroups, namespace: "ns") {
            names.append(e.object?["metadata"]?["name"]?.stringValue ?? "")
        }
        #expect(names == ["pg"])
        #expect(http.requests.first?.url.hasPrefix("https://k:6443/apis/scheduling.volcano.sh/v1beta1/namespaces/ns/podgroups?watch=true") == true)
    }
}
