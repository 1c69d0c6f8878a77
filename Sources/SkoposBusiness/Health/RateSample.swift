public import PromClient

/// One series of an instant vector of `istio_requests_total` rates: its labels and its rate in requests per second.
/// The input of the request maps (`backend.md` §7.3); the I/O edge converts Prometheus answers into it.
public struct RateSample: Sendable, Hashable {
    /// The series' labels.
    public var labels: [String: String]
    /// Its rate (requests per second).
    public var value: Double

    /// A sample.
    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }

    /// A sample of a Prometheus instant vector.
    public init(_ sample: VectorSample) {
        self.init(labels: sample.metric, value: sample.value)
    }

    /// The samples of a Prometheus answer.
    /// - Throws: ``HealthError/metricsUnavailable(_:)`` when the answer is not an instant vector.
    public static func samples(from result: QueryResult) throws(HealthError) -> [RateSample] {
        guard case .vector(let samples) = result else {
            throw .metricsUnavailable("Prometheus answered a rate query with something other than a vector")
        }
        return samples.map(RateSample.init)
    }
}
