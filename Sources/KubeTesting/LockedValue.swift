import Foundation

/// A value guarded by a lock, usable from any thread (and from C callbacks such as `atexit`).
///
/// `Synchronization.Mutex` would do, but needs macOS 15; this works on every platform we build on.
package final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
