import Foundation
import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// Our driver pod, headless Service and ConfigMap against the exact request bodies real
/// spark-submit 3.5.1 sent (`reference/spark-submit/{scala,python}/requests.jsonl`) for the
/// SparkApplication equivalent to its command line. Random ids and names are replaced by
/// placeholders on both sides; every other difference must be one of the documented ones listed
/// here (each is removed only where it is expected, with its expected value), and anything else
/// fails.
@Suite struct SparkSubmitReferenceTests {
    /// The operator as the reference submission saw the API server, run as root like spark-submit was.
    static let options = SubmissionOptions(master: "k8s://https://127.0.0.1:16444", sparkUser: "root")

    /// `--name spark-pi --class org.apache.spark.examples.SparkPi --conf spark.kubernetes.container.image=spark:3.5.1
    ///  --conf spark.kubernetes.namespace=default --conf spark.executor.instances=2
    ///  local:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar 1000` (the submission's own
    /// auth flags and `waitAppCompletion=false` are the operator's business).
    static func scalaApp() -> SparkApplication {
        application(name: "spark-pi", type: .scala, mainClass: "org.apache.spark.examples.SparkPi",
                    file: "local:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar")
    }

    /// The same with `--name spark-pi-py` and `local:///opt/spark/examples/src/main/python/pi.py`.
    static func pythonApp() -> SparkApplication {
        application(name: "spark-pi-py", type: .python, mainClass: nil, file: "local:///opt/spark/examples/src/main/python/pi.py")
    }

    static func application(name: String, type: SparkApplicationType, mainClass: String?, file: String) -> SparkApplication {
        var spec = SparkApplicationSpec(type: type, sparkVersion: "3.5.1", mainApplicationFile: file)
        spec.mode = .cluster
        spec.image = "spark:3.5.1"
        spec.mainClass = mainClass
        spec.arguments = ["1000"]
        spec.executor.instances = 2
        var meta = ObjectMeta(name: name, namespace: "default")
        meta.uid = "0b5e8c1e-3f2a-4d6b-9c7d-2e1f0a9b8c7d"
        return SparkApplication(metadata: meta, spec: spec)
    }

    /// Both sides with their random values replaced by the same placeholders.
    struct Normalized {
        var app: SparkApplication
        var plan: SubmissionPlan
        var ours: [JSONValue]
        var reference: [JSONValue]
        var ourReplacements: [(from: String, to: String)]
    }

    static func normalized(_ variant: String) throws -> Normalized {
        let app = variant == "scala" ? scalaApp() : pythonApp()
        let plan = try SubmissionBuilder.plan(for: app, attempt: 1, options: options)
        let reference = try SubmissionFixture.referenceRequests(variant)
        let refPod = reference[0]
        let refLocalDir = try #require(SubmissionFixture.env(refPod, "SPARK_LOCAL_DIRS")?["value"]?.stringValue)
        let ourPod = try SubmissionFixture.json(plan.driverPod)
        let ourLocalDir = try #require(SubmissionFixture.env(ourPod, "SPARK_LOCAL_DIRS")?["value"]?.stringValue)
        // Longest first: the pod name is a prefix of the Service name.
        let refReplacements: [(from: String, to: String)] = [
            (try #require(reference[1]["metadata"]?["name"]?.stringValue), "<SERVICE>"),
            (try #require(reference[2]["metadata"]?["name"]?.stringValue), "<CONFIG_MAP>"),
            (try #require(refPod["metadata"]?["name"]?.stringValue), "<POD>"),
            (try #require(refPod["metadata"]?["labels"]?["spark-app-selector"]?.stringValue), "<APP_ID>"),
            (refLocalDir, "<LOCAL_DIR>"),
        ]
        let ourReplacements: [(from: String, to: String)] = [
            (plan.driverService.name, "<SERVICE>"), (plan.configMap.name, "<CONFIG_MAP>"), (plan.driverPodName, "<POD>"),
            (plan.sparkAppID, "<APP_ID>"), (ourLocalDir, "<LOCAL_DIR>"), (plan.submissionID, "<SUBMISSION_ID>"),
        ]
        let ours = [ourPod, try SubmissionFixture.json(plan.driverService), try SubmissionFixture.json(plan.configMap)]
        return Normalized(app: app, plan: plan, ours: ours.map { $0.replacingStrings(ourReplacements) },
                          reference: reference.map { $0.replacingStrings(refReplacements) }, ourReplacements: ourReplacements)
    }

    /// Removes a documented difference from `value`, failing when it is not there as expected.
    static func removeExpected(_ value: inout JSONValue, _ path: [String], _ expected: JSONValue, _ reason: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let removed = value.remove(path)
        #expect(removed.map { $0.jsonEquals(expected) } == true,
                "documented difference \(path.joined(separator: ".")) (\(reason)): expected \(expected.compactJSON), found \(removed?.compactJSON ?? "nothing")",
                sourceLocation: sourceLocation)
    }

    static func ownerReference(_ app: SparkApplication) -> JSONValue {
        ["apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication", "name": .string(app.name),
         "uid": .string(app.metadata.uid ?? ""), "controller": true, "blockOwnerDeletion": true]
    }

    @Test(arguments: ["scala", "python"])
    func driverPodMatchesSparkSubmit(variant: String) throws {
        let n = try Self.normalized(variant)
        var ours = n.ours[0]
        let name = n.app.name
        // Documented additions.
        Self.removeExpected(&ours, ["metadata", "namespace"], "default", "the operator names the namespace in the body")
        Self.removeExpected(&ours, ["metadata", "labels", "sparkoperator.k8s.io/app-name"], .string(name), "kubeflow label")
        Self.removeExpected(&ours, ["metadata", "labels", "sparkoperator.k8s.io/launched-by-spark-operator"], "true", "kubeflow label")
        Self.removeExpected(&ours, ["metadata", "labels", "sparkoperator.k8s.io/submission-id"], "<SUBMISSION_ID>", "kubeflow label")
        Self.removeExpected(&ours, ["metadata", "ownerReferences"], [Self.ownerReference(n.app)], "controller reference to the application")
        Self.removeExpected(&ours, ["spec", "volumes", "[name=pod-template-volume]"], [
            "name": "pod-template-volume",
            "configMap": ["name": "<CONFIG_MAP>", "items": [["key": "podspec-configmap-key", "path": "pod-spec-template.yml"]]],
        ], "the executor pod template, mounted as spark-submit mounts one")
        Self.removeExpected(&ours, ["spec", "containers", "[0]", "volumeMounts", "[name=pod-template-volume]"],
                            ["name": "pod-template-volume", "mountPath": "/opt/spark/pod-template"], "the executor pod template")
        #expect(ours.differences(from: n.reference[0]) == [])
    }

    @Test(arguments: ["scala", "python"])
    func headlessServiceMatchesSparkSubmit(variant: String) throws {
        let n = try Self.normalized(variant)
        var ours = n.ours[1]
        var reference = n.reference[1]
        let name = n.app.name
        Self.removeExpected(&ours, ["metadata", "namespace"], "default", "the operator names the namespace in the body")
        for (label, value) in [("sparkoperator.k8s.io/app-name", JSONValue.string(name)), ("sparkoperator.k8s.io/submission-id", "<SUBMISSION_ID>"),
                               ("sparkoperator.k8s.io/created-by-spark-operator", "true")] {
            Self.removeExpected(&ours, ["metadata", "labels", label], value, "operator labels for cache selection and cleanup of an attempt")
        }
        Self.removeExpected(&ours, ["metadata", "ownerReferences"], [Self.ownerReference(n.app)], "owned by the application")
        // spark-submit owns it by the driver pod (created first); we own it by the application.
        let refOwner = reference.remove(["metadata", "ownerReferences"])?.arrayValue?.first
        #expect(refOwner?["kind"] == "Pod" && refOwner?["name"] == "<POD>" && refOwner?["controller"] == true)
        for (label, value) in [("sparkoperator.k8s.io/app-name", JSONValue.string(name)), ("sparkoperator.k8s.io/launched-by-spark-operator", "true"),
                               ("sparkoperator.k8s.io/submission-id", "<SUBMISSION_ID>")] {
            Self.removeExpected(&ours, ["spec", "selector", label], value,
                                "Spark selects on all driver labels from configuration, and kubeflow passes these as driver labels")
        }
        #expect(ours.differences(from: reference) == [])
    }

    @Test(arguments: ["scala", "python"])
    func configMapMatchesSparkSubmit(variant: String) throws {
        let n = try Self.normalized(variant)
        var ours = n.ours[2]
        var reference = n.reference[2]
        for (label, value) in [("sparkoperator.k8s.io/app-name", JSONValue.string(n.app.name)), ("sparkoperator.k8s.io/submission-id", "<SUBMISSION_ID>"),
                               ("sparkoperator.k8s.io/created-by-spark-operator", "true")] {
            Self.removeExpected(&ours, ["metadata", "labels", label], value, "operator labels for cache selection and cleanup of an attempt")
        }
        Self.removeExpected(&ours, ["metadata", "ownerReferences"], [Self.ownerReference(n.app)], "owned by the application")
        let refOwner = reference.remove(["metadata", "ownerReferences"])?.arrayValue?.first
        #expect(refOwner?["kind"] == "Pod" && refOwner?["name"] == "<POD>")  // spark-submit: owned by the driver pod
        Self.removeExpected(&ours, ["metadata", "labels"], [:], "(no other labels)")
        Self.removeExpected(&ours, ["data", "podspec-configmap-key"],
                            JSONValue.string(n.plan.executorPodTemplate.prettyJSON).replacingStrings(n.ourReplacements),
                            "the executor pod template (spark-submit keeps it in a second ConfigMap when given one)")
        // spark.properties is compared key by key below.
        _ = ours.remove(["data", "spark.properties"])
        _ = reference.remove(["data", "spark.properties"])
        #expect(ours.differences(from: reference) == [])
    }

    @Test(arguments: ["scala", "python"])
    func sparkPropertiesMatchSparkSubmit(variant: String) throws {
        let n = try Self.normalized(variant)
        let oursText = try #require(n.ours[2]["data"]?["spark.properties"]?.stringValue)
        let refText = try #require(n.reference[2]["data"]?["spark.properties"]?.stringValue)
        var ours = JavaProperties.parse(oursText)
        var reference = JavaProperties.parse(refText)
        let name = n.app.name

        // Only in the reference: the submitter's credentials, and the submit time (the driver's own
        // spark-submit sets it when it starts; a time would make the ConfigMap differ per attempt).
        for key in ["spark.app.submitTime", "spark.kubernetes.authenticate.submission.caCertFile",
                    "spark.kubernetes.authenticate.submission.oauthToken"] {
            #expect(reference.removeValue(forKey: key) != nil, "expected \(key) in the reference")
        }
        // Only ours, with their values.
        let additions: [String: String] = [
            // Where the driver reaches the API server (Spark defaults to https://kubernetes.default.svc).
            "spark.kubernetes.driver.master": "https://127.0.0.1:16444",
            // kubeflow's labels (spark-submit args).
            "spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name": name,
            "spark.kubernetes.driver.label.sparkoperator.k8s.io/launched-by-spark-operator": "true",
            "spark.kubernetes.driver.label.sparkoperator.k8s.io/submission-id": "<SUBMISSION_ID>",
            "spark.kubernetes.executor.label.sparkoperator.k8s.io/app-name": name,
            "spark.kubernetes.executor.label.sparkoperator.k8s.io/launched-by-spark-operator": "true",
            "spark.kubernetes.executor.label.sparkoperator.k8s.io/submission-id": "<SUBMISSION_ID>",
            // kubeflow passes spec.image also as the role images (driverConfOption, executorConfOption).
            "spark.kubernetes.driver.container.image": "spark:3.5.1",
            "spark.kubernetes.executor.container.image": "spark:3.5.1",
            // The executor pod template that replaces the webhook.
            "spark.kubernetes.executor.podTemplateFile": "/opt/spark/pod-template/pod-spec-template.yml",
            "spark.kubernetes.executor.podTemplateContainerName": "spark-kubernetes-executor",
            // kubeflow's defaulter writes Spark's defaults into the spec, and passes them.
            "spark.driver.cores": "1", "spark.driver.memory": "1g", "spark.executor.cores": "1", "spark.executor.memory": "1g",
        ]
        for (key, value) in additions.sorted(by: { $0.key < $1.key }) {
            #expect(ours.removeValue(forKey: key) == value, "documented addition \(key)=\(value)")
        }
        let keys = Set(ours.keys).union(reference.keys).sorted()
        #expect(keys.filter { ours[$0] != reference[$0] }.map { "\($0): \(ours[$0] ?? "(absent)") ≠ \(reference[$0] ?? "(absent)")" } == [])

        // Escaping: every reference line is reproduced by our writer, and we write the same lines.
        let refLines = Set(refText.split(separator: "\n").map(String.init))
        let ourLines = Set(oursText.split(separator: "\n").map(String.init))
        for (key, value) in reference {
            let line = JavaProperties.escape(key, isKey: true) + "=" + JavaProperties.escape(value, isKey: false)
            #expect(refLines.contains(line), "reference line for \(key)")
            #expect(ourLines.contains(line), "our line for \(key)")
        }
        // The header: the same comment; the reference's second line is the date, which we leave out.
        let refComments = refText.split(separator: "\n").filter { $0.hasPrefix("#") }
        let ourComments = oursText.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(refComments.count == 2)
        #expect(ourComments == [refComments[0]])
    }
}
