/// Condenses a workload graph with injected service nodes into a service graph (`graph.md` §8, Kiali's
/// `ReduceToServiceGraph`).
enum ServiceReduction {
    static func apply(_ map: inout TrafficMap) {
        var reduced = TrafficMap()
        for (id, node) in map.nodes {
            if node.nodeType == .service {
                var svc = node
                svc.rates.httpOut = 0
                svc.rates.grpcOut = 0
                svc.rates.tcpOut = 0
                var edges: [Edge] = []
                var index: [EdgeKey: Int] = [:]
                for e in node.edges {
                    guard let dest = map.nodes[e.dest] else { continue }
                    if dest.nodeType == .service {
                        add(e, &edges, &index, &svc)
                        continue
                    }
                    for we in dest.edges where map.nodes[we.dest]?.nodeType == .service {
                        var copy = we
                        copy.responseTime = nil
                        add(copy, &edges, &index, &svc)
                    }
                }
                svc.setEdges(edges)
                reduced.nodes[id] = svc
            } else if node.isRoot {
                var root = node
                root.removeEdges { map.nodes[$0.dest]?.nodeType != .service }
                root.rates.httpOut = 0
                root.rates.grpcOut = 0
                root.rates.tcpOut = 0
                for e in root.edges { root.rates.addOut(e.protocol, e.rates.total) }
                if !root.edges.isEmpty { reduced.nodes[id] = root }
            }
        }
        map = reduced
    }

    private static func add(_ e: Edge, _ edges: inout [Edge], _ index: inout [EdgeKey: Int], _ svc: inout Node) {
        let key = EdgeKey(dest: e.dest, proto: e.protocol)
        if let i = index[key] {
            edges[i].addTraffic(of: e)
        } else {
            var copy = e
            copy.responseTime = nil
            index[key] = edges.count
            edges.append(copy)
        }
        svc.rates.addOut(e.protocol, e.rates.total)
    }
}
