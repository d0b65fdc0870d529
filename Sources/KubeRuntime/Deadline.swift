/// Runs `operation`, giving up when `deadline` passes on `clock`: returns nil then (the
/// operation is cancelled and awaited). Errors of the operation propagate.
func withDeadline<C: Clock, T: Sendable>(
    _ deadline: C.Instant, clock: C, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await clock.sleep(until: deadline, tolerance: nil)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
