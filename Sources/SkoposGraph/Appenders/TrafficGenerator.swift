/// The `trafficGenerator` finalizer (always runs, F7): `isRoot` on nodes with outgoing edges that nothing sends to.
enum TrafficGenerator {
    static func apply(_ map: inout TrafficMap) {
        let destinations = map.destinations
        for id in Array(map.nodes.keys) where !map.nodes[id]!.edges.isEmpty && !destinations.contains(id) {
            map.nodes[id]!.isRoot = true
        }
    }
}
