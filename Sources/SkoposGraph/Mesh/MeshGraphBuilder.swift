/// Builds the mesh page graph (`graph.md` §12) from a ``MeshModel``: pure, no I/O.
///
/// Nodes: a box per cluster (version: its Kubernetes version; without one `Unknown` for a cluster with a control
/// plane, none otherwise), an `istiod` node per control plane (version: its Istio version or `Unknown`), a
/// `dataplane` node per control plane and managed cluster (version: the revision), the Kiali node, the add-ons
/// (version from `/api/status`), ztunnels, and with the options gateways and waypoints (version: their revision).
/// Nodes with a namespace sit in a namespace box, the others directly in their cluster's box; add-ons whose URL names
/// no known Service sit in the `_external_` box.
///
/// Edges: istiod → its data planes, ztunnels, waypoints and gateways (same cluster managed, same revision or tag);
/// Kiali → every istiod (when the Istio API is enabled) and every add-on.
public enum MeshGraphBuilder {
    /// The cluster name of add-ons outside every known cluster.
    public static let externalCluster = "_external_"

    /// Builds the graph.
    public static func build(_ model: MeshModel, options: MeshGraphOptions) -> MeshGraph {
        var nodes: [String: MeshNode] = [:]
        var edges: [MeshEdge] = []
        func add(_ node: MeshNode) -> MeshNode {
            if let existing = nodes[node.id] { return existing }
            nodes[node.id] = node
            return node
        }

        // Clusters.
        var clusterBox: [String: String] = [:]
        func box(for cluster: MeshCluster) {
            guard clusterBox[cluster.name] == nil else { return }
            let hasControlPlane = model.controlPlanes.contains { $0.cluster.name == cluster.name }
            let version = cluster.kubernetesVersion ?? (hasControlPlane ? "Unknown" : "")
            var n = MeshNode(
                infraType: .cluster,
                cluster: cluster.name,
                namespace: "",
                name: cluster.name,
                version: version,
                nodeType: "box",
                healthData: cluster.reachable == false ? "Unreachable" : "Healthy",
                infraData: .cluster(cluster)
            )
            n.isBox = "cluster"
            n.isInaccessible = cluster.isInaccessible
            clusterBox[cluster.name] = add(n).id
        }
        for c in model.clusters { box(for: c) }
        for cp in model.controlPlanes {
            box(for: cp.cluster)
            for c in cp.managedClusters { box(for: c) }
        }

        // Control planes and their data planes.
        var istiods: [(ControlPlane, String)] = []
        for cp in model.controlPlanes {
            let istiod = add(
                MeshNode(
                    infraType: .istiod,
                    cluster: cp.cluster.name,
                    namespace: cp.istiodNamespace,
                    name: cp.istiodName,
                    version: cp.version ?? "Unknown",
                    healthData: cp.status.isEmpty ? "Healthy" : cp.status,
                    infraData: .controlPlane(cp)
                )
            )
            istiods.append((cp, istiod.id))
            for managed in cp.managedClusters {
                let namespaces = cp.managedNamespaces.filter { $0.cluster == managed.name }
                guard !namespaces.isEmpty else { continue }
                var n = MeshNode(
                    infraType: .dataplane,
                    cluster: managed.name,
                    namespace: "",
                    name: "Data Plane",
                    version: cp.revision,
                    infraData: .namespaces(namespaces)
                )
                n.isAmbient = namespaces.contains(where: \.isAmbient)
                let dataPlane = add(n)
                edges.append(MeshEdge(source: istiod.id, target: dataPlane.id))
            }
        }
        func fromIstiods(cluster: String, revision: String, to target: String) {
            for (cp, id) in istiods where cp.manages(cluster: cluster) && cp.serves(revision: revision) {
                edges.append(MeshEdge(source: id, target: target))
            }
        }

        for z in model.ztunnels {
            var n = MeshNode(
                infraType: .ztunnel,
                cluster: z.cluster,
                namespace: z.namespace,
                name: z.name,
                version: z.revision,
                infraData: .workload(z)
            )
            n.isAmbient = true
            fromIstiods(cluster: z.cluster, revision: z.revision, to: add(n).id)
        }
        if options.includeWaypoints {
            for w in model.waypoints {
                let n = MeshNode(
                    infraType: .waypoint,
                    cluster: w.cluster,
                    namespace: w.namespace,
                    name: w.name,
                    version: w.revision,
                    infraData: .workload(w)
                )
                fromIstiods(cluster: w.cluster, revision: w.revision, to: add(n).id)
            }
        }
        if options.includeGateways {
            for g in model.gateways {
                let n = MeshNode(
                    infraType: .gateway,
                    cluster: g.cluster,
                    namespace: g.namespace,
                    name: g.name,
                    version: g.revision,
                    infraData: .json(g.object)
                )
                fromIstiods(cluster: g.cluster, revision: g.revision, to: add(n).id)
            }
        }

        // The console and its add-ons.
        var kialiID: String?
        if let k = model.kiali {
            let kiali = add(
                MeshNode(
                    infraType: .kiali,
                    cluster: k.cluster,
                    namespace: k.namespace,
                    name: k.name,
                    version: k.version,
                    infraData: .json(k.infraData)
                )
            )
            kialiID = kiali.id
            if k.istioAPIEnabled {
                for (_, id) in istiods { edges.append(MeshEdge(source: kiali.id, target: id)) }
            }
        }
        for a in model.addOns {
            let type: MeshNode.InfraType =
                switch a.kind {
                case .metricStore: .metricStore
                case .traceStore: .traceStore
                case .grafana: .grafana
                case .perses: .perses
                }
            var n: MeshNode
            switch a.location {
            case .cluster(let cluster, let namespace):
                n = MeshNode(
                    infraType: type,
                    cluster: cluster,
                    namespace: namespace,
                    name: a.name,
                    version: a.version ?? "",
                    healthData: a.health ?? "Healthy"
                )
            case .external:
                n = MeshNode(
                    infraType: type,
                    cluster: externalCluster,
                    namespace: "",
                    name: a.name,
                    version: a.version ?? "",
                    healthData: a.health ?? "Healthy"
                )
                n.isExternal = true
                n.isInaccessible = true
            }
            n.infraData = .json(a.infraData)
            let addOn = add(n)
            if let kialiID { edges.append(MeshEdge(source: kialiID, target: addOn.id)) }
        }

        // Boxes: namespaces inside clusters, clusters for everything else.
        for id in Array(nodes.keys) {
            var n = nodes[id]!
            guard n.isBox.isEmpty else { continue }
            if n.cluster == externalCluster {
                var b = MeshNode(infraType: .cluster, cluster: externalCluster, namespace: "", name: "External Deployments", nodeType: "box")
                b.isBox = "cluster"
                b.isExternal = true
                b.isInaccessible = true
                n.parent = add(b).id
            } else {
                if clusterBox[n.cluster] == nil { box(for: MeshCluster(name: n.cluster)) }
                if n.namespace.isEmpty {
                    n.parent = clusterBox[n.cluster]!
                } else {
                    var b = MeshNode(
                        infraType: .namespace,
                        cluster: n.cluster,
                        namespace: n.namespace,
                        name: n.namespace,
                        nodeType: "box",
                        healthData: nil
                    )
                    b.isBox = "namespace"
                    b.parent = clusterBox[n.cluster]!
                    n.parent = add(b).id
                }
            }
            nodes[id] = n
        }

        let sortedNodes = nodes.values.sorted { a, b in
            let ra = a.isBox == "cluster" ? 0 : a.isBox == "namespace" ? 1 : 2
            let rb = b.isBox == "cluster" ? 0 : b.isBox == "namespace" ? 1 : 2
            return (ra, a.cluster, a.namespace, a.id) < (rb, b.cluster, b.namespace, b.id)
        }
        var seen = Set<String>()
        let sortedEdges = edges.filter { seen.insert($0.id).inserted }.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
        return MeshGraph(nodes: sortedNodes, edges: sortedEdges, meshNames: model.meshNames)
    }

    /// Builds the graph and writes it (``MeshGraphWriter``), with `options.queryTime` as its timestamp.
    public static func json(_ model: MeshModel, options: MeshGraphOptions) -> [UInt8] {
        MeshGraphWriter.encode(build(model, options: options), timestamp: options.queryTime)
    }
}
