import AsyncHTTPClient

/// Runs `body` with an HTTP client that is shut down afterwards, whether `body` returns or throws (a client dropped
/// without `shutdown()` stops the whole test process in debug builds, hiding the failure that dropped it).
func withHTTPClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let result: T
    do {
        result = try await body(client)
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
    return result
}
