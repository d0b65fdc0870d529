import Foundation

/// Maps between instants and the wall clock of one time zone, in whole seconds.
///
/// Going from the wall clock to an instant is where daylight saving time bites, and the rule here
/// is the one cron schedules use:
/// - a wall-clock time that happens once is that instant;
/// - a wall-clock time that happens twice (the clocks go back) is its **first** occurrence, so a
///   schedule fires once in the repeated hour, not twice;
/// - a wall-clock time that never happens (the clocks go forward over it) is the first instant
///   after the gap, i.e. the moment of the transition: 02:30 on a spring-forward night in
///   New York fires at 03:00 EDT.
struct ZoneClock: Sendable {
    let zone: TimeZone

    /// The zone's offset from UTC at `instant`, in seconds.
    func offset(at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }

    /// Wall-clock seconds since 1970-01-01T00:00 at `instant`.
    func localSeconds(at instant: Int64) -> Int64 { instant + offset(at: instant) }

    /// The instant for a wall-clock time (see the type's rule for gaps and repeats).
    func instant(forLocal local: Int64) -> Int64 {
        // Offsets lie within −12 h … +14 h, so every solution lies in [local − 14 h, local + 12 h];
        // the offsets in force there are the only candidates.
        let window: [Int64] = [local - 15 * 3600, local - 7 * 3600, local, local + 7 * 3600, local + 13 * 3600]
        let offsets = Set(window.map(offset(at:)))
        let exact = offsets.map { local - $0 }.filter { localSeconds(at: $0) == local }
        if let first = exact.min() { return first }

        // A gap: the first instant whose wall clock reaches `local` is the transition.
        var lo = local - offsets.max()!  // wall clock before `local`
        var hi = local - offsets.min()!  // wall clock at or after `local`
        guard localSeconds(at: lo) < local, localSeconds(at: hi) >= local else { return hi }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if localSeconds(at: mid) >= local { hi = mid } else { lo = mid }
        }
        return hi
    }
}
