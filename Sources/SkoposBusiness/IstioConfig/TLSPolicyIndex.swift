public import KubeClient
import KubeTypes
import SkoposModel

/// The PeerAuthentications and DestinationRules of one cluster that decide mTLS, indexed by namespace in one pass, and
/// the mTLS statuses derived from them (`backend.md` §2.4, §2.8, §8.4). Build it once per snapshot and cluster; each
/// status is then O(1) in the size of the cluster.
///
/// ## Policies read
///
/// - **Server side**: *namespace-wide* PeerAuthentications, those without a workload selector (no
///   `spec.selector.matchLabels`, or an empty one). `spec.mtls.mode` is `STRICT`, `PERMISSIVE`, `DISABLE` or `UNSET`;
///   a missing or unknown mode is `UNSET`. The one in the root namespace is *mesh-wide*. When a namespace has
///   several, Istio applies the oldest (creation time, then name); Skopos does too, except that a namespace whose
///   namespace-wide policies disagree on the mode gets ``TLSStatus/validationError``. Port-level modes and policies
///   with a selector are workload-level and not read.
/// - **Client side**: DestinationRules with a `spec.trafficPolicy.tls.mode` and no `spec.workloadSelector`. Mode
///   `ISTIO_MUTUAL` sends Istio's mTLS, `DISABLE` plain text, `SIMPLE`/`MUTUAL` other TLS. A rule is *namespace-level*
///   for namespace N when its host (resolved as Istio does) is `*.N.svc.cluster.local`, from any namespace, or when it
///   is in N with a mesh wildcard host (`*`, `*.local`, `*.cluster.local`, `*.svc.cluster.local`); it is *mesh-wide*
///   when it is in the root namespace with a mesh wildcard host. The most specific rule wins (a host naming N over a
///   wildcard), then the oldest. `exportTo` and port-level settings are not read.
///
/// Everything is read whether the viewer may see it or not: the status of a visible namespace depends on the root
/// namespace's policies all the same; only statuses of visible namespaces are shown.
///
/// ## Statuses
///
/// Server mode *P* and client mode *D* combine as follows (`autoMTLS` is the mesh's `enableAutoMtls`; a missing *D*
/// means "no rule"):
/// - *P* = `STRICT` and (*D* = `ISTIO_MUTUAL`, or no *D* with autoMTLS) ⇒ ``TLSStatus/enabled``;
/// - *P* = `DISABLE` and (*D* = `DISABLE`, or no *D* with autoMTLS) ⇒ ``TLSStatus/disabled``;
/// - no *P* (or `UNSET`) and no *D* ⇒ ``TLSStatus/notEnabled``;
/// - anything else (`PERMISSIVE` servers, clients sending something other than what servers require) ⇒
///   ``TLSStatus/partiallyEnabled``.
///
/// The **mesh-wide** status (``mesh``) combines the mesh-wide PeerAuthentication's mode with the mesh-wide
/// DestinationRule's.
///
/// A **namespace's** status (``status(of:)``) describes what the namespace itself configures; the UI shows
/// ``TLSStatus/notEnabled`` and ``TLSStatus/unset`` as inherited from the mesh-wide status (§8.1):
/// 1. namespace-wide PeerAuthentications with different modes ⇒ ``TLSStatus/validationError``;
/// 2. no namespace-wide PeerAuthentication and no namespace-level DestinationRule ⇒ ``TLSStatus/notEnabled``;
/// 3. a namespace-wide PeerAuthentication with mode `UNSET` and no namespace-level DestinationRule ⇒
///    ``TLSStatus/unsetInheritedStrict`` or ``TLSStatus/unsetInheritedDisabled`` when the mesh-wide mode is `STRICT`
///    or `DISABLE`, else ``TLSStatus/unset``;
/// 4. otherwise the combination above of the namespace's mode (the mesh-wide one when it has none or `UNSET`, as
///    Istio inherits it) and the namespace-level DestinationRule's mode (the mesh-wide rule's when it has none).
///
/// In the root namespace, namespace-wide and mesh-wide are the same policies. ``TLSStatus/enabledExtended`` is never
/// given.
public struct TLSPolicyIndex: Sendable {
    /// A namespace-wide PeerAuthentication.
    struct PeerPolicy: Sendable {
        var mode: PeerAuthenticationMode
        var created: String
        var name: String
    }

    /// A DestinationRule setting a TLS mode.
    struct ClientRule: Sendable {
        var mode: ClientTLSMode
        var created: String
        var namespace: String
        var name: String
    }

    /// The cluster.
    public let cluster: String
    /// The mesh settings.
    public let settings: MeshTLSSettings
    /// Namespace-wide PeerAuthentications by namespace, oldest first.
    private var peerPolicies: [String: [PeerPolicy]] = [:]
    /// DestinationRules whose host names every Service of a namespace, by that namespace, oldest first.
    private var namespaceRules: [String: [ClientRule]] = [:]
    /// DestinationRules with a mesh wildcard host, by their own namespace, oldest first.
    private var wildcardRules: [String: [ClientRule]] = [:]

    /// Indexes a cluster's policies.
    /// - Complexity: O(*n* log *n*) in the cluster's PeerAuthentications and DestinationRules.
    public init(_ cluster: ClusterSnapshot, settings: MeshTLSSettings = MeshTLSSettings()) {
        self.cluster = cluster.name
        self.settings = settings
        cluster.contents(.peerAuthentications)?.forEach { pa in
            guard (IstioConfigType.SelectorField.selectorMatchLabels.labels(of: pa) ?? [:]).isEmpty else { return }
            let mode = pa.spec?[path: ["mtls", "mode"]]?.stringValue.flatMap(PeerAuthenticationMode.init(rawValue:)) ?? .unset
            peerPolicies[pa.metadata.namespace ?? "", default: []].append(
                PeerPolicy(mode: mode, created: pa.metadata.creationTimestamp ?? "", name: pa.metadata.name)
            )
        }
        cluster.contents(.destinationRules)?.forEach { dr in
            guard let text = dr.spec?[path: ["trafficPolicy", "tls", "mode"]]?.stringValue, !text.isEmpty,
                (dr.spec?[path: ["workloadSelector", "matchLabels"]]?.objectValue ?? [:]).isEmpty,
                let host = dr.spec?["host"]?.stringValue
            else { return }
            let namespace = dr.metadata.namespace ?? ""
            let mode: ClientTLSMode =
                switch text {
                case "ISTIO_MUTUAL": .istioMutual
                case "DISABLE": .disable
                default: .other
                }
            let rule = ClientRule(mode: mode, created: dr.metadata.creationTimestamp ?? "", namespace: namespace, name: dr.metadata.name)
            if MeshHost.isMeshWildcard(host) {
                wildcardRules[namespace, default: []].append(rule)
            } else if let target = MeshHost.namespaceWildcard(MeshHost.fqdn(host, namespace: namespace)) {
                namespaceRules[target, default: []].append(rule)
            }
        }
        for key in peerPolicies.keys { peerPolicies[key]!.sort { ($0.created, $0.name) < ($1.created, $1.name) } }
        for key in namespaceRules.keys { namespaceRules[key]!.sort(by: Self.older) }
        for key in wildcardRules.keys { wildcardRules[key]!.sort(by: Self.older) }
    }

    private static func older(_ a: ClientRule, _ b: ClientRule) -> Bool {
        (a.created, a.namespace, a.name) < (b.created, b.namespace, b.name)
    }

    // MARK: - Modes

    /// The mode of the mesh-wide PeerAuthentication (the oldest namespace-wide one of the root namespace); `nil`
    /// when there is none.
    public var meshPeerMode: PeerAuthenticationMode? { peerPolicies[settings.rootNamespace]?.first?.mode }

    /// The mode of the mesh-wide DestinationRule; `nil` when there is none.
    public var meshClientMode: ClientTLSMode? { wildcardRules[settings.rootNamespace]?.first?.mode }

    /// The mode of a namespace's namespace-wide PeerAuthentication (the oldest); `nil` when there is none.
    public func peerMode(of namespace: String) -> PeerAuthenticationMode? { peerPolicies[namespace]?.first?.mode }

    /// The mode of a namespace's namespace-level DestinationRule; `nil` when there is none.
    public func clientMode(of namespace: String) -> ClientTLSMode? {
        (namespaceRules[namespace]?.first ?? wildcardRules[namespace]?.first)?.mode
    }

    // MARK: - Statuses

    /// The mesh-wide status (`/api/mesh/tls`).
    public var meshStatus: TLSStatus {
        combine(peer: meshPeerMode, client: meshClientMode)
    }

    /// The mesh-wide TLS object (`/api/mesh/tls`).
    public var mesh: MeshTLS {
        MeshTLS(status: meshStatus, autoMTLSEnabled: settings.autoMTLSEnabled, minTLS: settings.minTLS)
    }

    /// A namespace's status, by the rules of the type's documentation.
    public func status(of namespace: String) -> TLSStatus {
        let policies = peerPolicies[namespace] ?? []
        if let first = policies.first, policies.contains(where: { $0.mode != first.mode }) { return .validationError }
        let peer = policies.first?.mode
        let client = clientMode(of: namespace)
        let meshPeer = meshPeerMode
        switch (peer, client) {
        case (nil, nil):
            return .notEnabled
        case (.unset?, nil):
            switch meshPeer {
            case .strict?: return .unsetInheritedStrict
            case .disable?: return .unsetInheritedDisabled
            default: return .unset
            }
        default:
            let effectivePeer = (peer == nil || peer == .unset) ? meshPeer : peer
            return combine(peer: effectivePeer, client: client ?? meshClientMode)
        }
    }

    /// A namespace's TLS object.
    public func namespaceTLS(_ namespace: String) -> NamespaceTLS {
        NamespaceTLS(
            status: status(of: namespace),
            autoMTLSEnabled: settings.autoMTLSEnabled,
            minTLS: settings.minTLS,
            namespace: namespace,
            cluster: cluster
        )
    }

    /// Combines a server mode and a client mode (`nil`: none set).
    func combine(peer: PeerAuthenticationMode?, client: ClientTLSMode?) -> TLSStatus {
        let peer = peer == .unset ? nil : peer
        let auto = settings.autoMTLSEnabled
        let clientsSendMTLS = client == .istioMutual || (client == nil && auto)
        let clientsSendPlain = client == .disable || (client == nil && auto)
        if peer == .strict && clientsSendMTLS { return .enabled }
        if peer == .disable && clientsSendPlain { return .disabled }
        if peer == nil && client == nil { return .notEnabled }
        return .partiallyEnabled
    }
}
