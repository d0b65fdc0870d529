import Kube
import SparkOperatorAPI
import Testing

@Suite("YAML → JSON as kubectl reads it")
struct YAMLTests {
    @Test func scalarsResolveLikeGoYAML() throws {
        let doc = try YAML.document("""
            a: 1
            b: "1"
            c: 1.5
            d: true
            e: yes
            f: "true"
            g: null
            h: ~
            i: 4.0.4
            j: 2026-11-25T00:44:50Z
            k: '185'
            l: -3
            m: 1e3
            """)
        #expect(doc["a"] == .int(1))
        #expect(doc["b"] == .string("1"))
        #expect(doc["c"] == .double(1.5))
        #expect(doc["d"] == .bool(true))
        #expect(doc["e"] == .bool(true))
        #expect(doc["f"] == .string("true"))
        #expect(doc["g"] == .null)
        #expect(doc["h"] == .null)
        #expect(doc["i"] == .string("4.0.4"))
        #expect(doc["j"] == .string("2026-11-25T00:44:50Z"))
        #expect(doc["k"] == .string("185"))
        #expect(doc["l"] == .int(-3))
        #expect(doc["m"] == .double(1000))
    }

    @Test func multipleDocumentsSkipEmptyOnes() throws {
        let docs = try YAML.documents("---\na: 1\n---\n---\nb: 2\n")
        #expect(docs == [["a": 1], ["b": 2]])
    }

    @Test func renderReadsBackToTheSameValue() throws {
        let value: JSONValue = [
            "s": "yes", "n": "123", "e": "", "t": true, "i": 7, "d": 2.5, "multi": "a\nb\n",
            "list": ["x", 1, ["k": "v"]], "empty": [:], "colon": "a: b", "version": "4.0.4",
        ]
        let text = try YAML.render(value)
        #expect(try YAML.document(text) == value)
    }

    @Test func invalidYAMLIsAClearError() {
        #expect(throws: YAML.Error.self) { try YAML.documents("a: [1, 2") }
        #expect(throws: YAML.Error.self) { try YAML.document("a: 1\n---\nb: 2") }
    }
}
