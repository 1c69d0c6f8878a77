/// Where a running `TrafficServer` answers: each cluster's telemetry listener, and the fault switch.
public struct TrafficEndpoints: Sendable, Equatable {
    /// `host:port` of each cluster's listener: what a Prometheus scrape config targets.
    public var addresses: [String: String]
    /// The cluster whose listener the fault switch is named by (every listener serves it).
    public var firstCluster: String

    /// Each cluster's `/metrics` URL.
    public var metrics: [String: String] { addresses.mapValues { "http://\($0)/metrics" } }

    /// The fault switch: `/faults` on the first cluster's listener.
    public var faults: String { "http://\(addresses[firstCluster] ?? "")/faults" }
}
