/// Runs `operation` so that the caller's cancellation does not reach it, and waits for it.
///
/// The one place KubeRuntime needs an unstructured task: releasing the Lease when the elector's
/// task has been cancelled. Every request made from a cancelled task fails at once, yet the
/// release is the whole point of stopping cleanly (client-go runs it on `context.Background()`
/// for the same reason). The task is awaited before this function returns, so its lifetime is
/// still nested in the caller's; `operation` must bound its own duration (a deadline).
func withCancellationShield<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
    await Task { await operation() }.value
}
