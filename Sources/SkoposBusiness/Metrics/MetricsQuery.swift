/// The query parameters of the Istio metrics routes (`backend.md` §2.9), parsed, with Kiali's defaults.
///
/// ```swift
/// let q = try MetricsQuery.parse([("filters[]", "request_count"), ("direction", "inbound")], route: .namespace, now: now)
/// q.direction.side   // "destination"
/// ```
public struct MetricsQuery: Sendable, Hashable {
    /// The routes, each with the parameters it reads.
    public enum Route: Sendable, Hashable, CaseIterable {
        /// `GET /api/namespaces/{ns}/metrics`.
        case namespace
        /// `GET /api/clusters/metrics`.
        case clusters

        /// The parameter names the route reads (for `server.strict_query_params`).
        public var parameters: Set<String> {
            let common: Set<String> = [
                "clusterName", "direction", "reporter", "filters[]", "byLabels[]", "requestProtocol", "rateInterval", "rateFunc", "duration",
                "queryTime", "step", "quantiles[]", "avg",
            ]
            switch self {
            case .namespace: return common
            case .clusters: return common.union(["namespaces"])
            }
        }
    }

    /// `direction`: whose side of the requests the namespace is on.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Requests into the namespace: labels of the `destination` side.
        case inbound
        /// Requests out of the namespace: labels of the `source` side.
        case outbound

        /// `destination` or `source`: the prefix of the side's labels (`<side>_workload_namespace`).
        public var side: String { self == .inbound ? "destination" : "source" }
    }

    /// `reporter`: which proxies' view of the traffic.
    public enum Reporter: Sendable, Hashable {
        /// `both`: no reporter matcher.
        case both
        /// One reporter or more, sorted and without repeats: `reporter="a"` or `reporter=~"a|b"`.
        case reporters([String])

        /// The reporters a list may name.
        public static let known: Set<String> = ["source", "destination", "waypoint"]

        /// The PromQL matcher; `nil` for `both`.
        public var matcher: String? {
            switch self {
            case .both: nil
            case .reporters(let list) where list.count == 1: #"reporter="\#(list[0])""#
            case .reporters(let list): #"reporter=~"\#(list.joined(separator: "|"))""#
            }
        }
    }

    /// `rateFunc`: the rate function of counters.
    public enum RateFunc: String, Sendable, Hashable, CaseIterable {
        case rate
        case irate
    }

    /// `clusterName`: the cluster asked about; `nil` (absent or empty) means the home cluster.
    public var clusterName: String?
    /// `namespaces` (`/api/clusters/metrics`): the namespaces, in the order given, without repeats.
    public var namespaces: [String] = []
    /// `direction` (default `outbound`).
    public var direction: Direction = .outbound
    /// `reporter` (default `source`).
    public var reporter: Reporter = .reporters(["source"])
    /// `filters[]`: the families to answer, in name order (default: all). Unknown names are ignored.
    public var families: [MetricFamily] = MetricFamily.allCases.sorted()
    /// `byLabels[]`: the `by (…)` labels, in the order given, without repeats.
    public var byLabels: [String] = []
    /// `requestProtocol`: adds `request_protocol="<p>"`; `http` also drops the gRPC half of the error query.
    public var requestProtocol: String?
    /// `rateInterval` (default `1m`), as given; clipping may shorten it (``window(namespaceCreation:)``).
    public var rateInterval = "1m"
    /// `rateFunc` (default `rate`).
    public var rateFunc: RateFunc = .rate
    /// `duration` in seconds (default 1800): the range ends at `queryTime` and starts this much earlier.
    public var duration: Int64 = 1800
    /// `queryTime` in Unix seconds (default: now): the end of the range.
    public var queryTime: Double = 0
    /// `step` in seconds (default 15).
    public var step: Int64 = 15
    /// `quantiles[]`: histogram quantiles, as given (each in [0, 1]); they are also the series' `stat`.
    public var quantiles: [String] = []
    /// `avg` (default true): whether histograms get an average.
    public var avg = true

    /// The defaults, ending now.
    /// - Parameter now: The current Unix time, the default `queryTime`.
    public init(now: Double = 0) {
        queryTime = now
    }

    /// The cluster the matchers name: `clusterName`, or the home cluster.
    public func cluster(home: String) -> String { clusterName ?? home }
}
