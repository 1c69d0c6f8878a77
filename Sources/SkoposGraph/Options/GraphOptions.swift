/// Everything that shapes one graph, parsed from Kiali's query parameters (`graph.md` §3) by ``GraphOptions/parse(_:)``.
public struct GraphOptions: Sendable, Hashable {
    /// The graph type (`graphType`).
    public var graphType: GraphType = .workload
    /// The requested namespaces, in request order, each once. A node graph has exactly one.
    public var namespaces: [String] = []
    /// The node of a node graph; `nil` for a namespace graph.
    public var node: NodeSelection?
    /// The requested duration in seconds (`duration`, default 10m). PromQL uses it clipped per namespace (§3).
    public var duration: Int = 600
    /// The query time in Unix seconds (`queryTime`, default now).
    public var queryTime: Int64 = 0
    /// Whether `queryTime` was given: a historical request bypasses the cache.
    public var queryTimeGiven = false
    /// `injectServiceNodes` (forced on for service graphs).
    public var injectServiceNodes = false
    /// `includeIdleEdges`: drops the `> 0` filter from the traffic queries.
    public var includeIdleEdges = false
    /// `boxBy`.
    public var boxBy: BoxBy = []
    /// The appenders and finalizers that run (`appenders`).
    public var appenders: AppenderSet = .all
    /// `rateHttp`, `rateGrpc`, `rateTcp`, `ambientTraffic`.
    public var rates = Rates()
    /// `responseTime`: the quantile the `responseTime` appender asks for.
    public var responseTime: ResponseTimeQuantile = .p95
    /// `throughputType`.
    public var throughputType: ThroughputType = .response
    /// `aggregate`: the metric label of the `aggregateNode` appender.
    public var aggregate = "request_operation"
    /// `waypoints`: whether the `ambient` finalizer keeps waypoint nodes.
    public var waypoints = true
    /// `refreshInterval` in milliseconds, when given.
    public var refreshInterval: Int?

    public init() {}

    /// Namespace graph or node graph.
    public var kind: GraphKind { node == nil ? .namespace : .node }

    /// Whether request telemetry (`istio_requests_total`) is read.
    public var readsRequests: Bool { rates.http == .requests || rates.grpc == .requests }
}
