/// Runs independent queries with a fixed number in flight (house style §5: bounded fan-out).
enum ParallelQueries {
    /// The results of `body(0..<count)`, in index order, with at most `limit` running at once.
    /// - Throws: The first error thrown by `body`, as a ``MetricsError`` (503 with the error's description unless it
    ///   already is one); the other queries are cancelled.
    static func run<T: Sendable>(
        count: Int,
        limit: Int,
        _ body: @escaping @Sendable (Int) async throws -> T
    ) async throws(MetricsError) -> [T] {
        guard count > 0 else { return [] }
        do {
            return try await withThrowingTaskGroup(of: (Int, T).self) { group in
                var results = [T?](repeating: nil, count: count)
                var next = 0
                while next < count && next < max(1, limit) {
                    let i = next
                    group.addTask { (i, try await body(i)) }
                    next += 1
                }
                while let (i, value) = try await group.next() {
                    results[i] = value
                    if next < count {
                        let j = next
                        group.addTask { (j, try await body(j)) }
                        next += 1
                    }
                }
                return results.map { $0! }
            }
        } catch let error as MetricsError {
            throw error
        } catch {
            throw MetricsError(.unavailable, String(describing: error))
        }
    }
}
