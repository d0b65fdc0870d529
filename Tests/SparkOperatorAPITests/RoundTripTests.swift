import Foundation
import Kube
import SparkOperatorAPI
import Testing

@Suite("Every kubeflow example decodes and encodes back to the same JSON")
struct RoundTripTests {
    @Test("the fixtures are there")
    func fixturesPresent() {
        #expect(Fixtures.exampleNames.count == 16)
    }

    @Test(arguments: Fixtures.exampleNames)
    func roundTrip(_ name: String) throws {
        let docs = try Fixtures.sparkDocuments(name)
        #expect(!docs.isEmpty, "no Spark document in \(name)")
        for doc in docs {
            let encoded: JSONValue
            switch doc["kind"]?.stringValue {
            case "SparkApplication":
                encoded = try JSONValue(encoding: try doc.decode(as: SparkApplication.self))
            case "ScheduledSparkApplication":
                encoded = try JSONValue(encoding: try doc.decode(as: ScheduledSparkApplication.self))
            default:
                Issue.record("unexpected kind in \(name)")
                continue
            }
            let rendered = (try? YAML.render(encoded)) ?? ""
            #expect(encoded.jsonEquals(doc), "\(name): \(rendered)")
        }
    }

    @Test func absentFieldsAreOmittedNotNull() throws {
        let app = SparkApplication(
            metadata: ObjectMeta(name: "a", namespace: "ns"),
            spec: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", mainApplicationFile: "local:///x.jar"))
        let json = String(decoding: try JSONCoding.encoder.encode(app), as: UTF8.self)
        #expect(!json.contains("null"))
        #expect(json == #"{"apiVersion":"sparkoperator.k8s.io/v1beta2","kind":"SparkApplication","metadata":{"name":"a","namespace":"ns"},"spec":{"driver":{},"executor":{},"mainApplicationFile":"local:///x.jar","sparkVersion":"3.5.1","type":"Scala"}}"#)
    }

    @Test func driverAndExecutorInlineThePodSpec() throws {
        let doc = try YAML.document("""
            cores: 2
            memory: 2g
            podName: my-driver
            coreRequest: 500m
            env: [{name: A, value: b}]
            """)
        let driver = try doc.decode(as: DriverSpec.self)
        #expect(driver.cores == 2)
        #expect(driver.memory == "2g")
        #expect(driver.podName == "my-driver")
        #expect(driver.coreRequest == "500m")
        #expect(driver.env == [["name": "A", "value": "b"]])
        #expect(try JSONValue(encoding: driver).jsonEquals(doc))
    }

    @Test func unknownEnumValuesDecodeAndAreKept() throws {
        let doc = try YAML.document("""
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: x}
            spec: {type: Kotlin, sparkVersion: "3.5.1", mainApplicationFile: f, driver: {}, executor: {}}
            status: {applicationState: {state: WEIRD}}
            """)
        let app = try doc.decode(as: SparkApplication.self)
        #expect(app.spec.type.rawValue == "Kotlin")
        #expect(!app.spec.type.isKnown)
        #expect(app.status?.state.rawValue == "WEIRD")
        #expect(try JSONValue(encoding: app).jsonEquals(doc))
    }

    @Test func statusRoundTripsWithTimes() throws {
        let doc = try YAML.document("""
            sparkApplicationId: spark-123
            submissionID: 6f1c
            lastSubmissionAttemptTime: "2026-11-25T00:44:50Z"
            terminationTime: "2026-11-25T00:45:10Z"
            driverInfo: {podName: a-driver, webUIServiceName: a-ui-svc, webUIPort: 4040, webUIAddress: "10.96.0.5:4040"}
            applicationState: {state: COMPLETED}
            executorState: {a-exec-1: COMPLETED, a-exec-2: FAILED}
            executionAttempts: 1
            submissionAttempts: 1
            """)
        let status = try doc.decode(as: SparkApplicationStatus.self)
        #expect(status.state == .completed)
        #expect(status.executorState?["a-exec-2"] == .failed)
        #expect(status.terminationTime.map { $0.date.timeIntervalSince1970 } == 1_795_567_510)
        #expect(try JSONValue(encoding: status).jsonEquals(doc))
    }

    @Test func missingStateIsNew() throws {
        let status = try YAML.document("applicationState: {}").decode(as: SparkApplicationStatus.self)
        #expect(status.state == .new)
        #expect(SparkApplicationStatus().state == .new)
    }
}

@Suite("Shared values")
struct SharedValueTests {
    @Test func copiesShareAndAMutationCopiesOnWrite() throws {
        let app = try YAML.decode(SparkApplication.self, from: """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: a, namespace: ns}
            spec: {type: Scala, sparkVersion: 3.5.1, mainApplicationFile: local:///x.jar, driver: {cores: 1}, executor: {instances: 2}}
            """)
        var copy = app
        #expect(copy.$spec.isShared(with: app.$spec))
        copy.spec.executor.instances = 3
        #expect(!copy.$spec.isShared(with: app.$spec))
        #expect(app.spec.executor.instances == 2 && copy.spec.executor.instances == 3)
        // JSON unchanged by the wrapper.
        let again = try JSONCoding.decoder.decode(SparkApplication.self, from: JSONCoding.encoder.encode(app))
        #expect(again == app)
        #expect(try JSONValue(encoding: app)["spec"]?["executor"]?["instances"] == 2)
    }

    @Test func aPoolSharesEqualValuesAndForgetsUnheldOnes() {
        let pool = SharingPool<SparkApplicationSpec>()
        let a = Shared(wrappedValue: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1"))
        let b = Shared(wrappedValue: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1"))
        let c = Shared(wrappedValue: SparkApplicationSpec(type: .python, sparkVersion: "3.5.1"))
        let sa = pool.share(a), sb = pool.share(b), sc = pool.share(c)
        #expect(sa.isShared(with: a) && sb.isShared(with: a), "b is handed a's storage")
        #expect(!sc.isShared(with: a))
        #expect(pool.count == 2)
    }

    @Test func aDecoderWithJSONSharingSharesEqualSubtrees() throws {
        let sharing = JSONValueSharing()
        let decoder = JSONCoding.decoder
        decoder.userInfo[JSONValue.sharing] = sharing
        let json = Data(#"[{"capabilities":{"drop":["ALL"]},"runAsUser":185},{"capabilities":{"drop":["ALL"]},"runAsUser":185}]"#.utf8)
        let values = try decoder.decode([JSONValue].self, from: json)
        #expect(values[0] == values[1])
        #expect(sharing.count == 3, "the drop list, the capabilities object, the securityContext")
        #expect(try JSONCoding.decoder.decode([JSONValue].self, from: json) == values, "same values as without sharing")
    }
}
