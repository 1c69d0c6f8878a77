/// A mesh scenario: which clusters exist, which workloads run where, and how they call each other.
///
/// It is read from YAML (`ScenarioParser`, format in the README) and is pure data: `MeshTopology` resolves it into
/// workload instances and flows, `ScenarioManifests` into Kubernetes objects, `TrafficState` into Istio telemetry.
public struct Scenario: Sendable, Equatable {
    public var mesh: Mesh
    public var clusters: [Cluster]
    public var namespaces: [Namespace]
    public var traffic: [Edge]
    public var faults: [Fault]

    public init(mesh: Mesh = Mesh(), clusters: [Cluster], namespaces: [Namespace], traffic: [Edge], faults: [Fault] = []) {
        self.mesh = mesh
        self.clusters = clusters
        self.namespaces = namespaces
        self.traffic = traffic
        self.faults = faults
    }

    /// Mesh-wide settings: istiod's `meshConfig`.
    public struct Mesh: Sendable, Equatable {
        public var id: String
        public var trustDomain: String
        public var istioVersion: String

        public init(id: String = "mesh1", trustDomain: String = "cluster.local", istioVersion: String = "1.24.2") {
            self.id = id
            self.trustDomain = trustDomain
            self.istioVersion = istioVersion
        }
    }

    /// A cluster of the mesh; its name is istiod's `CLUSTER_ID` and the `source_cluster`/`destination_cluster` label.
    public struct Cluster: Sendable, Equatable {
        public var name: String
        public var network: String

        public init(name: String, network: String) {
            self.name = name
            self.network = network
        }
    }

    /// A namespace with its Services and workloads (Deployments). It exists in every cluster that runs one of its
    /// workloads, and in the clusters listed under `clusters`.
    public struct Namespace: Sendable, Equatable {
        public var name: String
        public var clusters: [String]
        public var injection: Bool
        public var services: [Service]
        public var workloads: [Workload]

        public init(name: String, clusters: [String] = [], injection: Bool = true, services: [Service], workloads: [Workload]) {
            self.name = name
            self.clusters = clusters
            self.injection = injection
            self.services = services
            self.workloads = workloads
        }
    }

    public enum PortProtocol: String, Sendable, Equatable, CaseIterable {
        case http, grpc, tcp
    }

    /// A Service: selects the workloads whose `app` label is its name (or `app`), in every cluster that has the
    /// namespace, as Istio's multi-cluster service discovery does.
    public struct Service: Sendable, Equatable {
        public var name: String
        public var app: String
        public var port: Int
        public var targetPort: Int
        public var portProtocol: PortProtocol
        public var type: String

        public init(name: String, app: String? = nil, port: Int, targetPort: Int? = nil, portProtocol: PortProtocol = .http, type: String = "ClusterIP") {
            self.name = name
            self.app = app ?? name
            self.port = port
            self.targetPort = targetPort ?? port
            self.portProtocol = portProtocol
            self.type = type
        }
    }

    /// A Deployment named `name` with labels `app` and `version`, run in each of `clusters`.
    public struct Workload: Sendable, Hashable {
        public var name: String
        public var app: String
        public var version: String
        public var clusters: [String]
        public var replicas: Int
        public var serviceAccount: String
        /// Gateways (ingress, east-west) are Istio proxies themselves: no sidecar, `istio` label, and they report
        /// only outbound (source) telemetry.
        public var gateway: String?

        public init(name: String, app: String, version: String, clusters: [String], replicas: Int = 1, serviceAccount: String? = nil, gateway: String? = nil) {
            self.name = name
            self.app = app
            self.version = version
            self.clusters = clusters
            self.replicas = replicas
            self.serviceAccount = serviceAccount ?? app
            self.gateway = gateway
        }
    }

    /// Calls from one workload to a Service. Rates are per source instance (each cluster the workload runs in).
    public struct Edge: Sendable, Equatable {
        /// `namespace/workload` or `cluster/namespace/workload`.
        public var from: WorkloadRef
        public var toNamespace: String
        public var toService: String
        /// Requests (HTTP, gRPC) or connections (TCP) per second.
        public var rate: Double
        /// Response codes other than success, with the fraction of requests that get them. For gRPC the keys are
        /// gRPC status codes (`14` is UNAVAILABLE).
        public var errors: [String: Double]
        /// Median latency in milliseconds; the distribution's tail is derived from it.
        public var latencyMs: Double
        public var requestBytes: Double
        public var responseBytes: Double
        /// `all` (the default): spread over the Service's endpoints in every cluster, as Istio's multi-cluster load
        /// balancing does. `local`: only the source's own cluster.
        public var locality: Locality
        /// Weights by destination workload (`workload` or `cluster/workload`), as a VirtualService's weights; when
        /// empty, every replica in scope gets an equal share.
        public var split: [String: Double]
        /// The place the edge was written, for error messages.
        public var line: Int

        public init(from: WorkloadRef, toNamespace: String, toService: String, rate: Double, errors: [String: Double] = [:],
                    latencyMs: Double = 20, requestBytes: Double = 400, responseBytes: Double = 2_000, locality: Locality = .all,
                    split: [String: Double] = [:], line: Int = 0) {
            self.from = from
            self.toNamespace = toNamespace
            self.toService = toService
            self.rate = rate
            self.errors = errors
            self.latencyMs = latencyMs
            self.requestBytes = requestBytes
            self.responseBytes = responseBytes
            self.locality = locality
            self.split = split
            self.line = line
        }
    }

    public enum Locality: String, Sendable, Equatable {
        case all, local
    }

    /// A reference to a workload, optionally pinned to one cluster.
    public struct WorkloadRef: Sendable, Hashable, CustomStringConvertible {
        public var cluster: String?
        public var namespace: String
        public var workload: String

        public init(cluster: String? = nil, namespace: String, workload: String) {
            self.cluster = cluster
            self.namespace = namespace
            self.workload = workload
        }

        /// Parses `namespace/workload` or `cluster/namespace/workload`.
        public init?(parsing text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            switch parts.count {
            case 2: self.init(namespace: parts[0], workload: parts[1])
            case 3: self.init(cluster: parts[0], namespace: parts[1], workload: parts[2])
            default: return nil
            }
        }

        public var description: String { [cluster, namespace, workload].compactMap { $0 }.joined(separator: "/") }
    }

    /// A workload that answers a share of its requests with an error code (503 by default), as when its app fails.
    public struct Fault: Sendable, Equatable, Hashable {
        public var target: WorkloadRef
        public var code: String
        public var percent: Double

        public init(target: WorkloadRef, code: String = "503", percent: Double = 100) {
            self.target = target
            self.code = code
            self.percent = percent
        }
    }
}
