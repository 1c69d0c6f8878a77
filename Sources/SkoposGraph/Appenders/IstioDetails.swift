import SkoposModel

/// The `istio` finalizer (F3, `graph.md` §9.3): Istio configuration badges and gateway flags, and the app of service
/// nodes. Nodes outside the requested namespaces are skipped.
///
/// - `hasCB`: a DestinationRule with a connection pool or outlier detection (top level, or in a subset of the node's
///   version) for the service node, or for a service in an app or workload node's `destServices`.
/// - VirtualServices: the first one routing to a service node gives `hasVS{name: hosts}` and the route badges
///   (`hasRequestRouting`, `hasRequestTimeout`, `hasFaultInjection`, `hasTrafficShifting`, `hasTCPTrafficShifting`,
///   `hasMirroring`; `isK8sGatewayAPI` for one generated from the Gateway API).
/// - Gateways: an Istio Gateway whose selector matches a gateway workload's labels sets `isIngressGateway` or
///   `isEgressGateway` (by the `operator.istio.io/component` label, or the gateway chart's `istio` label) with the
///   Gateway's server hosts; a Gateway API Gateway sets `isGatewayAPI` with its listener hostnames (`*` without any)
///   on the workloads of its namespace labelled `gateway.networking.k8s.io/gateway-name: <name>`.
/// - `app` on service nodes without one: the service's app label; for a ServiceEntry node, the app of the service
///   named by the first host (first DNS label) that has one.
///
/// [PERF] Per cluster, each kind is fetched once and indexed by host (`namespace/service`) once, and only the
/// workloads of nodes in the graph are read (upstream lists every workload of every cluster). Configuration of a
/// cluster badges only that cluster's nodes.
enum IstioDetails {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        guard !map.nodes.isEmpty else { return }
        var byCluster: [String: [String]] = [:]
        for n in map.nodes.values where !n.isOutside { byCluster[n.cluster, default: []].append(n.id) }
        for cluster in ctx.kube.clusters {
            guard let ids = byCluster[cluster]?.sorted() else { continue }
            let domain = ctx.settings.identityDomain
            let drs = DestinationRuleIndex(ctx.kube.config(cluster: cluster, kind: .destinationRules), identityDomain: domain)
            let vss = VirtualServiceIndex(ctx.kube.config(cluster: cluster, kind: .virtualServices), identityDomain: domain)
            for id in ids {
                applyCircuitBreaker(&map.nodes[id]!, drs, versionLabel: ctx.settings.versionLabel)
                applyVirtualServices(&map.nodes[id]!, vss)
            }
            decorateGateways(&map, ids: ids, cluster: cluster, ctx)
        }
        addApps(&map, ctx)
    }

    // MARK: - Hosts

    /// The index keys a host stands for, relative to the namespace of the object naming it: `ns/svc` for a
    /// Kubernetes service name (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<domain>`), `ns/*` for a wildcard over a
    /// namespace, `*/*` for `*`, and `=host` for any other (external) host; a two-label host is both `ns/svc` and
    /// `=host`.
    static func hostKeys(_ host: String, namespace: String, identityDomain: String) -> [String] {
        if host == "*" { return ["*/*"] }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        switch labels.count {
        case 1: return ["\(namespace)/\(host)"]
        case 2: return ["\(labels[1])/\(labels[0])", "=\(host)"]
        default:
            let prefix = labels[0].count + labels[1].count + 2
            let rest = host.dropFirst(prefix)
            if labels[2] == "svc" && (labels.count == 3 || rest == identityDomain) { return ["\(labels[1])/\(labels[0])"] }
            return ["=\(host)"]
        }
    }

    /// The index keys under which configuration for a service may be found.
    static func lookupKeys(namespace: String, service: String) -> [String] {
        ["\(namespace)/\(service)", "\(namespace)/*", "*/*", "=\(service)"]
    }

    // MARK: - Circuit breakers

    /// DestinationRules with circuit-breaker settings, by host key.
    struct DestinationRuleIndex {
        private var byKey: [String: [Int]] = [:]
        private var rules: [JSONValue] = []

        init(_ objects: [JSONValue], identityDomain: String) {
            for dr in objects where Self.hasCBConfig(dr) {
                guard let host = dr[path: ["spec", "host"]]?.stringValue else { continue }
                let ns = dr[path: ["metadata", "namespace"]]?.stringValue ?? ""
                rules.append(dr)
                for key in IstioDetails.hostKeys(host, namespace: ns, identityDomain: identityDomain) {
                    byKey[key, default: []].append(rules.count - 1)
                }
            }
        }

        /// Whether a rule for the service breaks circuits, at the top level or (with a version) in the subset of that
        /// version; without a version any subset counts (Kiali's `HasDRCircuitBreaker`).
        func hasCB(namespace: String, service: String, version: String, versionLabel: String) -> Bool {
            var seen = Set<Int>()
            for key in IstioDetails.lookupKeys(namespace: namespace, service: service) {
                for i in byKey[key] ?? [] where seen.insert(i).inserted {
                    if Self.breaks(rules[i], version: version, versionLabel: versionLabel) { return true }
                }
            }
            return false
        }

        static func isCB(_ trafficPolicy: JSONValue?) -> Bool {
            guard let tp = trafficPolicy else { return false }
            return !(tp["connectionPool"]?.isNull ?? true) || !(tp["outlierDetection"]?.isNull ?? true)
        }

        static func hasCBConfig(_ dr: JSONValue) -> Bool {
            if isCB(dr[path: ["spec", "trafficPolicy"]]) { return true }
            return (dr[path: ["spec", "subsets"]]?.arrayValue ?? []).contains { isCB($0["trafficPolicy"]) }
        }

        static func breaks(_ dr: JSONValue, version: String, versionLabel: String) -> Bool {
            if isCB(dr[path: ["spec", "trafficPolicy"]]) { return true }
            for subset in dr[path: ["spec", "subsets"]]?.arrayValue ?? [] where isCB(subset["trafficPolicy"]) {
                if version.isEmpty { return true }
                if subset[path: ["labels", versionLabel]]?.stringValue == version { return true }
            }
            return false
        }
    }

    private static func applyCircuitBreaker(_ n: inout Node, _ drs: DestinationRuleIndex, versionLabel: String) {
        let versionOK = Value.ok(n.version)
        if n.nodeType == .service {
            if drs.hasCB(namespace: n.namespace, service: n.service, version: "", versionLabel: versionLabel) { n.hasCB = true }
        } else if n.nodeType == .app || versionOK {
            let version = versionOK ? n.version : ""
            for s in n.destServices.values.sorted()
            where drs.hasCB(namespace: s.namespace, service: s.name, version: version, versionLabel: versionLabel) {
                n.hasCB = true
                return
            }
        }
    }

    // MARK: - Virtual services

    /// VirtualServices by the host keys of their route destinations, with their badges computed once.
    struct VirtualServiceIndex {
        struct Entry {
            var name: String
            var hosts: [String]
            var requestRouting = false
            var requestTimeout = false
            var faultInjection = false
            var trafficShifting = false
            var tcpTrafficShifting = false
            var mirroring = false
            var k8sGatewayAPI = false
        }

        private var byKey: [String: [Int]] = [:]
        private(set) var entries: [Entry] = []

        init(_ objects: [JSONValue], identityDomain: String) {
            for vs in objects {
                guard let name = vs[path: ["metadata", "name"]]?.stringValue else { continue }
                let ns = vs[path: ["metadata", "namespace"]]?.stringValue ?? ""
                let spec = vs["spec"]
                let http = spec?["http"]?.arrayValue ?? []
                let tcp = spec?["tcp"]?.arrayValue ?? []
                let tls = spec?["tls"]?.arrayValue ?? []
                func routes(_ r: JSONValue) -> [JSONValue] { r["route"]?.arrayValue ?? [] }
                func present(_ v: JSONValue?) -> Bool { v.map { !$0.isNull } ?? false }
                var e = Entry(name: name, hosts: spec?["hosts"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                e.requestRouting = (tcp + http + tls).contains { !routes($0).isEmpty }
                e.requestTimeout = http.contains { present($0["timeout"]) }
                e.faultInjection = http.contains { present($0["fault"]) }
                e.trafficShifting = http.contains { routes($0).count > 1 }
                e.tcpTrafficShifting = tcp.contains { routes($0).count > 1 }
                e.mirroring = http.contains { present($0["mirror"]) || !($0["mirrors"]?.arrayValue ?? []).isEmpty }
                e.k8sGatewayAPI = name.contains("autogenerated-k8s")
                entries.append(e)
                var keys = Set<String>()
                for route in http + tcp + tls {
                    for d in routes(route) {
                        guard let host = d[path: ["destination", "host"]]?.stringValue else { continue }
                        for key in IstioDetails.hostKeys(host, namespace: ns, identityDomain: identityDomain) where keys.insert(key).inserted {
                            byKey[key, default: []].append(entries.count - 1)
                        }
                    }
                }
            }
        }

        /// The first VirtualService (in list order) routing to a service.
        func first(namespace: String, service: String) -> Entry? {
            var best: Int?
            for key in IstioDetails.lookupKeys(namespace: namespace, service: service) {
                if let i = byKey[key]?.first, best == nil || i < best! { best = i }
            }
            return best.map { entries[$0] }
        }
    }

    private static func applyVirtualServices(_ n: inout Node, _ vss: VirtualServiceIndex) {
        guard n.nodeType == .service, Value.ok(n.service), let vs = vss.first(namespace: n.namespace, service: n.service) else { return }
        var hasVS = n.hasVS ?? [:]
        if !vs.hosts.isEmpty { hasVS[vs.name] = vs.hosts }
        n.hasVS = hasVS
        if vs.requestRouting { n.hasRequestRouting = true }
        if vs.requestTimeout { n.hasRequestTimeout = true }
        if vs.faultInjection { n.hasFaultInjection = true }
        if vs.trafficShifting { n.hasTrafficShifting = true }
        if vs.tcpTrafficShifting { n.hasTCPTrafficShifting = true }
        if vs.mirroring { n.hasMirroring = true }
        if vs.k8sGatewayAPI { n.isK8sGatewayAPI = true }
    }

    // MARK: - Gateways

    /// Marks the gateway workloads of a cluster's nodes with the Gateways that select them.
    private static func decorateGateways(_ map: inout TrafficMap, ids: [String], cluster: String, _ ctx: AppenderContext) {
        // The gateway workloads behind the graph's workload and versioned app nodes.
        var gateways: [(id: String, workload: WorkloadFacts)] = []
        for id in ids {
            let n = map.nodes[id]!
            guard n.nodeType == .workload || n.nodeType == .app, Value.ok(n.workload),
                let w = ctx.kube.workload(cluster: cluster, namespace: n.namespace, name: n.workload), w.isGateway
            else { continue }
            gateways.append((id, w))
        }
        guard !gateways.isEmpty else { return }

        for gw in ctx.kube.config(cluster: cluster, kind: .gateways) {
            guard let name = gw[path: ["metadata", "name"]]?.stringValue else { continue }
            let selector = (gw[path: ["spec", "selector"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            let hosts = (gw[path: ["spec", "servers"]]?.arrayValue ?? []).flatMap { $0["hosts"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
            for (id, w) in gateways where selector.allSatisfy({ w.labels[$0.key] == $0.value }) {
                switch component(w.labels) {
                case "IngressGateways": add(hosts, name, to: &map.nodes[id]!.isIngressGateway)
                case "EgressGateways": add(hosts, name, to: &map.nodes[id]!.isEgressGateway)
                default: break
                }
            }
        }

        for gw in ctx.kube.config(cluster: cluster, kind: .k8sGateways) {
            guard let name = gw[path: ["metadata", "name"]]?.stringValue else { continue }
            let ns = gw[path: ["metadata", "namespace"]]?.stringValue ?? ""
            var hosts = (gw[path: ["spec", "listeners"]]?.arrayValue ?? []).compactMap { $0["hostname"]?.stringValue }
            if hosts.isEmpty { hosts = ["*"] }
            for (id, w) in gateways where w.namespace == ns && w.labels["gateway.networking.k8s.io/gateway-name"] == name {
                add(hosts, name, to: &map.nodes[id]!.isGatewayAPI)
            }
        }
    }

    /// `IngressGateways` or `EgressGateways`: Istio's component label, or the gateway chart's `istio` label.
    static func component(_ labels: [String: String]) -> String? {
        if let c = labels["operator.istio.io/component"] { return c }
        switch labels["istio"] {
        case "ingressgateway": return "IngressGateways"
        case "egressgateway": return "EgressGateways"
        default: return nil
        }
    }

    private static func add(_ hosts: [String], _ gateway: String, to metadata: inout [String: [String]]?) {
        var m = metadata ?? [:]
        m[gateway, default: []].append(contentsOf: hosts.filter { !(m[gateway]?.contains($0) ?? false) })
        metadata = m
    }

    // MARK: - Apps of service nodes

    /// Fills `app` on service nodes from their service's app label (for ServiceEntry nodes, from a host's service).
    private static func addApps(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        let appLabel = ctx.settings.appLabel
        for id in Array(map.nodes.keys) {
            let n = map.nodes[id]!
            guard n.nodeType == .service, n.app.isEmpty, !n.isOutside, !n.isEgressCluster else { continue }
            if let se = n.isServiceEntry {
                for host in se.hosts {
                    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
                    let name = labels.count == 3 && labels[2] == "global" ? host : String(labels.first ?? "")
                    if let app = ctx.kube.service(cluster: n.cluster, namespace: n.namespace, name: name)?.labels[appLabel] {
                        map.nodes[id]!.app = app
                        break
                    }
                }
            } else if let app = ctx.kube.service(cluster: n.cluster, namespace: n.namespace, name: n.service)?.labels[appLabel] {
                map.nodes[id]!.app = app
            }
        }
    }
}
