/// Polls `body` until it returns a value, and returns it; fails after `timeout` with a message
/// naming `description`. An error thrown by `body` ends the wait at once (use it for "will never
/// happen", such as a crashed process).
public func eventually<T: Sendable>(
    _ description: String, timeout: Duration = .seconds(30), interval: Duration = .milliseconds(100),
    _ body: () async throws -> T?
) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try await body() { return value }
        guard ContinuousClock.now < deadline else {
            throw ControlPlaneError("timed out after \(timeout) waiting for \(description)")
        }
        try await Task.sleep(for: interval)
    }
}

/// Polls `condition` until it is true; fails after `timeout` with a message naming `description`.
public func waitUntil(
    _ description: String, timeout: Duration = .seconds(30), interval: Duration = .milliseconds(100),
    _ condition: () async throws -> Bool
) async throws {
    _ = try await eventually(description, timeout: timeout, interval: interval) {
        try await condition() ? true : nil
    }
}
