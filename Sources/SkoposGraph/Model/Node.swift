public import SkoposModel

/// A node of the traffic map (`graph.md` §4.1, §4.5), with its outgoing edges indexed by destination and protocol.
public struct Node: Sendable {
    /// The internal ID (§4.2); the JSON `id` is its SHA-256.
    public let id: String
    public var nodeType: NodeType
    public var cluster: String
    public var namespace: String
    public var workload: String
    public var app: String
    public var version: String
    public var service: String
    public var rates = NodeRates()
    /// Outgoing edges, in the order they were added.
    public private(set) var edges: [Edge] = []
    private var edgeIndex: [EdgeKey: Int] = [:]
    /// The services behind this node, keyed `<cluster> <namespace> <name>`.
    public var destServices: [String: ServiceName] = [:]

    public var isDead = false
    public var isIdle = false
    public var isInaccessible = false
    public var isOutside = false
    public var isRoot = false
    public var isInjected = false
    public var isAmbient = false
    public var isOutOfMesh = false
    public var isWaypoint = false
    /// Server-only: `PassthroughCluster` and `BlackHoleCluster`.
    public var isEgressCluster = false
    public var hasCB = false
    public var hasFaultInjection = false
    public var hasIngressWaypoint = false
    public var hasMirroring = false
    public var hasRequestRouting = false
    public var hasRequestTimeout = false
    public var hasTCPTrafficShifting = false
    public var hasTrafficShifting = false
    public var isK8sGatewayAPI = false
    /// VirtualService name → hosts.
    public var hasVS: [String: [String]]?
    /// WorkloadEntry names.
    public var hasWorkloadEntry: [String] = []
    /// Gateway name → hosts.
    public var isIngressGateway: [String: [String]]?
    public var isEgressGateway: [String: [String]]?
    public var isGatewayAPI: [String: [String]]?
    public var isServiceEntry: ServiceEntryInfo?
    public var isExtension: ExtensionInfo?
    /// `aggregate` and `aggregateValue`.
    public var aggregate: (name: String, value: String)?
    public var labels: [String: String] = [:]
    /// `healthData`, when the `health` finalizer ran.
    public var healthData: JSONValue?
    /// Server-only: the app health of versioned nodes, for their app box.
    public var healthDataApp: JSONValue?
    public var hasHealthConfig: JSONValue?

    /// Creates a node, trimming fields by type as Kiali's `NewNodeExplicit` does (§4.3).
    public init(id: String, type: NodeType, cluster: String, namespace: String, workload: String, app: String, version: String, service: String, graphType: GraphType) {
        self.id = id
        self.nodeType = type
        self.cluster = cluster
        self.namespace = namespace
        self.workload = workload
        self.app = app
        self.version = version
        self.service = service
        switch type {
        case .app:
            if graphType != .versionedApp {
                self.workload = ""
                self.version = ""
            }
            self.service = ""
        case .service:
            self.app = ""
            self.workload = ""
            self.version = ""
            if service == "PassthroughCluster" || service == "BlackHoleCluster" { isEgressCluster = true }
        case .workload:
            if app == Value.unknown { self.app = "" }
            if version == Value.unknown { self.version = "" }
            self.service = ""
        case .unknown, .aggregate, .box:
            break
        }
    }

    // MARK: - Edges

    /// The edge to `dest` for a protocol, created when missing; its index in ``edges``.
    mutating func edgeIndex(to dest: String, protocol p: TrafficProtocol) -> Int {
        let key = EdgeKey(dest: dest, proto: p)
        if let i = edgeIndex[key] { return i }
        edges.append(Edge(dest: dest, protocol: p))
        edgeIndex[key] = edges.count - 1
        return edges.count - 1
    }

    /// The index of the edge to `dest` for a protocol, if there is one.
    func existingEdge(to dest: String, protocol p: TrafficProtocol) -> Int? {
        edgeIndex[EdgeKey(dest: dest, proto: p)]
    }

    /// Runs `body` on this node and its edge to `dest` for a protocol (created when missing), both in place.
    mutating func withEdge(to dest: String, protocol p: TrafficProtocol, _ body: (inout Node, inout Edge) -> Void) {
        let i = edgeIndex(to: dest, protocol: p)
        // The edge is moved out while the body runs, so changing it does not copy the edge list.
        var edge = edges[i]
        edges[i] = Edge(dest: "", protocol: p)
        body(&self, &edge)
        edges[i] = edge
    }

    /// Changes an edge in place.
    mutating func updateEdge(_ i: Int, _ body: (inout Edge) -> Void) {
        body(&edges[i])
    }

    /// Appends an edge whose destination and protocol this node has no edge for; returns `false` otherwise.
    @discardableResult
    mutating func addEdgeIfNew(_ edge: Edge) -> Bool {
        let key = EdgeKey(dest: edge.dest, proto: edge.protocol)
        guard edgeIndex[key] == nil else { return false }
        edges.append(edge)
        edgeIndex[key] = edges.count - 1
        return true
    }

    /// Removes the edges that match.
    mutating func removeEdges(where predicate: (Edge) -> Bool) {
        let before = edges.count
        edges.removeAll(where: predicate)
        if edges.count != before { reindex() }
    }

    /// Replaces every edge.
    mutating func setEdges(_ new: [Edge]) {
        edges = new
        reindex()
    }

    private mutating func reindex() {
        edgeIndex.removeAll(keepingCapacity: true)
        for (i, e) in edges.enumerated() { edgeIndex[EdgeKey(dest: e.dest, proto: e.protocol)] = i }
    }

    /// Traffic arrived: adds to the incoming rate (when positive) and records the service it came through.
    mutating func received(_ p: TrafficProtocol, _ value: Double, _ c: ResponseClass, through service: ServiceName?) {
        if value > 0 { rates.addIn(p, value, c) }
        if let service { addDestService(cluster: service.cluster, namespace: service.namespace, name: service.name) }
    }

    /// Adds a service to ``destServices``.
    mutating func addDestService(cluster: String, namespace: String, name: String) {
        let key = "\(cluster) \(namespace) \(name)"
        if destServices[key] == nil { destServices[key] = ServiceName(cluster: cluster, namespace: namespace, name: name) }
    }
}

/// A service named in `destServices`.
public struct ServiceName: Sendable, Hashable, Comparable {
    public var cluster: String
    public var namespace: String
    public var name: String

    public static func < (a: Self, b: Self) -> Bool { (a.cluster, a.namespace, a.name) < (b.cluster, b.namespace, b.name) }
}

/// `isServiceEntry`: the hosts, `MESH_EXTERNAL` or `MESH_INTERNAL`, and the ServiceEntry's namespace.
public struct ServiceEntryInfo: Sendable, Hashable {
    public var hosts: [String]
    public var location: String
    public var namespace: String
}

/// `isExtension`: the extension's name and UI URL.
public struct ExtensionInfo: Sendable, Hashable {
    public var name: String
    public var url: String
}
