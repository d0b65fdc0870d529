import ArgumentParser
import Foundation
import KubeTesting
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The release `spark-operator` binary as a child process, as a user runs it, with its CPU time
/// and resident memory read from /proc (peak sampled every 100 ms, and the kernel's `VmHWM`).
final class BenchOperator: Sendable {
    let process: OperatorProcess
    let healthPort: Int
    let started: ContinuousClock.Instant
    private let peakSampled = SharedCounter()
    private let sampling = Mutex<Task<Void, Never>?>(nil)

    var pid: Int32 { process.pid }

    /// `.build/release/spark-operator` of this repository unless `binary` is given.
    static func binaryPath(_ binary: String?) throws -> String {
        let path = binary ?? BenchControlPlane.repoRoot + "/.build/release/spark-operator"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("\(path) is not built: run `swift build -c release --product spark-operator` (make bench does)")
        }
        return path
    }

    /// Starts the operator watching `namespace` and waits until `/readyz` answers 200 (both
    /// controllers' caches listed).
    init(controlPlane cp: ControlPlane, name: String, binary: String?, namespace: String, controllerThreads: Int,
         allocator: OperatorAllocator, extraArguments: [String] = []) async throws {
        guard allocator.isAvailable else {
            throw BenchError("\(allocator) is not installed: apt-get install libjemalloc2 (make bench does), or pass --allocator glibc")
        }
        healthPort = try FreePort.next()
        started = .now
        process = try OperatorProcess.start(
            controlPlane: cp, name: name, binary: try Self.binaryPath(binary),
            arguments: [
                "--kubeconfig", cp.kubeconfigPath, "--namespaces", namespace,
                "--controller-threads", String(controllerThreads),
                "--metrics-bind-address", "0", "--health-probe-bind-address", "127.0.0.1:\(healthPort)",
                "--log-level", "warning",
            ] + extraArguments,
            environment: allocator.environment)
        let pid = process.pid
        let peak = peakSampled
        sampling.withLock {
            $0 = Task.detached {
                while !Task.isCancelled {
                    let rss = ProcessStats.rssBytes(pid: pid)
                    peak.raise(to: rss)
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }

    /// Polls `/readyz` every 20 ms; returns the time from the process's start to the first 200.
    func waitReady(timeout: Duration = .seconds(120)) async throws -> Duration {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw BenchError("the operator exited (\(process.exitStatus)):\n\(process.logTail())")
            }
            if httpGetStatus(port: healthPort, path: "/readyz") == 200 { return .now - started }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("the operator was not ready after \(timeout):\n\(process.logTail())")
    }

    var cpuSeconds: Double { ProcessStats.cpuSeconds(pid: pid) }
    var rssBytes: Int64 { ProcessStats.rssBytes(pid: pid) }
    /// The larger of the sampled peak and the kernel's high-water mark.
    var peakRSSBytes: Int64 { max(peakSampled.load, ProcessStats.peakRSSBytes(pid: pid)) }

    /// Waits until the operator has used less than `threshold` CPU-seconds per second over a
    /// second (its start-up reconciles are done), up to `timeout`.
    func waitIdle(threshold: Double = 0.05, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = cpuSeconds
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            let now = cpuSeconds
            if now - last < threshold { return }
            last = now
        }
    }

    func stop() async {
        sampling.withLock { $0?.cancel() }
        await process.stop(grace: .seconds(10))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The status code of a plain HTTP/1.0 GET to 127.0.0.1:`port`, or nil (not listening yet).
func httpGetStatus(port: Int, path: String) -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
    guard connected else { return nil }
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return nil }
    var buffer = [UInt8](repeating: 0, count: 64)
    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    guard n > 12 else { return nil }
    // "HTTP/1.1 200 OK"
    let line = String(decoding: buffer[0..<n], as: UTF8.self)
    let parts = line.split(separator: " ")
    return parts.count > 1 ? Int(parts[1]) : nil
}

extension OperatorAllocator: ExpressibleByArgument {}
