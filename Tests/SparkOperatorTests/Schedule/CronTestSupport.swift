import Foundation
import SparkOperator
import SparkOperatorAPI

/// Zones, instants and wall-clock helpers for the schedule tests.
enum CronTestSupport {
    static let utc = TimeZone(identifier: "UTC")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    /// An RFC 3339 instant, e.g. `2024-03-10T07:00:00Z` or `2024-03-10T03:00:00-04:00`.
    static func instant(_ text: String) -> Date {
        guard let date = KubeTime.parse(text) else { fatalError("bad instant \(text)") }
        return date
    }

    /// The instant shown on the wall clock of `zone`, e.g. `2024-03-10 03:00 -04:00`.
    static func wall(_ date: Date, _ zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let local = Date(timeIntervalSince1970: date.timeIntervalSince1970 + Double(offset))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        let seconds = c.second == 0 ? "" : ":\(two(c.second))"
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))\(seconds) \(sign)\(two(hours)):\(two(minutes))"
    }

    static func utcText(_ date: Date) -> String { KubeTime(date).description }

    /// The first `count` firings after `start`, as wall-clock text in `zone`.
    static func fires(_ schedule: CronSchedule, after start: Date, count: Int, in zone: TimeZone) -> [String] {
        var out: [String] = []
        var t = start
        for _ in 0..<count {
            guard let next = schedule.next(after: t) else {
                out.append("never")
                break
            }
            out.append(wall(next, zone))
            t = next
        }
        return out
    }
}
