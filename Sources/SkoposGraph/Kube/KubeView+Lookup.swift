import SkoposModel
import Synchronization

/// A `(cluster, namespace)` key.
struct ClusterNamespace: Hashable, Sendable {
    var cluster: String
    var namespace: String
}

/// The workloads of one namespace of one cluster, in list order and by name.
struct WorkloadIndex: Sendable {
    let list: [WorkloadFacts]
    let byName: [String: WorkloadFacts]

    init(_ list: [WorkloadFacts]) {
        self.list = list
        var byName: [String: WorkloadFacts] = [:]
        byName.reserveCapacity(list.count)
        // The first of a name wins (a Deployment before a bare ReplicaSet of the same name).
        for w in list where byName[w.name] == nil { byName[w.name] = w }
        self.byName = byName
    }
}

/// The services of one namespace of one cluster, in list order and by name.
struct ServiceIndex: Sendable {
    let list: [ServiceFacts]
    let byName: [String: ServiceFacts]

    init(_ list: [ServiceFacts]) {
        self.list = list
        var byName: [String: ServiceFacts] = [:]
        byName.reserveCapacity(list.count)
        for s in list where byName[s.name] == nil { byName[s.name] = s }
        self.byName = byName
    }
}

/// What a ``KubeView`` has already fetched, shared by every appender of a request (namespace appenders run
/// concurrently, hence the lock). A value is computed outside the lock; two tasks asking at once may both compute it,
/// and the first stored wins.
final class KubeMemo: Sendable {
    private struct ConfigKey: Hashable {
        var cluster: String
        var kind: IstioKind
        var namespace: String?
    }

    private struct State {
        var workloads: [ClusterNamespace: WorkloadIndex] = [:]
        var services: [ClusterNamespace: ServiceIndex] = [:]
        var config: [ConfigKey: [JSONValue]] = [:]
        var mesh: [String: MeshFacts] = [:]
    }

    private let state = Mutex(State())

    func workloads(_ key: ClusterNamespace, _ fetch: () -> [WorkloadFacts]) -> WorkloadIndex {
        if let hit = state.withLock({ $0.workloads[key] }) { return hit }
        let index = WorkloadIndex(fetch())
        return state.withLock { s in
            if let hit = s.workloads[key] { return hit }
            s.workloads[key] = index
            return index
        }
    }

    func services(_ key: ClusterNamespace, _ fetch: () -> [ServiceFacts]) -> ServiceIndex {
        if let hit = state.withLock({ $0.services[key] }) { return hit }
        let index = ServiceIndex(fetch())
        return state.withLock { s in
            if let hit = s.services[key] { return hit }
            s.services[key] = index
            return index
        }
    }

    func config(cluster: String, kind: IstioKind, namespace: String?, _ fetch: () -> [JSONValue]) -> [JSONValue] {
        let key = ConfigKey(cluster: cluster, kind: kind, namespace: namespace)
        if let hit = state.withLock({ $0.config[key] }) { return hit }
        let objects = fetch()
        return state.withLock { s in
            if let hit = s.config[key] { return hit }
            s.config[key] = objects
            return objects
        }
    }

    func mesh(_ cluster: String, _ fetch: () -> MeshFacts) -> MeshFacts {
        if let hit = state.withLock({ $0.mesh[cluster] }) { return hit }
        let facts = fetch()
        return state.withLock { s in
            if let hit = s.mesh[cluster] { return hit }
            s.mesh[cluster] = facts
            return facts
        }
    }
}

/// Memoised look-ups for the appenders (`graph.md` §9: Kiali's per-request `GlobalInfo` lists). [PERF] Each list is
/// fetched and indexed once per view.
extension KubeView {
    /// The workloads of a namespace, indexed by name.
    func workloadIndex(cluster: String, namespace: String) -> WorkloadIndex {
        let fetch = workloads
        return memo.workloads(ClusterNamespace(cluster: cluster, namespace: namespace)) { fetch(cluster, namespace) }
    }

    /// One workload by name; `nil` for an empty or `unknown` name.
    func workload(cluster: String, namespace: String, name: String) -> WorkloadFacts? {
        guard Value.ok(name) else { return nil }
        return workloadIndex(cluster: cluster, namespace: namespace).byName[name]
    }

    /// The services of a namespace, indexed by name.
    func serviceIndex(cluster: String, namespace: String) -> ServiceIndex {
        let fetch = services
        return memo.services(ClusterNamespace(cluster: cluster, namespace: namespace)) { fetch(cluster, namespace) }
    }

    /// One service by name; `nil` for an empty or `unknown` name.
    func service(cluster: String, namespace: String, name: String) -> ServiceFacts? {
        guard Value.ok(name) else { return nil }
        return serviceIndex(cluster: cluster, namespace: namespace).byName[name]
    }

    /// Istio configuration of a kind, in one namespace or (`nil`) in every visible namespace of a cluster.
    func config(cluster: String, kind: IstioKind, namespace: String? = nil) -> [JSONValue] {
        let fetch = istioConfig
        return memo.config(cluster: cluster, kind: kind, namespace: namespace) { fetch(cluster, kind, namespace) }
    }

    /// A cluster's mesh config.
    func meshFacts(cluster: String) -> MeshFacts {
        let fetch = mesh
        return memo.mesh(cluster) { fetch(cluster) }
    }

    /// The clusters where a namespace exists and is visible, in cluster order.
    func clusters(withNamespace ns: String) -> [String] {
        clusters.filter { namespace($0, ns) != nil }
    }

    /// The workloads of an app: those whose app label is `app` and, when `version` is a real version, whose version
    /// label is `version` (Kiali's `getAppWorkloads`).
    func appWorkloads(cluster: String, namespace: String, app: String, version: String, settings: GraphSettings) -> [WorkloadFacts] {
        guard Value.ok(app) else { return [] }
        let versionOK = Value.okVersion(version)
        return workloadIndex(cluster: cluster, namespace: namespace).list.filter { w in
            guard w.labels[settings.appLabel] == app else { return false }
            return !versionOK || w.labels[settings.versionLabel] == version
        }
    }
}
