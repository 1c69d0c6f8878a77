import AsyncHTTPClient
import Foundation
import LocalPrometheus
import PromClient
import SimTestSupport

/// Prometheus for the tests: `make test` installs Debian's package; without it the tests fail with the reason.
enum TestPrometheus {
    static func tools() throws -> PrometheusTools {
        try PrometheusTools.locate()
    }

    /// Polls `query` until `accept` holds for its samples, or fails after `timeout` with the last answer.
    static func eventually(
        _ client: PrometheusClient,
        _ query: String,
        timeout: Duration = .seconds(90),
        accept: ([VectorSample]) -> Bool
    ) async throws -> [VectorSample] {
        let deadline = ContinuousClock.now + timeout
        var last: [VectorSample] = []
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                last = try await client.query(query).samples
                if accept(last) { return last }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw TestSupportError("\(query) did not reach the expected answer in \(timeout); last answer: \(last), last error: \(String(describing: lastError))")
    }
}

extension [VectorSample] {
    /// The value of the sample whose labels include `labels`.
    func value(_ labels: [String: String]) -> Double? {
        first { sample in labels.allSatisfy { sample.metric[$0.key] == $0.value } }?.value
    }
}
