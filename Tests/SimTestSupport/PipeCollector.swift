public import Foundation
import Synchronization

/// Collects what a child process writes to a pipe on a thread of its own (never on the Swift concurrency pool, which
/// has as few threads as cores: a blocking read there can stall every task of the test process).
public final class PipeCollector: Sendable {
    private let state = Mutex<(data: Data, closed: Bool)>((Data(), false))
    public let pipe = Pipe()

    public init() {
        // A plain thread does the blocking reads, in order, until end of file.
        let handle = pipe.fileHandleForReading
        let thread = Thread { [weak self] in
            while true {
                let chunk = handle.availableData
                guard let self else { return }
                let done = chunk.isEmpty
                self.state.withLock { s in
                    if done { s.closed = true } else { s.data.append(chunk) }
                }
                if done { return }
            }
        }
        thread.start()
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
