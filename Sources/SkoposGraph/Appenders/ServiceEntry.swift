import SkoposModel

/// The `serviceEntry` namespace appender (`graph.md` §9.2, §11): turns the service nodes that stand for ServiceEntry
/// hosts into one ServiceEntry node per entry.
///
/// Candidates are service nodes that are not injected and have a real cluster and namespace (`MESH_INTERNAL`
/// entries), and the non-injected service destinations of other nodes (`MESH_EXTERNAL` entries, which telemetry
/// usually leaves without cluster or namespace: the entry must be visible from the requesting source). A candidate
/// matches the ServiceEntries of its cluster that are exported to its namespace (or its source's): exactly by host
/// (a wildcard host matches, as Istio reports the wildcard host as the service name), or for `MESH_INTERNAL` entries by
/// the host's first DNS label (not for `*.ns.global`-style hosts).
///
/// The candidates of an entry become `svc_<cluster>_<namespace>_<entry name>` with `isServiceEntry`: their node
/// traffic and `destServices` are summed into it, their outgoing edges move to it, and edges into them are redirected
/// to it, merged per protocol. Only edges from sources in the entry's cluster are redirected (kiali#7589): each
/// cluster has its own ServiceEntries. A candidate that still has edges from other clusters stays.
///
/// Choices where upstream is loose:
/// - `exportTo` follows Istio: `*` everywhere, `.` the entry's own namespace, `~` nowhere, otherwise the listed
///   namespaces (upstream compares the list with the entry's namespace). Without `exportTo`, the cluster's mesh
///   config `defaultServiceExportTo` applies (``MeshFacts``; `*` unless the `istio` ConfigMap says otherwise).
/// - `isServiceEntry.namespace` is the namespace the entry is defined in.
/// - Matching is deterministic: exact host matches first, entries with an explicit `exportTo` before the others, then
///   by namespace and name.
enum ServiceEntryAppender {
    /// A ServiceEntry of a cluster.
    struct Entry: Hashable {
        var cluster: String
        var namespace: String
        var name: String
        var location: String
        var hosts: [String]
        var exportTo: [String]
    }

    /// The entries visible from one namespace of one cluster, ready for matching.
    struct Visible {
        var exact: [String: Entry] = [:]
        var meshInternal: [Entry] = []

        init(_ entries: [Entry]) {
            for e in entries {
                for h in e.hosts where exact[h] == nil { exact[h] = e }
                if e.location == "MESH_INTERNAL" { meshInternal.append(e) }
            }
        }

        var isEmpty: Bool { exact.isEmpty }

        /// The entry that defines a service name, if any.
        func match(_ service: String) -> Entry? {
            if let e = exact[service] { return e }
            for e in meshInternal {
                for host in e.hosts {
                    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
                    if labels.count == 3 && labels[2] == "global" { continue }
                    if labels.first.map(String.init) == service { return e }
                }
            }
            return nil
        }
    }

    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        guard !map.nodes.isEmpty else { return }
        var visibleCache: [ClusterNamespace: Visible] = [:]
        func visible(_ cluster: String, _ namespace: String) -> Visible? {
            guard Value.ok(cluster), ctx.isAccessible(cluster: cluster, namespace: namespace) else { return nil }
            let key = ClusterNamespace(cluster: cluster, namespace: namespace)
            if let hit = visibleCache[key] { return hit.isEmpty ? nil : hit }
            let v = Visible(entries(ctx.kube, cluster: cluster, visibleFrom: namespace))
            visibleCache[key] = v
            return v.isEmpty ? nil : v
        }

        // Each entry with the candidates that stand for it, in a stable order.
        var order: [Entry] = []
        var groups: [Entry: [String]] = [:]
        func add(_ e: Entry, _ id: String) {
            if groups[e] == nil { order.append(e) }
            if !(groups[e]?.contains(id) ?? false) { groups[e, default: []].append(id) }
        }
        func isCandidate(_ n: Node) -> Bool {
            n.nodeType == .service && !n.isInjected && !n.isEgressCluster && n.isServiceEntry == nil
        }
        for id in map.nodes.keys.sorted() {
            let n = map.nodes[id]!
            if n.nodeType == .service {
                guard isCandidate(n), Value.ok(n.namespace), let v = visible(n.cluster, n.namespace), let e = v.match(n.service) else { continue }
                add(e, id)
            } else {
                for edge in n.edges {
                    guard let dest = map.nodes[edge.dest], isCandidate(dest), let v = visible(n.cluster, n.namespace), let e = v.match(dest.service)
                    else {
                        continue
                    }
                    add(e, dest.id)
                }
            }
        }

        guard !order.isEmpty else { return }
        // [PERF] Who sends to whom, once: redirecting a candidate's incoming edges then visits its senders only, not
        // every node of the map per candidate.
        var senders: [String: Set<String>] = [:]
        for (id, n) in map.nodes {
            for e in n.edges where e.dest != id { senders[e.dest, default: []].insert(id) }
        }
        for entry in order {
            replace(groups[entry]!, with: entry, in: &map, senders: &senders, ctx)
        }
    }

    /// Replaces candidate service nodes with the entry's node.
    private static func replace(
        _ candidates: [String], with entry: Entry, in map: inout TrafficMap, senders: inout [String: Set<String>], _ ctx: AppenderContext
    ) {
        let graphType = ctx.options.graphType
        guard
            let (seID, _) = NodeID.make(
                cluster: entry.cluster,
                serviceNamespace: ctx.namespace,
                service: entry.name,
                workloadNamespace: "",
                workload: "",
                app: "",
                version: "",
                graphType: graphType
            )
        else { return }
        // Work on the entry's node out of the map: an earlier namespace pass or entry may have made it already.
        var seNode: Node
        if let existing = map.nodes[seID], existing.isServiceEntry != nil {
            seNode = existing
            map.nodes[seID] = nil
        } else {
            seNode = Node(
                id: seID,
                type: .service,
                cluster: entry.cluster,
                namespace: ctx.namespace,
                workload: "",
                app: "",
                version: "",
                service: entry.name,
                graphType: graphType
            )
        }
        seNode.isServiceEntry = ServiceEntryInfo(hosts: entry.hosts, location: entry.location, namespace: entry.namespace)

        var redirected = Set<String>()
        for doomedID in candidates {
            // Gone already: converted for an overlapping entry.
            guard let doomed = map.nodes[doomedID] else { continue }
            addRates(&seNode.rates, doomed.rates)
            for (k, v) in doomed.destServices { seNode.destServices[k] = v }
            // Incoming edges, from sources in the entry's cluster only.
            var keep = false
            for srcID in (senders[doomedID] ?? []).sorted() where srcID != doomedID {
                guard let src = map.nodes[srcID], src.edges.contains(where: { $0.dest == doomedID }) else { continue }
                if src.cluster != entry.cluster {
                    keep = true
                    continue
                }
                map.nodes[srcID]!.setEdges(redirect(src.edges, from: doomedID, to: seID))
                senders[seID, default: []].insert(srcID)
            }
            // Outgoing edges (to an egress gateway, typically) move to the entry's node.
            for e in doomed.edges {
                if let i = seNode.existingEdge(to: e.dest, protocol: e.protocol) {
                    seNode.updateEdge(i) { $0.addTraffic(of: e) }
                } else {
                    seNode.addEdgeIfNew(e)
                }
            }
            redirected.insert(doomedID)
            if !keep && doomedID != seID { map.nodes[doomedID] = nil }
        }
        // The entry's node may now point at candidates it replaced (a candidate's edge to itself, or an old node's).
        for doomedID in redirected where seNode.edges.contains(where: { $0.dest == doomedID }) {
            seNode.setEdges(redirect(seNode.edges, from: doomedID, to: seID))
        }
        map.nodes[seID] = seNode
        for e in seNode.edges where e.dest != seID { senders[e.dest, default: []].insert(seID) }
    }

    /// Edges with `from` as destination pointed at `to`, merged per destination and protocol (Kiali's
    /// `aggregateEdges`), in their first order.
    static func redirect(_ edges: [Edge], from: String, to: String) -> [Edge] {
        var result: [Edge] = []
        var index: [EdgeKey: Int] = [:]
        for var e in edges {
            if e.dest == from { e.dest = to }
            let key = EdgeKey(dest: e.dest, proto: e.protocol)
            if let i = index[key] {
                result[i].addTraffic(of: e)
            } else {
                index[key] = result.count
                result.append(e)
            }
        }
        return result
    }

    /// Kiali's `AggregateNodeTraffic`: every node rate summed.
    private static func addRates(_ a: inout NodeRates, _ b: NodeRates) {
        a.httpIn += b.httpIn
        a.httpInNoResponse += b.httpInNoResponse
        a.httpIn3xx += b.httpIn3xx
        a.httpIn4xx += b.httpIn4xx
        a.httpIn5xx += b.httpIn5xx
        a.httpOut += b.httpOut
        a.grpcIn += b.grpcIn
        a.grpcInNoResponse += b.grpcInNoResponse
        a.grpcInErr += b.grpcInErr
        a.grpcOut += b.grpcOut
        a.tcpIn += b.tcpIn
        a.tcpOut += b.tcpOut
    }

    /// The ServiceEntries of a cluster that are exported to a namespace, entries with an explicit `exportTo` first.
    static func entries(_ kube: KubeView, cluster: String, visibleFrom namespace: String) -> [Entry] {
        let meshExportTo = kube.meshFacts(cluster: cluster).defaultServiceExportTo
        var specific: [Entry] = []
        var general: [Entry] = []
        let all = kube.config(cluster: cluster, kind: .serviceEntries).compactMap { entry(cluster: cluster, $0) }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        for e in all where !e.hosts.isEmpty && isExported(e, to: namespace, meshDefault: meshExportTo) {
            if e.exportTo.isEmpty || e.exportTo[0] == "*" { general.append(e) } else { specific.append(e) }
        }
        return specific + general
    }

    /// A ServiceEntry object's fields.
    static func entry(cluster: String, _ o: JSONValue) -> Entry? {
        guard let name = o[path: ["metadata", "name"]]?.stringValue else { return nil }
        let spec = o["spec"]
        return Entry(
            cluster: cluster,
            namespace: o[path: ["metadata", "namespace"]]?.stringValue ?? "",
            name: name,
            location: spec?["location"]?.stringValue == "MESH_INTERNAL" ? "MESH_INTERNAL" : "MESH_EXTERNAL",
            hosts: spec?["hosts"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            exportTo: spec?["exportTo"]?.arrayValue?.compactMap(\.stringValue) ?? []
        )
    }

    /// Whether an entry is visible from a namespace (Istio's `exportTo`).
    static func isExported(_ e: Entry, to namespace: String, meshDefault: [String]) -> Bool {
        let exportTo = e.exportTo.isEmpty ? meshDefault : e.exportTo
        if exportTo.isEmpty { return true }
        for x in exportTo {
            switch x {
            case "*": return true
            case ".": if e.namespace == namespace { return true }
            case "~": continue
            default: if x == namespace { return true }
            }
        }
        return false
    }
}
