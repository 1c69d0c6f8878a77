import SkoposModel

/// The endpoints of a Service that can be dialled: addresses on the loopback network, where pods that run listen.
enum RunningEndpoints {
    /// The first running address of an Endpoints object with the port serving `servicePort`, and whether the Endpoints
    /// listed any address at all (so a caller can tell "no ready endpoints" from "its pods do not run here").
    static func first(in endpoints: JSONValue?, servicePort: JSONValue?) -> (target: (ip: String, port: Int)?, sawAddress: Bool) {
        var sawAddress = false
        for subset in endpoints?["subsets"]?.arrayValue ?? [] {
            for address in subset["addresses"]?.arrayValue ?? [] {
                guard let ip = address["ip"]?.stringValue else { continue }
                sawAddress = true
                guard LoopbackPodNetwork.isLoopback(ip) else { continue }
                let subsetPorts = subset["ports"]?.arrayValue ?? []
                let port = subsetPorts.first { servicePort?["name"] != nil && $0["name"] == servicePort?["name"] }?["port"]?.intValue
                    ?? (subsetPorts.count == 1 ? subsetPorts[0]["port"]?.intValue : nil)
                    ?? EndpointsController.resolveTargetPort(servicePort ?? [:], pods: [])
                return ((ip, port), true)
            }
        }
        return (nil, sawAddress)
    }
}
