/// The `ambient` finalizer (F4): waypoint presentation (`graph.md` §9.3).
enum Ambient {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        let waypointIDs = Set(map.nodes.values.filter(\.isWaypoint).map(\.id))
        guard !waypointIDs.isEmpty else { return }
        if !ctx.options.waypoints {
            for id in waypointIDs { map.nodes[id] = nil }
            for id in Array(map.nodes.keys) { map.nodes[id]!.removeEdges { waypointIDs.contains($0.dest) } }
            let destinations = map.destinations
            for (id, n) in map.nodes where n.edges.isEmpty && !destinations.contains(id) && !n.isIdle { map.nodes[id] = nil }
            return
        }
        for id in waypointIDs {
            map.nodes[id]!.isOutOfMesh = false
            var edges = map.nodes[id]!.edges
            for i in edges.indices { edges[i].waypoint = WaypointEdge(direction: .from) }
            map.nodes[id]!.setEdges(edges)
        }
        // Edges into a waypoint: tag them `to`, with the waypoint's edge back to their source, which leaves the waypoint.
        for id in Array(map.nodes.keys) where !waypointIDs.contains(id) {
            var node = map.nodes[id]!
            var changed = false
            var edges = node.edges
            for i in edges.indices where waypointIDs.contains(edges[i].dest) {
                let wp = edges[i].dest
                var from: WaypointEdge.FromEdge?
                if let back = map.nodes[wp]!.existingEdge(to: id, protocol: edges[i].protocol) {
                    from = .init(source: wp, edge: map.nodes[wp]!.edges[back])
                    map.nodes[wp]!.removeEdges { $0.dest == id && $0.protocol == edges[i].protocol }
                }
                edges[i].waypoint = WaypointEdge(direction: .to, fromEdge: from)
                changed = true
            }
            if changed {
                node.setEdges(edges)
                map.nodes[id] = node
            }
        }
        // Gateway API gateways sending to waypoints.
        for id in Array(map.nodes.keys) where map.nodes[id]!.isGatewayAPI != nil {
            if map.nodes[id]!.edges.contains(where: { waypointIDs.contains($0.dest) }) { map.nodes[id]!.hasIngressWaypoint = true }
        }
    }
}
