/// What a simulated istiod answers on its ports, as Istio's istiod does: `/ready` on 8080, `/version` and
/// `/debug/syncz` on the monitoring port 15014. A console reads control-plane status through the API server's pod
/// proxy from these.
public struct IstiodEndpoints: Sendable {
    public let topology: MeshTopology
    public let cluster: String

    public init(topology: MeshTopology, cluster: String) {
        self.topology = topology
        self.cluster = cluster
    }

    /// Whether a pod's labels are an istiod's.
    public static func isIstiod(_ labels: [String: String]) -> Bool {
        labels["app"] == "istiod"
    }

    /// The answer to a request on a port of the istiod pod: status, content type and body; `nil` for a port istiod
    /// does not listen on.
    public func answer(port: Int, path: String) -> (status: Int, contentType: String, body: String)? {
        let plain = "text/plain; charset=utf-8"
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        switch port {
        case 8080:
            return route == "/ready" ? (200, plain, "") : (404, plain, "404 page not found\n")
        case 15014:
            switch route {
            case "/version": return (200, plain, topology.scenario.mesh.istioVersion)
            case "/debug/syncz": return (200, "application/json", syncz())
            case "/ready": return (200, plain, "")
            default: return (404, plain, "404 page not found\n")
            }
        default:
            return nil
        }
    }

    /// One entry per proxy of this cluster, all in sync (the simulated control plane never lags).
    func syncz() -> String {
        let version = topology.scenario.mesh.istioVersion
        var entries: [String] = []
        for instance in topology.instances where instance.cluster == cluster && instance.hasProxy {
            let nonce = "\(instance.namespace)-\(instance.name)-1"
            var fields = [
                ("cluster_id", cluster), ("proxy", "\(instance.name).\(instance.namespace)"), ("proxy_type", instance.workload.gateway != nil ? "router" : "sidecar"), ("istio_version", version),
            ]
            for type in ["cluster", "listener", "route", "endpoint"] {
                fields.append(("\(type)_sent", nonce))
                fields.append(("\(type)_acked", nonce))
            }
            entries.append("{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}")
        }
        return "[" + entries.joined(separator: ",") + "]"
    }
}
