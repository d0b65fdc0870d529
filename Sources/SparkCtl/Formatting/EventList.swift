import Foundation
import Kube

/// `sparkctl events`: the columns of `kubectl get events` (LAST SEEN, TYPE, REASON, OBJECT,
/// MESSAGE), oldest first.
public enum EventList {
    /// When the event was last seen: lastTimestamp, else firstTimestamp, else eventTime (as kubectl).
    public static func lastSeen(_ event: Event) -> Date? {
        event.lastTimestamp?.date ?? event.firstTimestamp?.date ?? event.eventTime?.date
            ?? event.metadata.creationTimestamp?.date
    }

    public static func render(_ events: [Event], now: Date) -> String {
        let sorted = events.enumerated().sorted { a, b in
            let (x, y) = (lastSeen(a.element) ?? .distantPast, lastSeen(b.element) ?? .distantPast)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        let rows = sorted.map { e -> [String] in
            let kind = (e.involvedObject.kind ?? "").lowercased()
            let object = (e.involvedObject.name ?? "").isEmpty ? kind : "\(kind)/\(e.involvedObject.name ?? "")"
            return [
                HumanDuration.since(lastSeen(e), now: now), e.type ?? "", e.reason ?? "", object,
                (e.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            ]
        }
        return Table.kubectlGet(header: ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], rows: rows).rendered
    }
}
