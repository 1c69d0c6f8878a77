public import KubeSim
public import MeshSim
public import SkoposModel

/// Where everything of a running `skopos sim` answers, once every cluster does.
public struct SimReport: Sendable {
    /// The clusters' API servers and routers, the kubeconfig and the users file.
    public var simulator: Simulator.Report
    /// Each cluster's telemetry endpoint and the fault switch; nil when the clusters hold no mesh.
    public var traffic: TrafficEndpoints?

    /// A report of the clusters and, when they hold a mesh, its endpoints.
    public init(simulator: Simulator.Report, traffic: TrafficEndpoints?) {
        self.simulator = simulator
        self.traffic = traffic
    }

    /// `mesh.json`: `{"metrics": {"<cluster>": URL}, "faults": URL}`; nil when the clusters hold no mesh.
    public var meshJSON: JSONValue? {
        traffic.map { ["metrics": .object($0.metrics.mapValues { .string($0) }), "faults": .string($0.faults)] }
    }

    /// What `skopos sim` prints: one line per cluster, each cluster's telemetry and the fault switch, the users file,
    /// and `kubeconfig: <path>` last.
    public var lines: [String] {
        var lines: [String] = []
        for (name, endpoints) in simulator.clusters {
            var line = "\(name): \(endpoints.apiURL)"
            if let router = endpoints.routerURL { line += " router \(router)" }
            lines.append(line)
        }
        if let traffic {
            let metrics = traffic.metrics
            for (name, _) in simulator.clusters {
                if let url = metrics[name] { lines.append("\(name) metrics: \(url)") }
            }
            lines.append("faults: \(traffic.faults)")
        }
        if let users = simulator.usersPath { lines.append("users: \(users)") }
        lines.append("kubeconfig: \(simulator.kubeconfigPath)")
        return lines
    }
}
