import Foundation
import SparkOperatorAPI
import Testing

@testable import Kube

@Suite("Core objects")
struct CoreObjectTests {
    /// Decodes `json` as T, encodes it again, and checks the JSON is unchanged.
    @discardableResult
    static func roundTrip<T: Codable>(_ type: T.Type, _ json: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        let object = try json.decode(as: T.self)
        let again = try JSONValue(encoding: object)
        #expect(again.jsonEquals(json), "round trip changed \(T.self):\n\(diff(json, again))", sourceLocation: sourceLocation)
        return object
    }

    static func diff(_ a: JSONValue, _ b: JSONValue, path: String = "") -> String {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return Set(x.keys).union(y.keys).sorted().compactMap { k -> String? in
                guard let xv = x[k] else { return "\(path).\(k): added" }
                guard let yv = y[k] else { return "\(path).\(k): dropped" }
                let d = diff(xv, yv, path: "\(path).\(k)")
                return d.isEmpty ? nil : d
            }.joined(separator: "\n")
        default:
            return a.jsonEquals(b) ? "" : "\(path): \(a) → \(b)"
        }
    }

    @Test func aSpecOmittingDecoderLeavesTheSpecOutAndKeepsMetadataAndStatus() throws {
        let data = try JSONCoding.encoder.encode(YAML.document(Fixtures.driverPodYAML))
        let full = try JSONCoding.decoder.decode(Pod.self, from: data)
        let lean = try Pod.specOmittingDecoder.decode(Pod.self, from: data)
        #expect(full.spec != nil)
        #expect(lean.spec == nil)
        #expect(lean.metadata == full.metadata)
        #expect(lean.status == full.status)
        // Through a watch event too.
        let line = Data(#"{"type":"ADDED","object":"#.utf8) + data + Data("}".utf8)
        guard case .added(let watched) = try WatchEventDecoder.decode(line, as: Pod.self, decoder: Pod.specOmittingDecoder)
        else { Issue.record("not an ADDED event"); return }
        #expect(watched.spec == nil && watched.metadata == full.metadata)
    }

    @Test func kubectlsLastAppliedCopyIsLeftOutOnlyWhenAsked() throws {
        let json: JSONValue = ["metadata": ["name": "a", "annotations": [
            "kubectl.kubernetes.io/last-applied-configuration": "{\"big\": true}", "keep": "me"]]]
        let data = try JSONCoding.encoder.encode(json)
        let plain = try JSONCoding.decoder.decode(Pod.self, from: data)
        #expect(plain.metadata.annotations?.count == 2)
        let decoder = JSONCoding.decoder
        decoder.userInfo[ObjectMeta.omitLastAppliedConfiguration] = true
        #expect(try decoder.decode(Pod.self, from: data).metadata.annotations == ["keep": "me"])
        let only: JSONValue = ["metadata": ["name": "a", "annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{}"]]]
        #expect(try decoder.decode(Pod.self, from: JSONCoding.encoder.encode(only)).metadata.annotations == nil)
    }

    @Test func driverPodFromYAMLRoundTrips() throws {
        let json = try YAML.document(Fixtures.driverPodYAML)
        let pod = try Self.roundTrip(Pod.self, json)
        #expect(pod.name == "spark-pi-74d378a210295e41-driver")
        #expect(pod.metadata.labels?["spark-role"] == "driver")
        #expect(pod.status?.phase == "Pending")
        #expect(pod.status?.qosClass == "Burstable")
        #expect(pod.spec?["containers"]?.arrayValue?.first?["name"] == "spark-kubernetes-driver")
    }

    /// managedFields are not kept (as kubeflow strips them from its caches): they are most of an
    /// object's size, the operator never reads them, and an update without them keeps the
    /// server's. Everything else round-trips.
    @Test func executorPodRoundTripsWithoutManagedFields() throws {
        var json = try JSONCoding.decoder.decode(JSONValue.self, from: Data(Fixtures.executorPodJSON.utf8))
        #expect(json["metadata"]?["managedFields"] != nil)
        let pod = try json.decode(as: Pod.self)
        #expect(pod.metadata.labels?["spark-role"] == "executor")
        json["metadata"]?["managedFields"] = nil
        _ = try Self.roundTrip(Pod.self, json)
    }

    /// A running-then-failed pod status with every field the operator reads, plus fields it
    /// does not type (podIPs, lastProbeTime null, a newer server's unknown field).
    static let podStatusJSON = #"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": {"name": "spark-pi-driver", "namespace": "default", "uid": "8d1c", "resourceVersion": "4242",
                       "creationTimestamp": "2026-11-25T00:44:37Z"},
          "spec": {"containers": [{"name": "spark-kubernetes-driver", "image": "spark:3.5.1"}], "restartPolicy": "Never"},
          "status": {
            "phase": "Failed",
            "reason": "Evicted",
            "message": "The node was low on resource: memory.",
            "hostIP": "10.0.0.7",
            "podIP": "10.244.1.9",
            "podIPs": [{"ip": "10.244.1.9"}],
            "startTime": "2026-11-25T00:44:38Z",
            "qosClass": "Burstable",
            "someFutureField": {"x": [1, 2.5, null]},
            "conditions": [
              {"type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T00:44:38Z"},
              {"type": "Ready", "status": "False", "lastProbeTime": null, "lastTransitionTime": "2026-11-25T00:45:38Z",
               "reason": "ContainersNotReady", "message": "containers with unready status: [spark-kubernetes-driver]"}
            ],
            "initContainerStatuses": [
              {"name": "init", "ready": true, "restartCount": 0, "image": "busybox:1", "imageID": "docker-pullable://busybox@sha256:1",
               "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": "2026-11-25T00:44:38Z",
                                        "finishedAt": "2026-11-25T00:44:39Z", "containerID": "containerd://i1"}}}
            ],
            "containerStatuses": [
              {"name": "spark-kubernetes-driver", "ready": false, "restartCount": 2, "started": false,
               "image": "spark:3.5.1", "imageID": "docker-pullable://spark@sha256:abc", "containerID": "containerd://c1",
               "state": {"terminated": {"exitCode": 137, "signal": 9, "reason": "OOMKilled", "message": "killed",
                                        "startedAt": "2026-11-25T00:44:40Z", "finishedAt": "2026-11-25T00:45:37Z",
                                        "containerID": "containerd://c1"}},
               "lastState": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s restarting failed container"}}},
              {"name": "sidecar", "ready": true, "restartCount": 0, "image": "envoy", "imageID": "",
               "state": {"running": {"startedAt": "2026-11-25T00:44:41Z"}}, "lastState": {}}
            ]
          }
        }
        """#

    @Test func podStatusIsTypedAndLossless() throws {
        let json = try JSONCoding.decoder.decode(JSONValue.self, from: Data(Self.podStatusJSON.utf8))
        let pod = try Self.roundTrip(Pod.self, json)
        let status = try #require(pod.status)
        #expect(status.phase == "Failed")
        #expect(status.reason == "Evicted")
        #expect(status.message == "The node was low on resource: memory.")
        #expect(status.podIP == "10.244.1.9")
        #expect(status.startTime == KubeTime(KubeTime.parse("2026-11-25T00:44:38Z")!))
        #expect(status.otherFields["podIPs"] != nil)
        #expect(status.otherFields["someFutureField"] != nil)
        #expect(status.conditions?.count == 2)
        #expect(status.conditions?[1].reason == "ContainersNotReady")
        #expect(status.conditions?[1].otherFields["lastProbeTime"] == .null)
        let driver = try #require(status.containerStatuses?.first)
        #expect(driver.name == "spark-kubernetes-driver")
        #expect(driver.restartCount == 2)
        #expect(!driver.ready)
        #expect(driver.state?.terminated?.exitCode == 137)
        #expect(driver.state?.terminated?.reason == "OOMKilled")
        #expect(driver.state?.terminated?.message == "killed")
        #expect(driver.state?.terminated?.finishedAt?.description == "2026-11-25T00:45:37Z")
        #expect(driver.lastState?.waiting?.reason == "CrashLoopBackOff")
        #expect(status.containerStatuses?[1].state?.running?.startedAt?.description == "2026-11-25T00:44:41Z")
        #expect(status.initContainerStatuses?.first?.state?.terminated?.reason == "Completed")
    }

    @Test func configMapFromYAMLRoundTrips() throws {
        let cm = try Self.roundTrip(ConfigMap.self, try YAML.document(Fixtures.configMapYAML))
        #expect(cm.immutable == true)
        #expect(cm.data?["spark.properties"]?.contains("spark.app.name=spark-pi") == true)
        #expect(cm.metadata.ownerReferences?.first?.kind == "Pod")
    }

    @Test func configMapBinaryData() throws {
        let json: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "bin"],
            "binaryData": ["blob": .string(Data([0, 1, 2, 255]).base64EncodedString())],
        ]
        let cm = try Self.roundTrip(ConfigMap.self, json)
        #expect(cm.binaryData?["blob"] == Data([0, 1, 2, 255]))
    }

    @Test func serviceFromYAMLRoundTrips() throws {
        let svc = try Self.roundTrip(KubeService.self, try YAML.document(Fixtures.serviceYAML))
        #expect(svc.spec?["clusterIP"] == "None")
    }

    @Test func secretDataIsBytes() throws {
        let json: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": ["name": "s", "namespace": "ns"],
            "data": ["password": "c2VjcmV0"],
        ]
        let secret = try Self.roundTrip(Secret.self, json)
        #expect(secret.data?["password"] == Data("secret".utf8))
        #expect(secret.type == "Opaque")
    }

    @Test func eventRoundTrips() throws {
        let json: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": "spark-pi.17a", "namespace": "default"],
            "involvedObject": [
                "apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication", "name": "spark-pi",
                "namespace": "default", "uid": "u-1", "resourceVersion": "77",
            ],
            "reason": "SparkApplicationSubmitted", "message": "SparkApplication spark-pi was submitted successfully",
            "type": "Normal", "count": 3,
            "firstTimestamp": "2026-11-25T00:44:37Z", "lastTimestamp": "2026-11-25T00:46:00Z",
            "eventTime": "2026-11-25T00:44:37.123456Z",
            "source": ["component": "spark-operator"], "reportingComponent": "spark-operator",
            "reportingInstance": "spark-operator-0",
        ]
        let event = try Self.roundTrip(Event.self, json)
        #expect(event.involvedObject.kind == "SparkApplication")
        #expect(event.count == 3)
        #expect(event.source?.component == "spark-operator")
        #expect(event.eventTime?.description == "2026-11-25T00:44:37.123456Z")
    }

    @Test func leaseRoundTripsWithMicroTimes() throws {
        let json: JSONValue = [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": ["name": "spark-operator-lock", "namespace": "spark-operator", "resourceVersion": "9"],
            "spec": [
                "holderIdentity": "spark-operator-7d9f_1b2c", "leaseDurationSeconds": 15,
                "acquireTime": "2026-11-25T00:44:37.000001Z", "renewTime": "2026-11-25T00:45:02.987654Z",
                "leaseTransitions": 4,
            ],
        ]
        let lease = try Self.roundTrip(Lease.self, json)
        #expect(lease.spec?.holderIdentity == "spark-operator-7d9f_1b2c")
        #expect(lease.spec?.leaseDurationSeconds == 15)
        #expect(lease.spec?.leaseTransitions == 4)
        #expect(lease.spec?.renewTime?.description == "2026-11-25T00:45:02.987654Z")
        #expect(Lease.resourceType.apiVersion == "coordination.k8s.io/v1")
    }

    @Test func namespaceServiceAccountIngressRoundTrip() throws {
        let ns = try Self.roundTrip(
            Namespace.self,
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "spark"], "spec": ["finalizers": ["kubernetes"]],
             "status": ["phase": "Terminating"]])
        #expect(ns.phase == "Terminating")
        #expect(!Namespace.resourceType.namespaced)
        let sa = try Self.roundTrip(
            ServiceAccount.self,
            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "spark", "namespace": "default"],
             "secrets": [["name": "spark-token-x"]], "imagePullSecrets": [["name": "regcred"]],
             "automountServiceAccountToken": false])
        #expect(sa.secrets?.first?.name == "spark-token-x")
        #expect(sa.automountServiceAccountToken == false)
        try Self.roundTrip(
            Ingress.self,
            ["apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": ["name": "spark-pi-ui-ingress"],
             "spec": ["rules": [["host": "x.example.com"]]], "status": ["loadBalancer": [:]]])
    }

    @Test func encodingAlwaysCarriesApiVersionAndKind() throws {
        let json = try JSONValue(encoding: Pod(metadata: ObjectMeta(name: "p", namespace: "ns")))
        #expect(json["apiVersion"] == "v1")
        #expect(json["kind"] == "Pod")
        let lease = try JSONValue(encoding: Lease(metadata: ObjectMeta(name: "l")))
        #expect(lease["apiVersion"] == "coordination.k8s.io/v1")
        #expect(lease["kind"] == "Lease")
    }

    @Test func listDecodesItemsAndMetadata() throws {
        let json = #"""
            {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"5123","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ","remainingItemCount":3},
             "items":[{"metadata":{"name":"a","namespace":"default"}},{"metadata":{"name":"b","namespace":"default"}}]}
            """#
        let list = try JSONCoding.decoder.decode(List<Pod>.self, from: Data(json.utf8))
        #expect(list.items.map(\.name) == ["a", "b"])
        #expect(list.resourceVersion == "5123")
        #expect(list.continueToken == "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ")
        #expect(list.metadata.remainingItemCount == 3)
        let empty = try JSONCoding.decoder.decode(
            ObjectList<Pod>.self, from: Data(#"{"metadata":{"resourceVersion":"1","continue":""},"items":null}"#.utf8))
        #expect(empty.items.isEmpty)
        #expect(empty.continueToken == nil)
    }

    /// One object that does not decode (here a driver's cores beyond Int32, stored before the
    /// CRD stated its range) is left out with what identifies it; the others are listed.
    @Test func anUndecodableItemIsSkippedNotTheWholeList() throws {
        func app(_ name: String, cores: String) -> String {
            #"{"apiVersion":"sparkoperator.k8s.io/v1beta2","kind":"SparkApplication","metadata":{"name":"\#(name)","namespace":"ns","resourceVersion":"7"},"spec":{"type":"Python","sparkVersion":"3.5.1","mode":"cluster","driver":{"cores":\#(cores)},"executor":{}}}"#
        }
        let json = #"{"metadata":{"resourceVersion":"9"},"items":["# + [app("a", cores: "1"), app("bad", cores: "2147483648"), app("c", cores: "2")].joined(separator: ",") + "]}"
        let list = try JSONCoding.decoder.decode(ObjectList<SparkApplication>.self, from: Data(json.utf8))
        #expect(list.items.map(\.name) == ["a", "c"])
        #expect(list.skipped.count == 1)
        #expect(list.skipped.first?.name == "bad" && list.skipped.first?.namespace == "ns")
        #expect(list.skipped.first?.message.isEmpty == false)
    }
}

@Suite("MicroTime")
struct MicroTimeTests {
    @Test func formatsSixDigits() {
        #expect(MicroTime(microsecondsSince1970: 1_795_567_477_000_001).description == "2026-11-25T00:44:37.000001Z")
        #expect(MicroTime(microsecondsSince1970: 1_795_567_477_000_000).description == "2026-11-25T00:44:37.000000Z")
    }

    @Test func parsesVariants() {
        #expect(MicroTime.parse("2026-11-25T00:44:37.123456Z")?.microsecondsSince1970 == 1_795_567_477_123_456)
        #expect(MicroTime.parse("2026-11-25T00:44:37Z")?.microsecondsSince1970 == 1_795_567_477_000_000)
        #expect(MicroTime.parse("2026-11-25T00:44:37.5Z")?.microsecondsSince1970 == 1_795_567_477_500_000)
        #expect(MicroTime.parse("2026-11-25T00:44:37.123456789Z")?.microsecondsSince1970 == 1_795_567_477_123_456)
        #expect(MicroTime.parse("2026-11-25T02:44:37.25+02:00")?.microsecondsSince1970 == 1_795_567_477_250_000)
        #expect(MicroTime.parse("yesterday") == nil)
    }

    @Test func dateConversion() {
        let t = MicroTime(Date(timeIntervalSince1970: 1_795_567_477.25))
        #expect(t.microsecondsSince1970 == 1_795_567_477_250_000)
        #expect(abs(t.date.timeIntervalSince1970 - 1_795_567_477.25) < 1e-6)
    }
}
