public import SkoposGraph

/// What health needs to know about one namespace of one cluster: its workloads and services, from the read model
/// (``NamespaceHealthInput/snapshot(_:cluster:namespace:appLabel:proxyStatus:)``) or built by hand in tests.
/// Apps are the distinct app-label values of the workloads.
public struct NamespaceHealthInput: Sendable, Hashable {
    /// The cluster's name.
    public var cluster: String
    /// The namespace's name.
    public var namespace: String
    /// Its workloads.
    public var workloads: [Workload]
    /// Its services.
    public var services: [Service]

    /// A namespace's input.
    public init(cluster: String, namespace: String, workloads: [Workload] = [], services: [Service] = []) {
        self.cluster = cluster
        self.namespace = namespace
        self.workloads = workloads
        self.services = services
    }

    /// A workload as health needs it.
    public struct Workload: Sendable, Hashable {
        /// The workload's name.
        public var name: String
        /// Its app-label value; `nil` or empty when it has none (then it belongs to no app).
        public var app: String?
        /// Its `health.kiali.io/*` annotations (pod template); `health.kiali.io/rate` overrides the tolerances.
        public var healthAnnotations: [String: String]
        /// Desired, current and available replicas, and synced proxies (−1 when unknown).
        public var replicas: WorkloadReplicas
        /// Whether it can carry HTTP traffic, so that its request rates are fetched (`backend.md` §7.1): it runs a
        /// sidecar, is a gateway or a waypoint, or is captured by a waypoint. Otherwise its requests stay empty.
        public var hasHTTPTraffic: Bool

        /// A workload's facts.
        public init(name: String, app: String? = nil, healthAnnotations: [String: String] = [:], replicas: WorkloadReplicas, hasHTTPTraffic: Bool = true) {
            self.name = name
            self.app = app
            self.healthAnnotations = healthAnnotations
            self.replicas = replicas
            self.hasHTTPTraffic = hasHTTPTraffic
        }
    }

    /// A service as health needs it.
    public struct Service: Sendable, Hashable {
        /// The service's name.
        public var name: String
        /// Its `health.kiali.io/*` annotations; `health.kiali.io/rate` overrides the tolerances.
        public var healthAnnotations: [String: String]

        /// A service's facts.
        public init(name: String, healthAnnotations: [String: String] = [:]) {
            self.name = name
            self.healthAnnotations = healthAnnotations
        }
    }

    /// The apps: each app-label value with its workloads, sorted by app name, workloads in input order.
    public var apps: [(name: String, workloads: [Workload])] {
        var byApp: [String: [Workload]] = [:]
        for w in uniqueWorkloads {
            guard let app = w.app, !app.isEmpty else { continue }
            byApp[app, default: []].append(w)
        }
        return byApp.keys.sorted().map { ($0, byApp[$0]!) }
    }

    /// The workloads with their first occurrence per name (a Deployment before a bare ReplicaSet of the same name).
    var uniqueWorkloads: [Workload] {
        var seen = Set<String>()
        return workloads.filter { seen.insert($0.name).inserted }
    }

    /// Whether some workload needs request rates (so the app and workload rate queries are worth running).
    public var needsAppWorkloadRates: Bool { workloads.contains(where: \.hasHTTPTraffic) }

    /// Whether there are services (so the services rate query is worth running).
    public var needsServiceRates: Bool { !services.isEmpty }
}

/// Every namespace of every cluster, as the health cache computes them.
public struct HealthInventory: Sendable {
    /// One cluster's namespaces.
    public struct Cluster: Sendable {
        /// The cluster's name.
        public var name: String
        /// Its namespaces.
        public var namespaces: [NamespaceHealthInput]

        /// A cluster's namespaces.
        public init(name: String, namespaces: [NamespaceHealthInput]) {
            self.name = name
            self.namespaces = namespaces
        }
    }

    /// The clusters.
    public var clusters: [Cluster]

    /// An inventory of these clusters.
    public init(clusters: [Cluster]) {
        self.clusters = clusters
    }
}
