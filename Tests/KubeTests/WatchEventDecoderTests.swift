import SparkOperatorAPI
import Testing

@testable import Kube

@Suite("Watch event decoding")
struct WatchEventDecoderTests {
    static func decode<T: Decodable & Sendable>(_ line: String, as: T.Type = Pod.self) throws -> WatchEvent<T> {
        try WatchEventDecoder.decode(Array(line.utf8), as: T.self)
    }

    @Test func addedModifiedDeleted() throws {
        let added: WatchEvent<Pod> = try Self.decode(
            #"{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","namespace":"ns","resourceVersion":"10"},"status":{"phase":"Pending"}}}"#)
        #expect(added.typeName == "ADDED")
        #expect(added.object?.name == "a")
        #expect(added.object?.status?.phase == "Pending")
        #expect(added.resourceVersion == "10")
        let modified: WatchEvent<Pod> = try Self.decode(
            #"{"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"11"},"status":{"phase":"Running"}}}"#)
        guard case .modified(let pod) = modified else {
            Issue.record("expected MODIFIED, got \(modified)")
            return
        }
        #expect(pod.status?.phase == "Running")
        let deleted: WatchEvent<Pod> = try Self.decode(#"{"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"12"}}}"#)
        #expect(deleted.typeName == "DELETED")
        #expect(deleted.resourceVersion == "12")
    }

    @Test func bookmarkCarriesOnlyAResourceVersion() throws {
        let line = #"{"type":"BOOKMARK","object":{"kind":"SparkApplication","apiVersion":"sparkoperator.k8s.io/v1beta2","metadata":{"resourceVersion":"4711","creationTimestamp":null},"spec":{"driver":{},"executor":{}}}}"#
        let typed: WatchEvent<SparkApplication> = try Self.decode(line, as: SparkApplication.self)
        #expect(typed == .bookmark(resourceVersion: "4711") || typed.typeName == "BOOKMARK")
        guard case .bookmark(let rv) = typed else {
            Issue.record("expected BOOKMARK, got \(typed)")
            return
        }
        #expect(rv == "4711")
        let pod: WatchEvent<Pod> = try Self.decode(
            #"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"99","creationTimestamp":null}}}"#)
        #expect(pod.resourceVersion == "99")
        #expect(pod.object == nil)
    }

    @Test func errorEventThrowsKubeAPIError() throws {
        let line = #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (4512)","reason":"Expired","code":410}}"#
        let error = #expect(throws: KubeAPIError.self) { let _: WatchEvent<Pod> = try Self.decode(line) }
        #expect(error?.isGone == true)
        #expect(error?.code == 410)
        #expect(error?.message == "too old resource version: 1 (4512)")
    }

    @Test func undecodableObjectDoesNotThrow() throws {
        // restartCount must be a number.
        let line = #"{"type":"MODIFIED","object":{"metadata":{"name":"bad","namespace":"ns","resourceVersion":"13"},"status":{"containerStatuses":[{"name":"c","ready":true,"restartCount":"many"}]}}}"#
        let event: WatchEvent<Pod> = try Self.decode(line)
        guard case .undecodable(let failure) = event else {
            Issue.record("expected undecodable, got \(event)")
            return
        }
        #expect(failure.eventType == "MODIFIED")
        #expect(failure.name == "bad")
        #expect(failure.namespace == "ns")
        #expect(failure.resourceVersion == "13")
        #expect(failure.message.contains("restartCount"))
        #expect(event.resourceVersion == "13")
    }

    @Test func garbageAndUnknownTypes() throws {
        let garbage: WatchEvent<Pod> = try Self.decode("this is not json")
        #expect(garbage.typeName == "?")
        let unknown: WatchEvent<Pod> = try Self.decode(#"{"type":"SURPRISE","object":{"metadata":{"name":"x"}}}"#)
        guard case .undecodable(let f) = unknown else {
            Issue.record("expected undecodable")
            return
        }
        #expect(f.eventType == "SURPRISE")
        #expect(f.name == "x")
    }

    @Test func untypedEvents() throws {
        let event: WatchEvent<JSONValue> = try Self.decode(
            #"{"type":"ADDED","object":{"kind":"PodGroup","metadata":{"name":"pg"},"spec":{"minMember":3}}}"#, as: JSONValue.self)
        #expect(event.object?["spec"]?["minMember"] == 3)
    }

    /// A whole stream split at every position gives the same events.
    @Test func streamThroughSplitterAtEverySplitPoint() throws {
        let stream = Array(
            ([
                #"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"1"}}}"#,
                #"{"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"2"},"status":{"phase":"Running"}}}"#,
                #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"3"}}}"#,
                #"{"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"4"}}}"#,
            ].joined(separator: "\n") + "\n").utf8)
        for cut in 0...stream.count {
            var splitter = LineSplitter()
            var events: [WatchEvent<Pod>] = []
            for chunk in [stream[..<cut], stream[cut...]] {
                for line in try splitter.append(chunk) { events.append(try WatchEventDecoder.decode(line, as: Pod.self)) }
            }
            if let last = splitter.finish() { events.append(try WatchEventDecoder.decode(last, as: Pod.self)) }
            #expect(events.map(\.typeName) == ["ADDED", "MODIFIED", "BOOKMARK", "DELETED"], "cut \(cut)")
            #expect(events.map(\.resourceVersion) == ["1", "2", "3", "4"], "cut \(cut)")
        }
    }
}
