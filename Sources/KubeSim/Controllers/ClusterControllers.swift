import KubeTypes
import SkoposModel

/// The control loops of a simulated cluster, standing in for kube-controller-manager and the kubelet.
///
/// This type only routes and runs: every committed change marks the work it calls for as dirty (the object itself,
/// its owner, the Endpoints of its namespace, its dependents), and the loop hands each dirty key to the controller
/// of its kind, one batch at a time. What each loop does lives in its controller: ``NamespaceController``,
/// ``ServiceAccountTokenController``, ``DeploymentController``, ``ReplicaSetController``, ``StatefulSetController``,
/// ``DaemonSetController``, ``PodController``, ``EndpointsController`` and ``GarbageCollector``.
final class ClusterControllers: Sendable {
    /// What needs another look.
    enum Work: Hashable, Sendable {
        /// One object, reconciled by the controller of its kind (or finalized while it is being deleted).
        case object(GroupResource, ObjectKey)
        /// The Endpoints of every Service in a namespace.
        case endpoints(namespace: String)
        /// The dependents of a deleted object.
        case ownerDeleted(uid: String)
        /// A CRD is gone: its custom resources go too, as the apiextensions finalizer does.
        case crdDeleted(GroupResource)
    }

    let cluster: SimCluster
    /// The dirty keys the loop works through.
    let dirty: DirtyKeys<Work>
    /// Owner uid → dependents, kept current from the storage listener.
    let owners: OwnerIndex

    let namespaces: NamespaceController
    let tokens: ServiceAccountTokenController
    let deployments: DeploymentController
    let replicaSets: ReplicaSetController
    let statefulSets: StatefulSetController
    let daemonSets: DaemonSetController
    let pods: PodController
    let endpoints: EndpointsController
    let garbageCollector: GarbageCollector
    /// OpenShift only: serving certificates and CA bundles from the service CA.
    let serviceCA: ServiceCAController?

    init(cluster: SimCluster) {
        let dirty = DirtyKeys<Work>()
        let owners = OwnerIndex(storage: cluster.storage)
        let scaler = PodScaler(cluster: cluster, owners: owners)
        let tokens = ServiceAccountTokenController(cluster: cluster)
        self.cluster = cluster
        self.dirty = dirty
        self.owners = owners
        self.tokens = tokens
        self.namespaces = NamespaceController(cluster: cluster, tokens: tokens)
        self.deployments = DeploymentController(storage: cluster.storage, owners: owners)
        self.replicaSets = ReplicaSetController(storage: cluster.storage, scaler: scaler)
        self.statefulSets = StatefulSetController(storage: cluster.storage, scaler: scaler)
        self.daemonSets = DaemonSetController(storage: cluster.storage, scaler: scaler)
        self.pods = PodController(storage: cluster.storage, nodeName: "\(cluster.name)-node-1")
        self.endpoints = EndpointsController(storage: cluster.storage)
        self.serviceCA = cluster.flavor == .openshift ? ServiceCAController(cluster: cluster) : nil
        self.garbageCollector = GarbageCollector(cluster: cluster, owners: owners) { resource, key in
            dirty.add(.object(resource, key))
        }
    }

    /// Called under the storage lock for every change: records ownership and marks work dirty.
    func observe(_ event: StorageEvent) {
        owners.record(event)
        let o = event.object.object
        let ns = event.object.key.namespace
        switch event.resource {
        case .namespaces, .deployments, .replicaSets, .statefulSets, .daemonSets:
            dirty.add(.object(event.resource, event.object.key))
        case .secrets:
            if ServiceAccountTokenController.isTokenSecret(o) { dirty.add(.object(event.resource, event.object.key)) }
            // A deleted serving-certificate Secret is issued again, as the service CA operator does.
            if serviceCA != nil, event.type == .deleted, let service = o[path: ["metadata", "annotations", ServiceCAController.originName]]?.stringValue {
                dirty.add(.object(.services, ObjectKey(namespace: ns, name: service)))
            }
        case .serviceAccounts:
            if event.type == .added { dirty.add(.object(.namespaces, ObjectKey(namespace: "", name: ns))) }
        case .pods:
            dirty.add(.object(event.resource, event.object.key))
            dirty.add(.endpoints(namespace: ns))
        case .services:
            dirty.add(.endpoints(namespace: ns))
            if serviceCA != nil && event.type != .deleted && ServiceCAController.wantsCertificate(o) { dirty.add(.object(event.resource, event.object.key)) }
        case .configMaps:
            if serviceCA != nil && event.type != .deleted && ServiceCAController.wantsBundle(o) { dirty.add(.object(event.resource, event.object.key)) }

        case .customResourceDefinitions where event.type == .deleted:
            if let group = o[path: ["spec", "group"]]?.stringValue, let plural = o[path: ["spec", "names", "plural"]]?.stringValue {
                dirty.add(.crdDeleted(GroupResource(group: group, resource: plural)))
            }
        default:
            break
        }
        for owner in OwnerIndex.ownerReferences(of: o) where event.resource == .pods || event.resource == .replicaSets {
            if let gr = Self.ownerResource(owner.kind) { dirty.add(.object(gr, ObjectKey(namespace: ns, name: owner.name))) }
        }
        if event.type == .deleted, !event.object.uid.isEmpty {
            dirty.add(.ownerDeleted(uid: event.object.uid))
        }
        if event.type == .modified, o[path: ["metadata", "deletionTimestamp"]] != nil {
            dirty.add(.object(event.resource, event.object.key))
        }
    }

    /// The resource of a workload kind that owns pods or ReplicaSets.
    static func ownerResource(_ kind: String) -> GroupResource? {
        switch kind {
        case "ReplicaSet": .replicaSets
        case "Deployment": .deployments
        case "StatefulSet": .statefulSets
        case "DaemonSet": .daemonSets
        default: nil
        }
    }

    /// Processes dirty keys until cancelled or shut down.
    func run() async {
        while await dirty.wait() {
            if Task.isCancelled { return }
            for work in dirty.drain() {
                reconcile(work)
            }
        }
    }

    /// Ends `run()` once its current batch is done.
    func shutdown() {
        dirty.shutdown()
    }

    /// Hands one piece of work to its controller.
    func reconcile(_ work: Work) {
        switch work {
        case .object(let gr, let key):
            // Pods with processes belong to the kubelet, also while they are being deleted.
            if gr == .pods, cluster.kubelet?.reconcile(key) == true { return }
            // Objects being deleted with a propagation finalizer: handle dependents, then let go.
            if let o = cluster.storage.get(gr, key)?.object, o[path: ["metadata", "deletionTimestamp"]] != nil, gr != .namespaces {
                garbageCollector.finalize(gr, key, o)
                return
            }
            switch gr {
            case .namespaces: namespaces.reconcile(key.name)
            case .secrets: tokens.reconcile(key)
            case .deployments: deployments.reconcile(key)
            case .replicaSets: replicaSets.reconcile(key)
            case .statefulSets: statefulSets.reconcile(key)
            case .daemonSets: daemonSets.reconcile(key)
            case .pods: pods.reconcile(key)
            case .services: serviceCA?.reconcileService(key)
            case .configMaps: serviceCA?.reconcileConfigMap(key)
            default: break
            }
        case .endpoints(let namespace):
            endpoints.reconcile(namespace)
        case .ownerDeleted(let uid):
            garbageCollector.collect(ownerUID: uid, orphan: false)
        case .crdDeleted(let resource):
            garbageCollector.removeCustomResources(resource)
        }
    }
}
