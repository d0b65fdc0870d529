import Foundation

/// Time zone names as Go's `time.LoadLocation` reads them, which is what kubeflow's `spec.timeZone`
/// and robfig/cron's `CRON_TZ=`/`TZ=` prefixes go through.
public enum CronTimeZone {
    /// `""` and `"UTC"` are UTC, `"Local"` is `local` (the operator's zone), anything else must be
    /// an IANA time zone name spelt exactly (case matters: `America/New_York`, `Europe/Berlin`,
    /// `Etc/GMT+5`, links such as `US/Eastern`). Nil for an unknown name.
    public static func resolve(_ name: String, local: TimeZone) -> TimeZone? {
        switch name {
        case "", "UTC": return TimeZone(identifier: "UTC")
        case "Local": return local
        case "GMT+0", "GMT-0": return TimeZone(identifier: "GMT")  // tzdata links to GMT
        default: break
        }
        // Go refuses paths; Foundation would also make up zones such as "GMT+5" that have no
        // tzdata file, so only an identifier that comes back unchanged is a real zone.
        guard !name.contains(".."), !name.hasPrefix("/"), !name.hasPrefix("\\") else { return nil }
        guard !name.hasPrefix("GMT+"), !name.hasPrefix("GMT-") else { return nil }
        guard let zone = TimeZone(identifier: name), zone.identifier == name else { return nil }
        return zone
    }
}
