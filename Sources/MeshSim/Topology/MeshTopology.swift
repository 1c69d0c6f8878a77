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

        public static func == (a: Instance, b: Instance) -> Bool {
            a.cluster == b.cluster && a.namespace == b.namespace && a.workload.name == b.workload.name
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(cluster)
            hasher.combine(namespace)
            hasher.combine(workload.name)
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
                var scope = backends
                if edge.locality == .local {
                    let local = backends.filter { $0.cluster == source.cluster }
                    if !local.isEmpty { scope = local }  // Istio fails over to other clusters when none is local.
                }
                let weights = Self.weights(scope, split: edge.split)
                let total = weights.reduce(0, +)
                guard total > 0 else { continue }
                for (destination, weight) in zip(scope, weights) where weight > 0 {
                    flows.append(Flow(source: source, destination: destination, serviceNamespace: ns.name, service: service, rate: edge.rate * weight / total, edge: index))
                }
            }
        }
        self.flows = flows
    }

    /// Each instance's weight: its replicas, or its share of a `split` entry (spread over that entry's instances by replicas).
    static func weights(_ scope: [Instance], split: [String: Double]) -> [Double] {
        guard !split.isEmpty else { return scope.map { Double($0.workload.replicas) } }
        return scope.map { instance in
            var weight = 0.0
            for (key, value) in split {
                let parts = key.split(separator: "/").map(String.init)
                let matches: (Instance) -> Bool = { i in
                    i.workload.name == parts.last! && (parts.count == 1 || i.cluster == parts[0])
                }
                guard matches(instance) else { continue }
                let replicasOfKey = scope.filter(matches).reduce(0) { $0 + $1.workload.replicas }
                weight += value * Double(instance.workload.replicas) / Double(replicasOfKey)
            }
            return weight
        }
    }

    public var clusterNames: [String] { scenario.clusters.map(\.name) }
}
