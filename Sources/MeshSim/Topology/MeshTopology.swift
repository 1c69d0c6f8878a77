/// A scenario resolved into what runs where: workload instances (a workload in one cluster) and flows (the share of an
/// edge's traffic that goes from one instance to another). Pure; `TrafficState` turns flows into telemetry.
public struct MeshTopology: Sendable {
    public let scenario: Scenario
    public let instances: [Instance]
    public let flows: [Flow]

    /// A workload running in one cluster.
    public struct Instance: Sendable, Hashable {
        public var cluster: String
        public var namespace: String
        public var workload: Scenario.Workload
        /// Whether an Istio proxy reports telemetry for it: a sidecar (injection on) or a gateway.
        public var hasProxy: Bool

        public var name: String { workload.name }
        public var canonicalService: String { workload.app }
        public var canonicalRevision: String { workload.version.isEmpty ? "latest" : workload.version }

        public func matches(_ ref: Scenario.WorkloadRef) -> Bool {
            ref.namespace == namespace && ref.workload == workload.name && (ref.cluster == nil || ref.cluster == cluster)
        }
    }

    /// Traffic from one instance to another through a Service, at `rate` requests (or connections) per second.
    public struct Flow: Sendable {
        public var source: Instance
        public var destination: Instance
        public var serviceNamespace: String
        public var service: Scenario.Service
        public var rate: Double
        /// Index into `scenario.traffic`: errors, latency and sizes come from the edge.
        public var edge: Int
    }

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        var instances: [Instance] = []
        for ns in scenario.namespaces {
            for workload in ns.workloads {
                for cluster in workload.clusters {
                    instances.append(Instance(cluster: cluster, namespace: ns.name, workload: workload, hasProxy: workload.gateway != nil || ns.injection))
                }
            }
        }
        self.instances = instances
        var flows: [Flow] = []
        for (index, edge) in scenario.traffic.enumerated() {
            guard let ns = scenario.namespaces.first(where: { $0.name == edge.toNamespace }),
                let service = ns.services.first(where: { $0.name == edge.toService })
            else { continue }
            let sources = instances.filter { $0.matches(edge.from) }
            let backends = instances.filter { $0.namespace == ns.name && $0.workload.app == service.app }
            for source in sources {
                let shares = Self.shares(backends, split: edge.split, locality: edge.locality, sourceCluster: source.cluster)
                for (destination, share) in shares where share > 0 {
                    flows.append(Flow(source: source, destination: destination, serviceNamespace: ns.name, service: service, rate: edge.rate * share, edge: index))
                }
            }
        }
        self.flows = flows
    }

    /// Each backend's share of an edge's traffic, as Istio routes it: the `split` weights first (or one group of all
    /// backends), then, with `locality: local`, the source's own cluster within each group when it has instances of
    /// that group (failing over to the others when not); within a group, by replicas.
    static func shares(_ backends: [Instance], split: [String: Double], locality: Scenario.Locality, sourceCluster: String) -> [(Instance, Double)] {
        var groups: [(weight: Double, members: [Instance])] = []
        if split.isEmpty {
            groups = [(1, backends)]
        } else {
            for key in split.keys.sorted() {
                let parts = key.split(separator: "/").map(String.init)
                let members = backends.filter { $0.workload.name == parts.last! && (parts.count == 1 || $0.cluster == parts[0]) }
                groups.append((split[key]!, members))
            }
        }
        let total = groups.filter { !$0.members.isEmpty }.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return [] }
        var result: [(Instance, Double)] = []
        for group in groups where !group.members.isEmpty && group.weight > 0 {
            var members = group.members
            if locality == .local {
                let local = members.filter { $0.cluster == sourceCluster }
                if !local.isEmpty { members = local }
            }
            let replicas = members.reduce(0) { $0 + $1.workload.replicas }
            for member in members {
                let share = group.weight / total * Double(member.workload.replicas) / Double(replicas)
                if let i = result.firstIndex(where: { $0.0 == member }) {
                    result[i].1 += share
                } else {
                    result.append((member, share))
                }
            }
        }
        return result
    }

    public var clusterNames: [String] { scenario.clusters.map(\.name) }
}
