import Foundation
import SparkOperatorAPI

/// `sparkctl list`: the columns `kubectl get sparkapplications` prints from the CRD's printer
/// columns (kubeflow's): NAME, STATUS, ATTEMPTS (execution attempts), START (last submission
/// attempt), FINISH (termination time), AGE. As kubectl does for printer columns of type string,
/// START and FINISH are the RFC 3339 times and absent values are blank.
public enum ApplicationList {
    public static func render(_ apps: [SparkApplication], now: Date, withNamespace: Bool = false) -> String {
        var header = ["NAME", "STATUS", "ATTEMPTS", "START", "FINISH", "AGE"]
        if withNamespace { header.insert("NAMESPACE", at: 0) }
        let sorted = apps.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        let rows = sorted.map { app -> [String] in
            let status = app.status
            var row = [
                app.name,
                status?.applicationState?.state.rawValue ?? "",
                status?.executionAttempts.map(String.init) ?? "",
                status?.lastSubmissionAttemptTime?.description ?? "",
                status?.terminationTime?.description ?? "",
                HumanDuration.since(app.metadata.creationTimestamp?.date, now: now),
            ]
            if withNamespace { row.insert(app.namespace, at: 0) }
            return row
        }
        return Table.kubectlGet(header: header, rows: rows).rendered
    }
}
