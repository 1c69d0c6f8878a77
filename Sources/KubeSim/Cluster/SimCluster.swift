import Crypto
import Foundation
import KubeTypes
import Logging
import SkoposModel
import Synchronization

/// One simulated Kubernetes/OpenShift cluster: its storage, the kinds it serves, its credentials and controllers.
///
/// `run()` serves the API (and, on OpenShift, the router) until cancelled; tests run it in-process, `skopos sim`
/// runs several through `Simulator`.
public final class SimCluster: Sendable {
    public let name: String
    public let flavor: ClusterFlavor
    let options: SimClusterOptions
    let storage: ClusterStorage
    let identity: ClusterIdentity
    /// What answers `pods/proxy` requests (a simulated control plane; later, processes run for pods).
    private let podResponders = Mutex<[@Sendable (PodProxyRequest) -> PodProxyResponse?]>([])

    /// Adds something that answers pods' ports through the API server's pod proxy; it returns `nil` for pods or ports
    /// it does not serve. The first answer wins.
    public func servePods(_ responder: @escaping @Sendable (PodProxyRequest) -> PodProxyResponse?) {
        podResponders.withLock { $0.append(responder) }
    }

    func podResponder(_ request: PodProxyRequest) -> PodProxyResponse? {
        for responder in podResponders.withLock({ $0 }) {
            if let answer = responder(request) { return answer }
        }
        return nil
    }

    /// Drops the event history, as etcd compaction does: watches and lists at older resourceVersions get 410 Gone.
    public func compactHistoryForTesting() {
        storage.compact()
    }

    /// Requests in progress per user, for the concurrency limit.
    let inFlight = InFlightRequests()

    /// The loopback /24 running pods get their addresses in.
    let podNetwork: LoopbackPodNetwork
    private let kubeletBox = Mutex<Kubelet?>(nil)
    /// The kubelet of running pods, while the cluster runs.
    var kubelet: Kubelet? { kubeletBox.withLock { $0 } }
    func setKubelet(_ k: Kubelet?) { kubeletBox.withLock { $0 = k } }

    /// With `--state`: the write-ahead log every acknowledged write is on disk in.
    let wal: WriteAheadLog?
    /// OpenShift's service CA: signs serving certificates for annotated Services; injected into annotated ConfigMaps.
    let serviceCA: CertificateAuthority
    let ca: CertificateAuthority
    let signer: ServiceAccountTokenSigner
    let logger: Logger
    /// Faults a test can arm.
    public let faults = FaultInjector()
    /// The requests that reached the API server, for tests that count what clients really sent.
    public let requests = RequestLog()

    private let catalogBox: Mutex<ResourceCatalog>
    private let rbacBox = Mutex<RBACEvaluator?>(nil)
    private let crdObjects = Mutex<[String: JSONValue]>([:])
    private let endpointsBox = Mutex<SimEndpoints?>(nil)
    private let clusterIPCounter = Mutex(10)
    let oauth = OAuthState()

    /// The bearer token of the cluster-admin user written into the kubeconfig.
    public var adminToken: String { identity.adminToken }
    /// The CA certificate (PEM) clients trust.
    public var caCertificatePEM: String { identity.caCertificatePEM }
    /// Where the cluster is reachable, once `run()` has bound its ports.
    public var endpoints: SimEndpoints? { endpointsBox.withLock { $0 } }

    var catalog: ResourceCatalog { catalogBox.withLock { $0 } }
    var builtins: [ResourceType] { BuiltinResources.kubernetes + (flavor == .openshift ? BuiltinResources.openshift : []) }

    /// Creates a cluster, restoring identity and objects from `options.stateDirectory` when present.
    public convenience init(options: SimClusterOptions) throws {
        try self.init(options: options, logger: nil)
    }

    init(options: SimClusterOptions, logger: Logger?) throws {
        self.name = options.name
        self.flavor = options.flavor
        self.options = options
        self.logger = logger ?? Logger(label: "skopos.sim.\(options.name)")
        self.storage = ClusterStorage(windowCapacity: options.watchWindow)
        var restored = false
        var identity: ClusterIdentity
        if let dir = options.stateDirectory, let persisted = try StatePersistence.load(directory: dir) {
            identity = persisted.identity
            // The last snapshot, then every acknowledged change after it.
            var objects = persisted.objects
            var resourceVersion = persisted.resourceVersion
            WriteAheadLog.replay(directory: dir, objects: &objects, resourceVersion: &resourceVersion)
            storage.restore(objects: objects, resourceVersion: resourceVersion)
            if resourceVersion != persisted.resourceVersion, let snap = storage.snapshotIfDirty(force: true) {
                try StatePersistence.saveObjects(snap.objects, resourceVersion: snap.resourceVersion, directory: dir)
            }
            restored = true
        } else {
            identity = try ClusterIdentity.generate(name: options.name)
        }
        if let dir = options.stateDirectory {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            // The snapshot now holds everything: the log starts empty.
            try? FileManager.default.removeItem(atPath: dir + "/" + WriteAheadLog.fileName)
            self.wal = try WriteAheadLog(directory: dir, durableRV: storage.resourceVersion)
        } else {
            self.wal = nil
        }
        try identity.ensureServiceCA()
        let network = LoopbackPodNetwork(preferred: identity.podNetwork)
        identity.podNetwork = network.prefix
        self.podNetwork = network
        self.identity = identity
        self.serviceCA = try identity.serviceCertificateAuthority()
        self.ca = try identity.certificateAuthority()
        self.signer = try identity.tokenSigner()
        self.catalogBox = Mutex(ResourceCatalog(types: []))
        rebuildCatalog()
        storage.addListener { [weak self] event in
            self?.wal?.record(event)
            self?.observe(event)
        }
        if !restored { bootstrap() }
    }

    private func bootstrap() {
        for item in Bootstrap.items(clusterName: name, flavor: flavor, users: options.users, clusterAdmins: options.clusterAdmins) {
            let ns = item.object[path: ["metadata", "namespace"]]?.stringValue ?? ""
            let key = ObjectKey(namespace: ns, name: item.object[path: ["metadata", "name"]]?.stringValue ?? "")
            var object = item.object
            if let type = catalog.lookup(item.resource) {
                ObjectDefaults.applyOnCreate(type, &object, allocateClusterIP: allocateClusterIP)
            }
            _ = try? storage.modify(item.resource, key) { current in current == nil ? .put(object) : .none }
        }
    }

    /// Reacts to committed changes that alter what the server serves or authorises. Runs under the storage lock.
    private func observe(_ event: StorageEvent) {
        switch event.resource.group {
        case "apiextensions.k8s.io":
            let name = event.object.key.name
            let crds = crdObjects.withLock { crds in
                crds[name] = event.type == .deleted ? nil : event.object.object
                return Array(crds.values)
            }
            let built = ResourceCatalog.build(builtins: builtins, crds: crds)
            catalogBox.withLock { $0 = built }
        case "rbac.authorization.k8s.io": rbacBox.withLock { $0 = nil }
        default: break
        }
    }

    /// Rebuilds the catalog from the stored CRDs (not from a storage listener: it reads the storage).
    func rebuildCatalog() {
        let crds = storage.list(GroupResource.customResourceDefinitions).items.map(\.object)
        crdObjects.withLock { map in
            map = Dictionary(crds.map { ($0[path: ["metadata", "name"]]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        }
        let built = ResourceCatalog.build(builtins: builtins, crds: crds)
        catalogBox.withLock { $0 = built }
    }

    /// Allocates the next Service cluster IP (10.96.0.0/12, as kubeadm's default).
    func allocateClusterIP() -> String {
        let n = clusterIPCounter.withLock { c -> Int in
            c += 1
            return c
        }
        return "10.96.\(n / 250).\(n % 250 + 1)"
    }

    func setEndpoints(_ endpoints: SimEndpoints) {
        endpointsBox.withLock { $0 = endpoints }
    }

    // MARK: Authentication and authorization

    /// The user a bearer token stands for, or `nil` when the token is unknown, expired or revoked.
    func authenticate(token: String) -> UserInfo? {
        if token == identity.adminToken {
            return UserInfo(name: "system:admin", groups: ["system:masters", "system:authenticated"])
        }
        if let claims = signer.verify(token) {
            return serviceAccountUser(claims, token: token)
        }
        if token.hasPrefix("sha256~"), let user = oauthUser(forToken: token) {
            var groups = (options.users.first { $0.name == user }?.groups ?? [])
            groups += ["system:authenticated:oauth", "system:authenticated"]
            return UserInfo(name: user, groups: groups)
        }
        return nil
    }

    /// The user of an OAuth access token, stored as an `OAuthAccessToken` named after the token's SHA-256, as OpenShift does.
    func oauthUser(forToken token: String) -> String? {
        let name = OAuthState.objectName(forToken: token)
        guard let stored = storage.get(GroupResource(group: "oauth.openshift.io", resource: "oauthaccesstokens"), ObjectKey(namespace: "", name: name))
        else { return nil }
        let o = stored.object
        if let created = o[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Timestamp.parse),
            let expiresIn = o["expiresIn"]?.intValue, expiresIn > 0,
            created.addingTimeInterval(Double(expiresIn)) < Date()
        {
            return nil
        }
        return o["userName"]?.stringValue
    }

    private func serviceAccountUser(_ claims: ServiceAccountTokenSigner.Claims, token: String) -> UserInfo? {
        let saKey = ObjectKey(namespace: claims.namespace, name: claims.serviceAccountName)
        guard let sa = storage.get(GroupResource.serviceAccounts, saKey) else { return nil }
        if !claims.serviceAccountUID.isEmpty && sa.uid != claims.serviceAccountUID { return nil }
        if !claims.secretName.isEmpty {
            // A legacy token lives only as long as its Secret does.
            let secretKey = ObjectKey(namespace: claims.namespace, name: claims.secretName)
            guard let secret = storage.get(GroupResource.secrets, secretKey),
                let stored = secret.object[path: ["data", "token"]]?.stringValue,
                let decoded = Data(base64Encoded: stored), String(decoding: decoded, as: UTF8.self) == token
            else { return nil }
        }
        if let exp = claims.expiresAt, exp < Date() { return nil }
        // A bound token lives only as long as the object it is bound to (same name and uid).
        if let bound = claims.boundObject {
            let resource = bound.kind == "Pod" ? GroupResource(group: "", resource: "pods") : GroupResource.secrets
            guard let object = storage.get(resource, ObjectKey(namespace: claims.namespace, name: bound.name)),
                bound.uid.isEmpty || object.uid == bound.uid, object.object[path: ["metadata", "deletionTimestamp"]] == nil
            else { return nil }
        }
        return UserInfo(
            name: "system:serviceaccount:\(claims.namespace):\(claims.serviceAccountName)",
            groups: ["system:serviceaccounts", "system:serviceaccounts:\(claims.namespace)", "system:authenticated"],
            uid: sa.uid
        )
    }

    /// The RBAC evaluator over the current Roles and bindings (rebuilt after any RBAC change).
    var rbac: RBACEvaluator {
        if let cached = rbacBox.withLock({ $0 }) { return cached }
        func objects(_ r: String) -> [JSONValue] {
            storage.list(GroupResource(group: "rbac.authorization.k8s.io", resource: r)).items.map(\.object)
        }
        let evaluator = RBACEvaluator(
            roles: objects("roles"), clusterRoles: objects("clusterroles"), roleBindings: objects("rolebindings"),
            clusterRoleBindings: objects("clusterrolebindings")
        )
        rbacBox.withLock { $0 = evaluator }
        return evaluator
    }
}
