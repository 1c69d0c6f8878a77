/// A directed edge of the traffic map, owned by its source node (`graph.md` §4.1). At most one per destination and
/// protocol.
public struct Edge: Sendable, Hashable {
    /// The destination node's internal ID.
    public var dest: String
    public var `protocol`: TrafficProtocol
    public var rates = EdgeRates()
    /// Rates by response code (`-` for none).
    public var responses: [String: ResponseDetail] = [:]
    /// Percent of mTLS traffic (`securityPolicy`).
    public var isMTLS: Double?
    /// Milliseconds (`responseTime`).
    public var responseTime: Double?
    /// Bytes per second (`throughput`).
    public var throughput: Double?
    public var sourcePrincipal = ""
    public var destPrincipal = ""
    /// `Healthy`, `Degraded` or `Failure` (`health`).
    public var healthStatus = ""
    /// Waypoint presentation (`ambient`).
    public var waypoint: WaypointEdge?

    public init(dest: String, protocol p: TrafficProtocol) {
        self.dest = dest
        self.protocol = p
    }

    /// Adds another edge's traffic (Kiali's `AggregateEdgeTraffic`).
    mutating func addTraffic(of other: Edge) {
        rates.add(other.rates)
        for (code, detail) in other.responses { responses[code, default: ResponseDetail()].add(detail) }
    }
}

/// An edge's `waypoint` data: `to` a waypoint, with the edge coming back `from` it, or `from` a waypoint.
public struct WaypointEdge: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable { case to, from }
    public var direction: Direction
    /// The waypoint's return edge, for `to` edges: its destination node and protocol, and its data.
    public var fromEdge: FromEdge?

    public init(direction: Direction, fromEdge: FromEdge? = nil) {
        self.direction = direction
        self.fromEdge = fromEdge
    }

    public struct FromEdge: Sendable, Hashable {
        public var source: String
        /// The edge, boxed in an array: an edge may hold an edge.
        private var boxed: [Edge]
        public var edge: Edge {
            get { boxed[0] }
            set { boxed = [newValue] }
        }

        public init(source: String, edge: Edge) {
            self.source = source
            self.boxed = [edge]
        }
    }
}

/// An edge's identity within its source node.
struct EdgeKey: Hashable, Sendable {
    var dest: String
    var proto: TrafficProtocol
}
