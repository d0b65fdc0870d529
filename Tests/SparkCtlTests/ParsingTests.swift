import Foundation
import Kube
import SparkOperatorAPI
import Testing

@testable import SparkCtl

@Suite("SparkCtl parsing")
struct ParsingTests {
    @Test func globalFlagsBeforeTheCommandMoveAfterIt() {
        #expect(GlobalOptions.hoisted(["-n", "ns", "list"]) == ["list", "-n", "ns"])
        #expect(
            GlobalOptions.hoisted(["--kubeconfig=/k", "--context", "c", "-nns", "status", "x"])
                == ["status", "--kubeconfig=/k", "--context", "c", "-nns", "x"])
        #expect(GlobalOptions.hoisted(["list", "-n", "ns"]) == ["list", "-n", "ns"])
        #expect(GlobalOptions.hoisted(["--help"]) == ["--help"])
    }

    @Test func usageErrorsAreOneLineWithoutTouchingACluster() async {
        let captured = CapturedIO()
        let code = await SparkCtl.run(arguments: ["create", "x"], environment: [:], io: captured.io)
        #expect(code == 64)
        #expect(captured.err == "sparkctl: NAME needs --from scheduledsparkapplication/SCHEDULE (or use -f FILE)\n")
        let unknown = CapturedIO()
        #expect(await SparkCtl.run(arguments: ["frobnicate"], environment: [:], io: unknown.io) == 64)
        #expect(unknown.err.hasPrefix("sparkctl: ") && unknown.err.filter { $0 == "\n" }.count == 1, "\(unknown.err)")
    }

    @Test func aMissingKubeconfigIsOneLine() async {
        let captured = CapturedIO()
        let code = await SparkCtl.run(arguments: ["--kubeconfig", "/nonexistent/kubeconfig", "list"], environment: [:], io: captured.io)
        #expect(code == 1)
        #expect(captured.err.hasPrefix("sparkctl: ") && captured.err.filter { $0 == "\n" }.count == 1, "\(captured.err)")
        #expect(captured.err.contains("/nonexistent/kubeconfig"))
    }

    @Test func helpListsTheCommands() async {
        let captured = CapturedIO()
        #expect(await SparkCtl.run(arguments: ["--help"], environment: [:], io: captured.io) == 0)
        for command in ["create", "list", "status", "events", "log", "delete"] {
            #expect(captured.out.contains(command))
        }
        let log = CapturedIO()
        #expect(await SparkCtl.run(arguments: ["log", "--help"], environment: [:], io: log.io) == 0)
        #expect(log.out.contains("--pod-log-dir") && log.out.contains("--executor"))
        let help = CapturedIO()
        #expect(await SparkCtl.run(arguments: ["help", "create"], environment: [:], io: help.io) == 0)
        #expect(help.out.contains("--from"))
    }

    @Test func fileDocumentsAreCheckedAndGetTheirNamespace() throws {
        let yaml = """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: a, namespace: theirs}
            spec: {type: Scala, sparkVersion: 3.5.1, mode: cluster, driver: {}, executor: {}, unknownField: kept}
            ---
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: b}
            spec: {type: Python, sparkVersion: 3.5.1, driver: {}, executor: {}}
            """
        let kept = try CreateCommand.applications(fromYAML: yaml, source: "f.yaml", namespace: "mine", overrideNamespace: false)
        #expect(kept.map { $0["metadata"]?["namespace"]?.stringValue } == ["theirs", "mine"])
        #expect(kept[0]["spec"]?["unknownField"] == "kept")  // sent as written
        let overridden = try CreateCommand.applications(fromYAML: yaml, source: "f.yaml", namespace: "mine", overrideNamespace: true)
        #expect(overridden.map { $0["metadata"]?["namespace"]?.stringValue } == ["mine", "mine"])
    }

    @Test func badDocumentsAreNamed() {
        func error(_ yaml: String) -> String {
            do {
                _ = try CreateCommand.applications(fromYAML: yaml, source: "f.yaml", namespace: "ns", overrideNamespace: false)
                return "no error"
            } catch { return CtlError.line(for: error) }
        }
        #expect(error("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}") == "f.yaml: a ConfigMap (v1); sparkctl creates only SparkApplications (sparkoperator.k8s.io/v1beta2)")
        #expect(
            error("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: x}\nspec: {type: Scala, driver: {}, executor: {}}")
                == "f.yaml: not a valid SparkApplication: spec.sparkVersion is required")
        #expect(
            error("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {}\nspec: {type: Scala, sparkVersion: '3', driver: {}, executor: {}}\n---\n{}")
                .hasPrefix("f.yaml (document 1): metadata.name is required"))
        #expect(error("") == "f.yaml: no objects to create")
        #expect(error("a: [").hasPrefix("f.yaml: invalid YAML"))
    }

    @Test func fromNamesASchedule() throws {
        for spelling in ["scheduledsparkapplication/nightly", "ScheduledSparkApplication/nightly", "scheduledsparkapp/nightly", "nightly"] {
            #expect(try CreateCommand.scheduleName(from: spelling) == "nightly")
        }
        #expect(throws: CtlError.self) { try CreateCommand.scheduleName(from: "cronjob/nightly") }
        #expect(throws: CtlError.self) { try CreateCommand.scheduleName(from: "scheduledsparkapplication/") }
    }

    @Test func utf8IsNotSplitAcrossChunks() {
        var chunks = UTF8Chunks()
        let bytes = Array("héllo π€😀".utf8)
        var text = ""
        for byte in bytes { text += chunks.append([byte]) }
        text += chunks.finish()
        #expect(text == "héllo π€😀")
        #expect(UTF8Chunks.completePrefixLength([0x61, 0xE2, 0x82]) == 1)
        #expect(UTF8Chunks.completePrefixLength([0x61, 0xE2, 0x82, 0xAC]) == 4)
    }

    @Test func podLogOptionsBecomeTheQuery() {
        let options = PodLogOptions(container: "spark-kubernetes-driver", follow: true, tailLines: 10)
        #expect(options.queryItems.map { "\($0.0)=\($0.1)" } == ["container=spark-kubernetes-driver", "follow=true", "tailLines=10"])
        #expect(PodLogOptions().queryItems.isEmpty)
    }
}
