import Dispatch
import Foundation
import SkoposModel
import Synchronization

/// Kiali's config conversion and encoding (`graph.md` §10): hashed IDs, boxes, Kiali's order, numbers as strings, and
/// Go's indented JSON, byte for byte.
public enum CytoscapeWriter {
    /// What the top level reports.
    public struct Header: Sendable, Hashable {
        public var timestamp: Int64
        /// The requested duration in seconds (not clipped).
        public var duration: Int
        public var graphType: GraphType
        public var boxBy: BoxBy

        public init(timestamp: Int64, duration: Int, graphType: GraphType, boxBy: BoxBy) {
            self.timestamp = timestamp
            self.duration = duration
            self.graphType = graphType
            self.boxBy = boxBy
        }
    }

    /// A node ready to write: the traffic-map node or a box (by index into the node list), its hashed ID and parent.
    struct Item {
        var hash: String
        var parent = ""
        var index: Int
        var boxKind = ""  // "app", "namespace", "cluster"
        var rank: Int { boxKind == "cluster" ? 0 : boxKind == "namespace" ? 1 : boxKind == "app" ? 2 : 3 }
    }

    /// An edge ready to write: its ends' hashes and where it is (node index, edge index).
    struct EdgeItem {
        var source: String
        var target: String
        var node: Int
        var edge: Int
        var proto: TrafficProtocol
    }

    /// Encodes a finished traffic map.
    public static func encode(_ map: TrafficMap, header: Header) -> [UInt8] {
        var all = Array(map.nodes.values)
        var items: [Item] = []
        items.reserveCapacity(all.count + 16)
        // The nodes' hashed IDs, computed in parallel chunks.
        let nodeHashes = Self.hashIDs(all)
        var hashes: [String: String] = [:]
        hashes.reserveCapacity(all.count)
        for (i, node) in all.enumerated() {
            hashes[node.id] = nodeHashes[i]
            items.append(Item(hash: nodeHashes[i], index: i))
        }
        let realNodes = all.count
        if header.boxBy.contains(.app) || header.graphType == .app || header.graphType == .versionedApp {
            box(&items, &all, kind: "app", minimumGroups: 1) { item, n in
                Value.ok(n.app) && n.nodeType != .box ? "box_\(n.cluster)_\(n.namespace)_\(n.app)" : nil
            }
        }
        if header.boxBy.contains(.namespace) {
            box(&items, &all, kind: "namespace", minimumGroups: 2) { item, n in
                item.parent.isEmpty && n.namespace != Value.unknown ? "box_\(n.cluster)_\(n.namespace)" : nil
            }
        }
        if header.boxBy.contains(.cluster) {
            box(&items, &all, kind: "cluster", minimumGroups: 2) { item, n in
                item.parent.isEmpty && n.cluster != Value.unknown ? "box_\(n.cluster)" : nil
            }
        }
        // Fields are compared in place: binding a node to a local would copy (and retain) all of it per comparison.
        items.sort { a, b in
            let ra = a.rank, rb = b.rank
            if ra != rb { return ra < rb }
            let i = a.index, j = b.index
            if all[i].cluster != all[j].cluster { return all[i].cluster < all[j].cluster }
            if all[i].namespace != all[j].namespace { return all[i].namespace < all[j].namespace }
            if all[i].app != all[j].app { return all[i].app < all[j].app }
            if all[i].version != all[j].version { return all[i].version < all[j].version }
            if all[i].service != all[j].service { return all[i].service < all[j].service }
            if all[i].workload != all[j].workload { return all[i].workload < all[j].workload }
            // [FIX] upstream has no final tie-breaker.
            return a.hash < b.hash
        }

        // Edges by source hash, target hash, protocol: the sources sorted once, then each source's few edges.
        var sources = Array(0..<realNodes)
        sources.sort { nodeHashes[$0] < nodeHashes[$1] }
        var edges: [EdgeItem] = []
        edges.reserveCapacity(map.edgeCount)
        for n in sources {
            let s = nodeHashes[n]
            let first = edges.count
            for (k, e) in all[n].edges.enumerated() {
                guard let t = hashes[e.dest] else { continue }
                edges.append(EdgeItem(source: s, target: t, node: n, edge: k, proto: e.protocol))
            }
            if edges.count - first > 1 {
                edges[first...].sort { a, b in a.target != b.target ? a.target < b.target : a.proto < b.proto }
            }
        }

        return write(items: items, all: all, edges: edges, hashes: hashes, header: header)
    }

    /// Writes the sorted nodes and edges.
    private static func write(items: [Item], all: [Node], edges: [EdgeItem], hashes: [String: String], header: Header) -> [UInt8] {
        var w = GoJSONWriter(capacity: 1024)
        w.beginObject()
        w.key("timestamp")
        w.int(header.timestamp)
        w.key("duration")
        w.int(Int64(header.duration))
        w.member("graphType", header.graphType.rawValue)
        w.key("elements")
        w.beginObject()
        w.key("nodes")
        w.beginArray()
        // [PERF] Large graphs are written in chunks, one per core, joined in order: the bytes are the same.
        let nodeChunks = chunks(items.count)
        let nodeParts = Mutex(Array(repeating: GoJSONWriter?.none, count: nodeChunks.count))
        do {
            DispatchQueue.concurrentPerform(iterations: nodeChunks.count) { c in
                var f = GoJSONWriter(fragmentAtDepth: 3, continuing: nodeChunks[c].lowerBound > 0, capacity: 900 * nodeChunks[c].count)
                for item in items[nodeChunks[c]] {
                    f.beginObject()
                    f.key("data")
                    writeNode(item, all[item.index], &f)
                    f.endObject()
                }
                nodeParts.withLock { $0[c] = f }
            }
        }
        let nodeFragments = nodeParts.withLock { parts in
            defer { parts = [] }
            return parts
        }
        w.reserveCapacity(more: nodeFragments.reduce(0) { $0 + ($1?.bytes.count ?? 0) } + 1200 * edges.count + 256)
        for part in nodeFragments { if let part { w.append(fragment: part) } }
        w.endArray()
        w.key("edges")
        w.beginArray()
        let edgeChunks = chunks(edges.count)
        let edgeParts = Mutex(Array(repeating: GoJSONWriter?.none, count: edgeChunks.count))
        do {
            DispatchQueue.concurrentPerform(iterations: edgeChunks.count) { c in
                var f = GoJSONWriter(fragmentAtDepth: 3, continuing: edgeChunks[c].lowerBound > 0, capacity: 1100 * edgeChunks[c].count)
                let lookup: (String) -> String? = { hashes[$0] }
                for e in edges[edgeChunks[c]] {
                    f.beginObject()
                    f.key("data")
                    let edge = all[e.node].edges[e.edge]
                    writeEdge(edge, source: e.source, target: e.target, sourceOut: all[e.node].rates.out(e.proto), hashOf: lookup, &f)
                    f.endObject()
                }
                edgeParts.withLock { $0[c] = f }
            }
        }
        var edgeFragments = edgeParts.withLock { parts in
            defer { parts = [] }
            return parts
        }
        for i in edgeFragments.indices {
            if let part = edgeFragments[i] { w.append(fragment: part) }
            edgeFragments[i] = nil  // freed as soon as copied
        }
        w.endArray()
        w.endObject()
        w.endObject()
        return w.bytes
    }

    /// SHA-256 of every node's internal ID, in node order.
    static func hashIDs(_ nodes: [Node]) -> [String] {
        let parts = chunks(nodes.count)
        let results = Mutex(Array(repeating: [String](), count: parts.count))
        DispatchQueue.concurrentPerform(iterations: parts.count) { c in
            let hashed = nodes[parts[c]].map { SHA256Hex.of($0.id) }
            results.withLock { $0[c] = hashed }
        }
        return results.withLock { $0 }.flatMap { $0 }
    }

    /// Index ranges splitting `count` elements into one chunk per core (one chunk for small graphs).
    static func chunks(_ count: Int) -> [Range<Int>] {
        let parts = count < 2_000 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        let size = (count + parts - 1) / max(parts, 1)
        return stride(from: 0, to: max(count, 1), by: max(size, 1)).map { $0..<min($0 + size, count) }
    }

    /// Groups items by key and adds a box for each group of more than one member (when there are at least
    /// `minimumGroups` groups).
    private static func box(_ items: inout [Item], _ all: inout [Node], kind: String, minimumGroups: Int, key: (Item, Node) -> String?) {
        var groups: [String: [Int]] = [:]
        for (i, item) in items.enumerated() {
            if let k = key(item, all[item.index]) { groups[k, default: []].append(i) }
        }
        guard groups.count >= minimumGroups else { return }
        for (k, members) in groups where members.count > 1 {
            let first = all[items[members[0]].index]
            var boxNode = Node(
                id: k, type: .box, cluster: first.cluster, namespace: kind == "cluster" ? "" : first.namespace, workload: "",
                app: kind == "app" ? first.app : "", version: "", service: "", graphType: .workload)
            let hash = SHA256Hex.of(k)
            for m in members {
                items[m].parent = hash
                if kind == "app" {
                    let n = all[items[m].index]
                    boxNode.isInaccessible = boxNode.isInaccessible || n.isInaccessible
                    boxNode.isOutOfMesh = boxNode.isOutOfMesh || n.isOutOfMesh
                    boxNode.isOutside = boxNode.isOutside || n.isOutside
                    if boxNode.healthData == nil { boxNode.healthData = n.healthDataApp ?? (n.nodeType == .app ? n.healthData : nil) }
                }
            }
            all.append(boxNode)
            items.append(Item(hash: hash, index: all.count - 1, boxKind: kind))
        }
    }

    private static func writeNode(_ item: Item, _ n: Node, _ w: inout GoJSONWriter) {
        w.beginObject()
        w.member("id", item.hash)
        if !item.parent.isEmpty { w.member("parent", item.parent) }
        w.member("nodeType", n.nodeType.rawValue)
        w.member("cluster", n.cluster)
        w.member("namespace", n.namespace)
        if !n.workload.isEmpty { w.member("workload", n.workload) }
        if !n.app.isEmpty { w.member("app", n.app) }
        if !n.version.isEmpty { w.member("version", n.version) }
        if !n.service.isEmpty { w.member("service", n.service) }
        if let a = n.aggregate { w.member("aggregate", "\(a.name)=\(a.value)") }
        if !n.destServices.isEmpty {
            w.key("destServices")
            w.beginArray()
            for s in n.destServices.values.sorted() {
                w.beginObject()
                w.member("cluster", s.cluster)
                w.member("namespace", s.namespace)
                w.member("name", s.name)
                w.endObject()
            }
            w.endArray()
        }
        if !n.labels.isEmpty { writeStringMap(n.labels, "labels", &w) }
        writeNodeTraffic(n.rates, &w)
        w.key("healthData")
        if let h = n.healthData { w.value(h) } else { w.null() }
        func flag(_ name: String, _ v: Bool) {
            if v {
                w.key(name)
                w.bool(true)
            }
        }
        flag("hasCB", n.hasCB)
        flag("hasFaultInjection", n.hasFaultInjection)
        flag("hasIngressWaypoint", n.hasIngressWaypoint)
        flag("hasMirroring", n.hasMirroring)
        flag("hasRequestRouting", n.hasRequestRouting)
        flag("hasRequestTimeout", n.hasRequestTimeout)
        flag("hasTCPTrafficShifting", n.hasTCPTrafficShifting)
        flag("hasTrafficShifting", n.hasTrafficShifting)
        if let vs = n.hasVS {
            w.key("hasVS")
            writeHostnames(vs, &w)
        }
        if !n.hasWorkloadEntry.isEmpty {
            w.key("hasWorkloadEntry")
            w.beginArray()
            for name in n.hasWorkloadEntry {
                w.beginObject()
                w.member("name", name)
                w.endObject()
            }
            w.endArray()
        }
        flag("isAmbient", n.isAmbient)
        if !item.boxKind.isEmpty { w.member("isBox", item.boxKind) }
        flag("isDead", n.isDead)
        if let e = n.isExtension {
            w.key("isExtension")
            w.beginObject()
            w.member("name", e.name)
            w.member("url", e.url)
            w.endObject()
        }
        let gatewayAPI = n.isIngressGateway == nil && n.isEgressGateway == nil && n.isGatewayAPI != nil
        if n.isIngressGateway != nil || n.isEgressGateway != nil || n.isGatewayAPI != nil {
            w.key("isGateway")
            w.beginObject()
            w.key("ingressInfo")
            writeHostnames(n.isIngressGateway ?? [:], &w)
            w.key("egressInfo")
            writeHostnames(n.isIngressGateway == nil ? n.isEgressGateway ?? [:] : [:], &w)
            w.key("gatewayAPIInfo")
            writeHostnames(gatewayAPI ? n.isGatewayAPI ?? [:] : [:], &w)
            w.endObject()
        }
        flag("isIdle", n.isIdle)
        flag("isInaccessible", n.isInaccessible)
        flag("isInjected", n.isInjected)
        flag("isK8sGatewayAPI", n.isK8sGatewayAPI || gatewayAPI)
        flag("isOutOfMesh", n.isOutOfMesh)
        flag("isOutside", n.isOutside)
        flag("isRoot", n.isRoot)
        if let se = n.isServiceEntry {
            w.key("isServiceEntry")
            w.beginObject()
            w.key("hosts")
            w.beginArray()
            for h in se.hosts { w.string(h) }
            w.endArray()
            w.member("location", se.location)
            w.member("namespace", se.namespace)
            w.endObject()
        }
        flag("isWaypoint", n.isWaypoint)
        w.endObject()
    }

    /// `{"hostnames": [...]}`, the hosts of every entry, sorted; `{}` when there are none.
    private static func writeHostnames(_ map: [String: [String]], _ w: inout GoJSONWriter) {
        var hosts: [String] = []
        for key in map.keys.sorted() { hosts += map[key]! }
        w.beginObject()
        if !hosts.isEmpty {
            w.key("hostnames")
            w.beginArray()
            for h in hosts { w.string(h) }
            w.endArray()
        }
        w.endObject()
    }

    private static func writeStringMap(_ map: [String: String], _ key: String, _ w: inout GoJSONWriter) {
        w.key(key)
        w.beginObject()
        for k in map.keys.sorted() { w.member(k, map[k]!) }
        w.endObject()
    }

    private static func writeNodeTraffic(_ r: NodeRates, _ w: inout GoJSONWriter) {
        let groups: [(String, [(String, Double)])] = [
            ("grpc", [("grpcIn", r.grpcIn), ("grpcInErr", r.grpcInErr), ("grpcInNoResponse", r.grpcInNoResponse), ("grpcOut", r.grpcOut)]),
            ("http", [
                ("httpIn", r.httpIn), ("httpIn3xx", r.httpIn3xx), ("httpIn4xx", r.httpIn4xx), ("httpIn5xx", r.httpIn5xx),
                ("httpInNoResponse", r.httpInNoResponse), ("httpOut", r.httpOut),
            ]),
            ("tcp", [("tcpIn", r.tcpIn), ("tcpOut", r.tcpOut)]),
        ]
        let present = groups.filter { $0.1.contains { $0.1 > 0 } }
        guard !present.isEmpty else { return }
        w.key("traffic")
        w.beginArray()
        for (proto, rates) in present {
            w.beginObject()
            w.member("protocol", proto)
            w.key("rates")
            w.beginObject()
            for (k, v) in rates where v > 0 { w.member(k, NumberFormat.rate(v)) }
            w.endObject()
            w.endObject()
        }
        w.endArray()
    }

    private static func writeEdge(
        _ e: Edge, source: String, target: String, sourceOut: Double, hashOf: (String) -> String?, _ w: inout GoJSONWriter
    ) {
        w.beginObject()
        w.member("id", SHA256Hex.of(source, ".", target, ".", e.protocol.rawValue))
        w.member("source", source)
        w.member("target", target)
        if !e.destPrincipal.isEmpty { w.member("destPrincipal", e.destPrincipal) }
        if !e.healthStatus.isEmpty { w.member("healthStatus", e.healthStatus) }
        if let v = e.isMTLS { w.member("isMTLS", NumberFormat.whole(v)) }
        if let v = e.responseTime { w.member("responseTime", NumberFormat.whole(v)) }
        if !e.sourcePrincipal.isEmpty { w.member("sourcePrincipal", e.sourcePrincipal) }
        if let v = e.throughput { w.member("throughput", NumberFormat.whole(v)) }
        w.key("traffic")
        writeEdgeTraffic(e, sourceOut: sourceOut, &w)
        if let wp = e.waypoint {
            w.key("waypoint")
            w.beginObject()
            w.member("direction", wp.direction.rawValue)
            if let from = wp.fromEdge {
                w.key("fromEdge")
                // [COMPAT] Kiali writes the return edge with the outer edge's source as both ends (graph.md §10.3).
                let (s, t) = WaypointFromEdge.ends(outerSource: source, returnSource: hashOf(from.source) ?? source, returnTarget: hashOf(from.edge.dest) ?? source)
                writeEdge(from.edge, source: s, target: t, sourceOut: from.edge.rates.total, hashOf: hashOf, &w)
            }
            w.endObject()
        }
        w.endObject()
    }

    private static func writeEdgeTraffic(_ e: Edge, sourceOut: Double, _ w: inout GoJSONWriter) {
        let r = e.rates
        w.beginObject()
        w.member("protocol", e.protocol.rawValue)
        if r.total > 0 {
            // Written directly, keys in Go's sorted order: no per-edge arrays.
            w.key("rates")
            w.beginObject()
            switch e.protocol {
            case .http:
                w.member("http", NumberFormat.rate(r.total))
                if r.r3xx > 0 { w.member("http3xx", NumberFormat.rate(r.r3xx)) }
                if r.r4xx > 0 { w.member("http4xx", NumberFormat.rate(r.r4xx)) }
                if r.r5xx > 0 { w.member("http5xx", NumberFormat.rate(r.r5xx)) }
                if r.noResponse > 0 { w.member("httpNoResponse", NumberFormat.rate(r.noResponse)) }
                let err = r.r4xx + r.r5xx + r.noResponse
                if err > 0 { w.member("httpPercentErr", NumberFormat.percent(err / r.total * 100)) }
                if sourceOut > 0 { w.member("httpPercentReq", NumberFormat.percent(r.total / sourceOut * 100)) }
            case .grpc:
                w.member("grpc", NumberFormat.rate(r.total))
                if r.err > 0 { w.member("grpcErr", NumberFormat.rate(r.err)) }
                if r.noResponse > 0 { w.member("grpcNoResponse", NumberFormat.rate(r.noResponse)) }
                let err = r.err + r.noResponse
                if err > 0 { w.member("grpcPercentErr", NumberFormat.percent(err / r.total * 100)) }
                if sourceOut > 0 { w.member("grpcPercentReq", NumberFormat.percent(r.total / sourceOut * 100)) }
            case .tcp:
                w.member("tcp", NumberFormat.rate(r.total))
            }
            w.endObject()
            if !e.responses.isEmpty {
                w.key("responses")
                w.beginObject()
                forEachSorted(e.responses) { code, d in
                    w.key(code)
                    w.beginObject()
                    if !d.flags.isEmpty {
                        w.key("flags")
                        w.beginObject()
                        forEachSorted(d.flags) { k, v in w.member(k, NumberFormat.percent(v / r.total * 100)) }
                        w.endObject()
                    }
                    if !d.hosts.isEmpty {
                        w.key("hosts")
                        w.beginObject()
                        forEachSorted(d.hosts) { k, v in w.member(k, NumberFormat.percent(v / r.total * 100)) }
                        w.endObject()
                    }
                    w.endObject()
                }
                w.endObject()
            }
        }
        w.endObject()
    }

    /// A dictionary's entries in Go's key order; one entry (the usual case) needs no sorted copy.
    @inline(__always)
    private static func forEachSorted<V>(_ d: [String: V], _ body: (String, V) -> Void) {
        if d.count == 1, let only = d.first {
            body(only.key, only.value)
            return
        }
        for k in d.keys.sorted() { body(k, d[k]!) }
    }

}
