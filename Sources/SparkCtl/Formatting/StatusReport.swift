import Foundation
import SparkOperatorAPI

/// `sparkctl status`: the application's status, laid out as `kubectl describe` lays out fields.
public enum StatusReport {
    public static func render(_ app: SparkApplication, now: Date) -> String {
        let status = app.status ?? SparkApplicationStatus()
        func time(_ t: KubeTime?) -> String {
            guard let t else { return "<none>" }
            return "\(t) (\(HumanDuration.since(t.date, now: now)) ago)"
        }
        func count(_ n: Int32?) -> String { n.map(String.init) ?? "0" }
        let state = status.applicationState?.state ?? .new
        var rows: [[String]] = [
            ["Name:", app.name],
            ["Namespace:", app.namespace],
            ["State:", state == .new ? "<none> (not yet submitted)" : state.rawValue],
        ]
        if let message = status.applicationState?.errorMessage, !message.isEmpty {
            rows.append(["Error Message:", CtlError.oneLine(message)])
        }
        rows += [
            ["Application ID:", status.sparkApplicationId ?? "<none>"],
            ["Submission ID:", status.submissionID ?? "<none>"],
            ["Submission Attempts:", count(status.submissionAttempts)],
            ["Execution Attempts:", count(status.executionAttempts)],
            ["Last Submission:", time(status.lastSubmissionAttemptTime)],
            ["Termination Time:", time(status.terminationTime)],
        ]
        let driver = status.driverInfo
        rows.append(["Driver Pod:", driver?.podName ?? "<none>"])
        rows.append(["Driver UI:", driverUI(driver)])
        if let ingress = driver?.webUIIngressAddress ?? driver?.webUIIngressName, !ingress.isEmpty {
            rows.append(["Driver UI Ingress:", ingress])
        }
        var out = Table.describe(rows).rendered
        let executors = sortedExecutors(status.executorState ?? [:])
        if executors.isEmpty {
            out += "Executors:  <none>\n"
        } else {
            out += "Executors:\n"
            out += Table.describe(
                [["ID", "POD", "STATE"]] + executors.map { [$0.id ?? "", $0.pod, $0.state.rawValue] }, indent: "  "
            ).rendered
        }
        return out
    }

    /// `<service>:<port> (<address>)`, whatever parts are known; `<none>` when none is.
    static func driverUI(_ driver: DriverInfo?) -> String {
        guard let driver else { return "<none>" }
        var service = driver.webUIServiceName ?? ""
        if !service.isEmpty, let port = driver.webUIPort { service += ":\(port)" }
        let address = driver.webUIAddress ?? ""
        switch (service.isEmpty, address.isEmpty) {
        case (true, true): return "<none>"
        case (false, true): return service
        case (true, false): return address
        case (false, false): return "\(service) (\(address))"
        }
    }

    public struct Executor: Sendable, Hashable {
        public var pod: String
        /// The `spark-exec-id` of the pod, from its name (`<prefix>-exec-<id>`, as Spark names them).
        public var id: String?
        public var state: ExecutorState
    }

    /// Executors by numeric id, then pod name.
    public static func sortedExecutors(_ states: [String: ExecutorState]) -> [Executor] {
        states.map { Executor(pod: $0.key, id: executorID(podName: $0.key), state: $0.value) }.sorted { a, b in
            switch (a.id.flatMap { Int($0) }, b.id.flatMap { Int($0) }) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.pod < b.pod
            }
        }
    }

    /// `3` of `spark-pi-1a2b-exec-3`; nil when the name is not Spark's.
    public static func executorID(podName: String) -> String? {
        guard let range = podName.range(of: "-exec-", options: .backwards) else { return nil }
        let id = podName[range.upperBound...]
        return !id.isEmpty && id.allSatisfy(\.isNumber) ? String(id) : nil
    }
}
