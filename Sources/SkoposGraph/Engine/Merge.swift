/// Merging a namespace's map into the graph (`graph.md` §7, Kiali's `MergeTrafficMaps`). Traffic is not summed across
/// namespace maps: an edge between two requested namespaces is in both, and the copy owned by the node's own
/// namespace wins. [PERF] Edges are found through each node's index, so the merge is linear.
enum Merge {
    static func merge(into map: inout TrafficMap, namespace ns: String, _ nsMap: TrafficMap) {
        for (id, nsNode) in nsMap.nodes {
            guard var kept = map.nodes[id] else {
                map.nodes[id] = nsNode
                continue
            }
            var other = nsNode
            if nsNode.namespace == ns { swap(&kept, &other) }
            for e in other.edges where kept.addEdgeIfNew(e) {
                kept.rates.addOut(e.protocol, e.rates.total)
            }
            map.nodes[id] = kept
        }
    }
}
