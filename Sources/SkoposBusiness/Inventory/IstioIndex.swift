import KubeClient
import KubeTypes
import SkoposModel

/// The Istio and Gateway API objects of a cluster's visible namespaces, indexed for the look-ups of `istioReferences`
/// and the service details: by the service hosts they name, and by the workload labels they select. Built once per
/// request in one pass over the objects.
///
/// - Hosts (resolved to FQDNs relative to the object's namespace, cluster domain `cluster.local`): VirtualService
///   `spec.hosts` and the route destinations of `http`, `tcp` and `tls`; DestinationRule `spec.host`; ServiceEntry
///   `spec.hosts`; HTTPRoute and GRPCRoute parents and backends of kind `Service`.
/// - Selectors: Istio Gateway `spec.selector` (pods of any namespace); AuthorizationPolicy, PeerAuthentication,
///   RequestAuthentication, Telemetry and WasmPlugin `spec.selector.matchLabels`, Sidecar and EnvoyFilter
///   `spec.workloadSelector.labels` (pods of their namespace; an empty selector is namespace-wide and not a reference);
///   a Gateway API Gateway for the pods labelled `gateway.networking.k8s.io/gateway-name` with its name.
struct IstioIndex: Sendable {
    /// An object with its reference.
    struct Entry: Sendable, Hashable {
        var reference: IstioReference
        var object: UnstructuredObject
    }

    /// A workload-selecting object with its selector.
    struct Selecting: Sendable {
        var entry: Entry
        var selector: [String: String]
    }

    let cluster: String
    /// Objects naming a host, by FQDN.
    private(set) var byHost: [String: [Entry]] = [:]
    /// Namespace-scoped selecting objects, by namespace.
    private(set) var selecting: [String: [Selecting]] = [:]
    /// Istio gateways (their selector reaches pods in any namespace).
    private(set) var gateways: [Selecting] = []
    /// Gateway API gateways by `namespace/name`.
    private(set) var k8sGateways: [String: Entry] = [:]
    /// ReferenceGrants by namespace.
    private(set) var referenceGrants: [String: [Entry]] = [:]

    /// The cluster domain short names resolve in.
    static let clusterDomain = "svc.cluster.local"

    init(_ c: ClusterSnapshot, namespaces visible: Set<String>) {
        cluster = c.name
        func objects(_ kind: Kind<UnstructuredObject>) -> [Entry] {
            let r = kind.resource
            let gvk = GroupVersionKind(group: r.group, version: r.version, kind: r.kind)
            return c.list(kind).compactMap { o in
                let ns = o.metadata.namespace ?? ""
                guard visible.contains(ns) else { return nil }
                return Entry(reference: IstioReference(objectGVK: gvk, name: o.metadata.name, namespace: ns, cluster: c.name), object: o)
            }
        }
        for e in objects(.virtualServices) {
            let spec = e.object.spec
            var hosts = Self.strings(spec?["hosts"])
            for section in ["http", "tcp", "tls"] {
                for route in spec?[section]?.arrayValue ?? [] {
                    for destination in route["route"]?.arrayValue ?? [] {
                        if let host = destination[path: ["destination", "host"]]?.stringValue { hosts.append(host) }
                    }
                }
            }
            add(e, hosts: hosts)
        }
        for e in objects(.destinationRules) {
            add(e, hosts: [e.object.spec?["host"]?.stringValue].compactMap { $0 })
        }
        for e in objects(.serviceEntries) {
            add(e, hosts: Self.strings(e.object.spec?["hosts"]))
        }
        for kind: Kind<UnstructuredObject> in [.k8sHTTPRoutes, .k8sGRPCRoutes] {
            for e in objects(kind) {
                let ns = e.reference.namespace
                var fqdns: [String] = []
                for parent in e.object.spec?["parentRefs"]?.arrayValue ?? [] where Self.isServiceRef(parent, kindRequired: true) {
                    if let f = Self.serviceFQDN(parent, defaultNamespace: ns) { fqdns.append(f) }
                }
                for rule in e.object.spec?["rules"]?.arrayValue ?? [] {
                    for backend in rule["backendRefs"]?.arrayValue ?? [] where Self.isServiceRef(backend, kindRequired: false) {
                        if let f = Self.serviceFQDN(backend, defaultNamespace: ns) { fqdns.append(f) }
                    }
                }
                for f in Set(fqdns) { byHost[f, default: []].append(e) }
            }
        }
        for kind: Kind<UnstructuredObject> in [.authorizationPolicies, .peerAuthentications, .requestAuthentications, .telemetries, .wasmPlugins] {
            for e in objects(kind) {
                let selector = Self.stringMap(e.object.spec?[path: ["selector", "matchLabels"]])
                if !selector.isEmpty { selecting[e.reference.namespace, default: []].append(Selecting(entry: e, selector: selector)) }
            }
        }
        for kind: Kind<UnstructuredObject> in [.sidecars, .envoyFilters] {
            for e in objects(kind) {
                let selector = Self.stringMap(e.object.spec?[path: ["workloadSelector", "labels"]])
                if !selector.isEmpty { selecting[e.reference.namespace, default: []].append(Selecting(entry: e, selector: selector)) }
            }
        }
        for e in objects(.gateways) {
            let selector = Self.stringMap(e.object.spec?["selector"])
            if !selector.isEmpty { gateways.append(Selecting(entry: e, selector: selector)) }
        }
        for e in objects(.k8sGateways) {
            k8sGateways["\(e.reference.namespace)/\(e.reference.name)"] = e
        }
        for e in objects(.k8sReferenceGrants) {
            referenceGrants[e.reference.namespace, default: []].append(e)
        }
    }

    private mutating func add(_ e: Entry, hosts: [String]) {
        for f in Set(hosts.map { Self.fqdn($0, namespace: e.reference.namespace) }) { byHost[f, default: []].append(e) }
    }

    // MARK: - Look-ups

    /// The objects naming a host, each once, by kind, namespace and name.
    func objects(naming fqdn: String) -> [Entry] {
        var seen = Set<IstioReference>()
        return (byHost[fqdn] ?? []).filter { seen.insert($0.reference).inserted }.sorted { $0.reference < $1.reference }
    }

    /// The references of a Kubernetes Service: objects naming its FQDN.
    func serviceReferences(name: String, namespace: String) -> [IstioReference] {
        objects(naming: Self.serviceFQDN(name: name, namespace: namespace)).map(\.reference)
    }

    /// The objects selecting a workload of a namespace by its pod labels, by kind, namespace and name.
    func workloadReferences(labels: [String: String], namespace: String) -> [IstioReference] {
        guard !labels.isEmpty else { return [] }
        func matches(_ s: Selecting) -> Bool { s.selector.allSatisfy { labels[$0.key] == $0.value } }
        var refs = Set<IstioReference>()
        for s in selecting[namespace] ?? [] where matches(s) { refs.insert(s.entry.reference) }
        for s in gateways where matches(s) { refs.insert(s.entry.reference) }
        if let name = labels["gateway.networking.k8s.io/gateway-name"], let g = k8sGateways["\(namespace)/\(name)"] { refs.insert(g.reference) }
        return refs.sorted()
    }

    /// The `kiali_wizard` label of a VirtualService or DestinationRule among objects, or `""`.
    static func wizard(_ entries: [Entry]) -> String {
        for e in entries where e.reference.objectGVK.group == "networking.istio.io" {
            if e.reference.objectGVK.kind == "VirtualService" || e.reference.objectGVK.kind == "DestinationRule",
                let w = e.object.metadata.labels["kiali_wizard"], !w.isEmpty
            {
                return w
            }
        }
        return ""
    }

    // MARK: - Hosts

    /// A Kubernetes Service's FQDN.
    static func serviceFQDN(name: String, namespace: String) -> String { "\(name).\(namespace).\(clusterDomain)" }

    /// A host as Istio resolves it from an object in `namespace`: `reviews` → `reviews.<namespace>.svc.cluster.local`,
    /// `reviews.bookinfo` → `reviews.bookinfo.svc.cluster.local`, `reviews.bookinfo.svc` → `….svc.cluster.local`; other
    /// names unchanged.
    static func fqdn(_ host: String, namespace: String) -> String {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return "\(host).\(namespace).\(clusterDomain)"
        case 2: return "\(host).\(clusterDomain)"
        case 3 where parts[2] == "svc": return "\(host).cluster.local"
        default: return host
        }
    }

    /// Whether a Gateway API reference (`parentRefs`/`backendRefs` item) names a core Service. Backends default to
    /// Service; parents must say so.
    static func isServiceRef(_ ref: JSONValue, kindRequired: Bool) -> Bool {
        let group = ref["group"]?.stringValue ?? ""
        guard group.isEmpty || group == "core" else { return false }
        if let kind = ref["kind"]?.stringValue { return kind == "Service" }
        return !kindRequired
    }

    /// The FQDN of the Service a Gateway API reference names.
    static func serviceFQDN(_ ref: JSONValue, defaultNamespace: String) -> String? {
        guard let name = ref["name"]?.stringValue, !name.isEmpty else { return nil }
        let ns = ref["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? defaultNamespace
        return serviceFQDN(name: name, namespace: ns)
    }

    static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
}
