import Foundation
import Kube
import SparkOperatorAPI
import Testing

@testable import SparkCtl

@Suite("SparkCtl formatting")
struct FormattingTests {
    let now = KubeTime.parse("2024-05-01T12:00:00Z")!

    func app(_ name: String, created: String, status: SparkApplicationStatus? = nil) -> SparkApplication {
        var metadata = ObjectMeta(name: name, namespace: "ns")
        metadata.creationTimestamp = KubeTime(KubeTime.parse(created)!)
        return SparkApplication(
            metadata: metadata,
            spec: SparkApplicationSpec(type: .scala, sparkVersion: "3.5.1", driver: DriverSpec(), executor: ExecutorSpec()),
            status: status)
    }

    @Test func humanDurationsAreKubectls() {
        let cases: [(TimeInterval, String)] = [
            (-5, "<invalid>"), (-0.5, "0s"), (0, "0s"), (119, "119s"), (120, "2m"), (125, "2m5s"), (600, "10m"),
            (179 * 60, "179m"), (3 * 3600, "3h"), (3 * 3600 + 600, "3h10m"), (20 * 3600, "20h"), (48 * 3600, "2d"),
            (76 * 3600, "3d4h"), (30 * 86400, "30d"), (2 * 365 * 86400, "2y"), (745 * 86400, "2y15d"), (9 * 365 * 86400, "9y"),
        ]
        for (interval, expected) in cases {
            #expect(HumanDuration.format(interval) == expected, "\(interval)")
        }
        #expect(HumanDuration.since(nil, now: now) == "<unknown>")
    }

    @Test func tablesAreAlignedAsKubectlGet() {
        let table = Table.kubectlGet(header: ["NAME", "STATUS", "AGE"], rows: [["a", "", "5s"], ["a-long-name-here", "RUNNING", "10m"]])
        #expect(
            table.rendered == """
                NAME               STATUS    AGE
                a                            5s
                a-long-name-here   RUNNING   10m

                """)
    }

    @Test func listHasTheCRDPrinterColumns() {
        var done = SparkApplicationStatus()
        done.state = .completed
        done.executionAttempts = 1
        done.lastSubmissionAttemptTime = KubeTime(KubeTime.parse("2024-05-01T11:50:00Z")!)
        done.terminationTime = KubeTime(KubeTime.parse("2024-05-01T11:55:00Z")!)
        let apps = [app("spark-pi", created: "2024-05-01T11:49:30Z", status: done), app("etl", created: "2024-04-29T12:00:00Z")]
        #expect(
            ApplicationList.render(apps, now: now) == """
                NAME       STATUS      ATTEMPTS   START                  FINISH                 AGE
                etl                                                                             2d
                spark-pi   COMPLETED   1          2024-05-01T11:50:00Z   2024-05-01T11:55:00Z   10m

                """)
        #expect(ApplicationList.render(apps, now: now, withNamespace: true).hasPrefix("NAMESPACE   NAME       STATUS"))
    }

    @Test func statusShowsStateErrorDriverAndExecutors() {
        var status = SparkApplicationStatus()
        status.state = .failed
        status.applicationState?.errorMessage = "driver container failed with ExitCode: 1,\nReason: Error"
        status.submissionAttempts = 2
        status.executionAttempts = 2
        status.sparkApplicationId = "spark-123"
        status.submissionID = "abc"
        status.lastSubmissionAttemptTime = KubeTime(KubeTime.parse("2024-05-01T11:58:00Z")!)
        status.terminationTime = KubeTime(KubeTime.parse("2024-05-01T11:59:50Z")!)
        status.driverInfo = DriverInfo()
        status.driverInfo?.podName = "spark-pi-driver"
        status.driverInfo?.webUIServiceName = "spark-pi-ui-svc"
        status.driverInfo?.webUIPort = 4040
        status.driverInfo?.webUIAddress = "10.0.0.7:4040"
        status.executorState = ["pi-ab12-exec-10": .completed, "pi-ab12-exec-2": .failed, "pi-ab12-exec-1": .running]
        let text = StatusReport.render(app("spark-pi", created: "2024-05-01T11:57:00Z", status: status), now: now)
        #expect(
            text == """
                Name:                 spark-pi
                Namespace:            ns
                State:                FAILED
                Error Message:        driver container failed with ExitCode: 1, Reason: Error
                Application ID:       spark-123
                Submission ID:        abc
                Submission Attempts:  2
                Execution Attempts:   2
                Last Submission:      2024-05-01T11:58:00Z (2m ago)
                Termination Time:     2024-05-01T11:59:50Z (10s ago)
                Driver Pod:           spark-pi-driver
                Driver UI:            spark-pi-ui-svc:4040 (10.0.0.7:4040)
                Executors:
                  ID  POD              STATE
                  1   pi-ab12-exec-1   RUNNING
                  2   pi-ab12-exec-2   FAILED
                  10  pi-ab12-exec-10  COMPLETED

                """)
        let new = StatusReport.render(app("etl", created: "2024-05-01T11:57:00Z"), now: now)
        #expect(new.contains("State:                <none> (not yet submitted)"))
        #expect(new.contains("Driver Pod:           <none>"))
        #expect(new.contains("Executors:  <none>"))
        #expect(!new.contains("Error Message"))
    }

    @Test func executorIDsComeFromSparksPodNames() {
        #expect(StatusReport.executorID(podName: "spark-pi-1a2b-exec-3") == "3")
        #expect(StatusReport.executorID(podName: "spark-pi-driver") == nil)
        #expect(StatusReport.executorID(podName: "x-exec-") == nil)
    }

    @Test func eventsAreKubectlGetEventsOldestFirst() {
        func event(_ reason: String, kind: String, name: String, at: String, type: String = "Normal", message: String) -> Event {
            Event(
                metadata: ObjectMeta(name: "\(name).\(reason)", namespace: "ns"),
                involvedObject: ObjectReference(kind: kind, name: name), reason: reason, message: message, type: type,
                lastTimestamp: KubeTime(KubeTime.parse(at)!))
        }
        let events = [
            event("Started", kind: "Pod", name: "spark-pi-driver", at: "2024-05-01T11:59:00Z", message: "Started container"),
            event(
                "SparkApplicationSubmitted", kind: "SparkApplication", name: "spark-pi", at: "2024-05-01T11:58:00Z",
                message: "SparkApplication spark-pi was submitted successfully  "),
            event("SparkDriverFailed", kind: "SparkApplication", name: "spark-pi", at: "2024-05-01T11:59:55Z", type: "Warning", message: "Driver failed"),
        ]
        #expect(
            EventList.render(events, now: now) == """
                LAST SEEN   TYPE      REASON                      OBJECT                      MESSAGE
                2m          Normal    SparkApplicationSubmitted   sparkapplication/spark-pi   SparkApplication spark-pi was submitted successfully
                60s         Normal    Started                     pod/spark-pi-driver         Started container
                5s          Warning   SparkDriverFailed           sparkapplication/spark-pi   Driver failed

                """)
    }
}
