import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resource usage of a process, read from /proc.
struct ProcessStats {
    /// Resident set size now, in bytes (`VmRSS`).
    static func rssBytes(pid: Int32? = nil) -> Int64 {
        field("VmRSS", pid: pid)
    }

    /// Peak resident set size, in bytes (`VmHWM`).
    static func peakRSSBytes(pid: Int32? = nil) -> Int64 {
        field("VmHWM", pid: pid)
    }

    /// User + system CPU time, in seconds (`/proc/<pid>/stat` utime + stime).
    static func cpuSeconds(pid: Int32? = nil) -> Double {
        let path = "/proc/\(pid.map(String.init) ?? "self")/stat"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state is field 3; utime and stime are fields 14 and 15.
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return 0 }
        return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Returns freed heap memory to the system, so RSS shows what is still in use.
    static func trimHeap() {
        #if canImport(Glibc)
        // glibc's malloc_trim, looked up at run time (the Glibc module does not export it).
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }

    private static func field(_ name: String, pid: Int32?) -> Int64 {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kb = line.split(separator: " ").dropFirst().first.flatMap { Int64($0) } ?? 0
            return kb * 1024
        }
        return 0
    }
}

func mib(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
