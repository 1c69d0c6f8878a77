/// Runs `operation`, or returns `fallback` if it has not finished within `timeout`; the operation is then cancelled
/// and awaited (it should stop promptly on cancellation).
/// - Parameters:
///   - timeout: How long to wait.
///   - fallback: The result when the time runs out.
///   - operation: The work.
/// - Returns: The operation's result, or `fallback`.
public func withTimeout<T: Sendable>(_ timeout: Duration, fallback: T, _ operation: @escaping @Sendable () async -> T) async -> T {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await operation() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first ?? fallback
    }
}
