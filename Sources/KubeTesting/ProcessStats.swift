import Foundation
import Kube

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Resource usage of processes, read from /proc: of one process (nil: this one), or summed over
/// process groups (a pod's processes: the JVM, the Python driver and its workers). 0 for a
/// process that is gone.
public enum ProcessStats {
    /// Resident set size now, in bytes (`statm`).
    public static func rssBytes(pid: Int32? = nil) -> Int64 {
        guard let text = try? String(contentsOfFile: "/proc/\(name(pid))/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return 0 }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size, in bytes (`VmHWM`).
    public static func peakRSSBytes(pid: Int32? = nil) -> Int64 {
        guard let text = try? String(contentsOfFile: "/proc/\(name(pid))/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").dropFirst().first.flatMap { Int64($0) } ?? 0) * 1024
        }
        return 0
    }

    /// User + system CPU time, in seconds (`/proc/<pid>/stat` utime + stime).
    public static func cpuSeconds(pid: Int32? = nil) -> Double {
        guard let fields = statFields(name(pid)), fields.count > 12,
            let utime = Double(fields[11]), let stime = Double(fields[12])
        else { return 0 }
        return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident set size in bytes of every process, summed by process group, for the groups asked for.
    public static func rssBytes(processGroups: Set<Int32>) -> [Int32: Int64] {
        guard !processGroups.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc")
        else { return [:] }
        var sums: [Int32: Int64] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let fields = statFields(entry), fields.count > 2,
                let group = Int32(fields[2]), processGroups.contains(group)
            else { continue }
            sums[group, default: 0] += rssBytes(pid: pid)
        }
        return sums
    }

    /// Returns freed heap memory to the system, so RSS shows what is still in use.
    public static func trimHeap() { Heap.returnFreedMemory() }

    private static func name(_ pid: Int32?) -> String { pid.map(String.init) ?? "self" }

    /// The fields of `/proc/<name>/stat` after "pid (comm) ": state, ppid, pgrp, …
    private static func statFields(_ name: String) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}
