public import KubeClient
public import KubeTypes
public import SkoposModel

/// A namespace as `GET /api/namespaces` shows it (`backend.md` §2.4).
public struct NamespaceInfo: Sendable, Equatable {
    public var name: String
    public var cluster: String
    /// Label `istio.io/dataplane-mode=ambient`.
    public var isAmbient: Bool
    /// An istiod runs in it.
    public var isControlPlane: Bool
    public var labels: [String: String]
    public var annotations: [String: String]
    /// `""` with `istio-injection=disabled`, `default` with `enabled`, else `istio.io/rev`; for a control-plane
    /// namespace the sorted, comma-joined revisions of its istiods.
    public var revision: String
    /// Skopos: the namespace's cluster does not answer (the namespace is as last seen).
    public var unreachable: Bool = false

    public init(
        name: String, cluster: String, isAmbient: Bool, isControlPlane: Bool, labels: [String: String], annotations: [String: String],
        revision: String
    ) {
        self.name = name
        self.cluster = cluster
        self.isAmbient = isAmbient
        self.isControlPlane = isControlPlane
        self.labels = labels
        self.annotations = annotations
        self.revision = revision
    }
}

/// The namespaces of every cluster a viewer may see, from the read model: one call, no request to any cluster.
public enum NamespaceListing {
    /// Why the list cannot be given.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Every namespace that `isVisible` lets through, of every cluster in the snapshot that has synced once, sorted by
    /// cluster and name (upstream's order is undefined). A remote cluster that is unreachable keeps the namespaces
    /// last seen (its status says it is unreachable).
    /// - Throws: ``Failure`` when the home cluster has never synced, as Kiali answers 500 when it cannot list them.
    public static func list(_ snapshot: MeshSnapshot, isVisible: (_ cluster: String, _ namespace: Namespace) -> Bool) throws(Failure) -> [NamespaceInfo] {
        if let home = snapshot.home, !home.status.synced {
            throw Failure(description: "the namespaces of the home cluster \(home.name) cannot be listed: \(home.status.lastError ?? "not synced yet")")
        }
        var out: [NamespaceInfo] = []
        for cluster in snapshot.clusters.sorted(by: { $0.name < $1.name }) where cluster.status.synced || !cluster.namespaces.isEmpty {
            for ns in cluster.namespaces.sorted(by: { $0.metadata.name < $1.metadata.name }) where isVisible(cluster.name, ns) {
                out.append(info(ns, in: cluster))
            }
        }
        return out
    }

    /// Why one namespace cannot be given.
    public enum LookupFailure: Error, Sendable, Equatable {
        /// No cluster of that name.
        case unknownCluster(String)
        /// The cluster is not answering and has nothing cached.
        case unreachable(cluster: String, reason: String)
        /// No such namespace the viewer may see in that cluster.
        case notFound(namespace: String, cluster: String)
    }

    /// One namespace of one cluster (`/api/namespaces/{ns}/info?clusterName=`); the home cluster when `cluster` is nil.
    public static func namespace(
        _ name: String, cluster: String?, in snapshot: MeshSnapshot, isVisible: (_ cluster: String, _ namespace: Namespace) -> Bool
    ) throws(LookupFailure) -> NamespaceInfo {
        let clusterName = cluster ?? snapshot.home?.name ?? ""
        guard let c = snapshot.cluster(clusterName) else { throw .unknownCluster(clusterName) }
        // A request about a cluster that does not answer fails fast, naming it (backend.md §5.7).
        if !c.status.reachable || (!c.status.synced && c.namespaces.isEmpty) {
            throw .unreachable(cluster: clusterName, reason: c.status.lastError ?? "its caches have not synced")
        }
        guard let ns = c.namespace(name), isVisible(clusterName, ns) else { throw .notFound(namespace: name, cluster: clusterName) }
        return info(ns, in: c)
    }

    /// One namespace of a cluster as the API shows it: a control plane when an istiod runs in it.
    static func info(_ ns: Namespace, in cluster: ClusterSnapshot) -> NamespaceInfo {
        let name = ns.metadata.name
        let controlPlanes = cluster.list(.deployments, namespace: name).filter { $0.metadata.labels["app"] == "istiod" }
        let revision =
            controlPlanes.isEmpty
            ? Self.revision(ns.metadata.labels)
            : Set(controlPlanes.map { $0.metadata.labels["istio.io/rev"] ?? "default" }).sorted().joined(separator: ",")
        var info = NamespaceInfo(
            name: name, cluster: cluster.name, isAmbient: ns.metadata.labels["istio.io/dataplane-mode"] == "ambient",
            isControlPlane: !controlPlanes.isEmpty, labels: ns.metadata.labels, annotations: ns.metadata.annotations, revision: revision)
        info.unreachable = !cluster.status.reachable
        return info
    }

    /// The revision a namespace's labels select.
    static func revision(_ labels: [String: String]) -> String {
        switch labels["istio-injection"] {
        case "disabled": ""
        case "enabled": "default"
        default: labels["istio.io/rev"] ?? ""
        }
    }
}

extension NamespaceListing {
    /// One namespace as `/api/namespaces` writes it, in Kiali's key order (also inside the details answers that embed
    /// it); `unreachable` only when its cluster does not answer.
    public static func write(_ ns: NamespaceInfo, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("name", ns.name)
        w.member("cluster", ns.cluster)
        w.key("isAmbient")
        w.bool(ns.isAmbient)
        w.key("isControlPlane")
        w.bool(ns.isControlPlane)
        w.key("labels")
        w.value(.object(ns.labels.mapValues { .string($0) }))
        w.key("annotations")
        w.value(.object(ns.annotations.mapValues { .string($0) }))
        w.member("revision", ns.revision)
        if ns.unreachable {
            w.key("unreachable")
            w.bool(true)
        }
        w.endObject()
    }

    /// `/api/namespaces/{ns}/info`.
    public static func json(_ ns: NamespaceInfo) -> [UInt8] {
        var w = GoJSONWriter()
        write(ns, to: &w)
        return w.bytes
    }

    /// `/api/namespaces`.
    public static func json(_ list: [NamespaceInfo]) -> [UInt8] {
        var w = GoJSONWriter()
        w.beginArray()
        for ns in list { write(ns, to: &w) }
        w.endArray()
        return w.bytes
    }
}
