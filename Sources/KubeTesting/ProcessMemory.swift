import Foundation

/// Resident memory of processes, read from /proc: by process id, or the sum over process
/// groups (a pod's processes: the JVM, the Python driver and its workers).
public enum ProcessMemory {
    /// RSS in bytes of `pid`, or nil when it is gone.
    public static func rssBytes(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// RSS in bytes of every process, summed by process group, for the groups asked for.
    public static func rssBytes(processGroups: Set<Int32>) -> [Int32: Int] {
        guard !processGroups.isEmpty,
            let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc")
        else { return [:] }
        var sums: [Int32: Int] = [:]
        for entry in entries {
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm) ": state ppid pgrp …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let pgrp = Int32(fields[2]), processGroups.contains(pgrp),
                let rss = rssBytes(pid: pid)
            else { continue }
            sums[pgrp, default: 0] += rss
        }
        return sums
    }
}
