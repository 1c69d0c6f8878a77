public import Foundation
import Synchronization

/// Collects what a child process writes to a pipe on a Dispatch thread (never on the Swift concurrency pool, which
/// has as few threads as cores: a blocking read there can stall every task of the test process).
public final class PipeCollector: Sendable {
    private let state = Mutex<(data: Data, closed: Bool)>((Data(), false))
    public let pipe = Pipe()

    public init() {
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self else {
                handle.readabilityHandler = nil
                return
            }
            self.state.withLock { s in
                if chunk.isEmpty {
                    s.closed = true
                    handle.readabilityHandler = nil
                } else {
                    s.data.append(chunk)
                }
            }
        }
    }

    /// Everything written so far.
    public var text: String { String(decoding: state.withLock { $0.data }, as: UTF8.self) }

    /// Whether the writer closed the pipe.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Waits until the output contains `needle`.
    public func waitFor(_ needle: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !text.contains(needle) {
            if ContinuousClock.now > deadline { throw TestSupportError("output never contained \"\(needle)\"; it was: \(text)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until the writer closes the pipe (or `timeout`), then returns everything.
    public func finish(timeout: Duration = .seconds(10)) async -> String {
        let deadline = ContinuousClock.now + timeout
        while !isClosed && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return text
    }
}
