import KubeClient
import KubeTypes
import SkoposModel

extension Inventory {
    /// `GET /api/clusters/services`: the Services of the listed namespaces by namespace and name, each namespace's
    /// ServiceEntry hosts after its Services (registry `External`, only with `onlyDefinitions=false`).
    public func services(_ options: InventoryOptions) -> ServiceList {
        let index = istioIndex(options.istioResources)
        var items: [ServiceOverview] = []
        for ns in listedNamespaces(options.namespaces) {
            for s in cluster.list(.services, namespace: ns) {
                items.append(overview(s, readPods: !options.onlyDefinitions, index: index))
            }
            if !options.onlyDefinitions { items += externalServices(namespace: ns, index: index) }
        }
        return ServiceList(cluster: cluster.name, services: items)
    }

    /// A Service as the list shows it.
    /// - Parameters:
    ///   - readPods: read the selected pods for `istioSidecar` and `isAmbient` (false for `onlyDefinitions`).
    ///   - index: the Istio objects, when `istioReferences` are wanted.
    func overview(_ s: Service, readPods: Bool, index: IstioIndex?) -> ServiceOverview {
        let ns = s.metadata.namespace ?? ""
        var o = ServiceOverview(name: s.metadata.name, namespace: ns, cluster: cluster.name)
        o.annotations = s.metadata.annotations
        o.healthAnnotations = Self.healthAnnotations(s.metadata.annotations)
        for p in s.spec.ports where o.ports[p.name ?? ""] == nil { o.ports[p.name ?? ""] = p.port }
        o.labels = s.metadata.labels
        o.selector = s.spec.selector
        o.app = settings.app(s.spec.selector)
        o.appLabel = o.app != nil
        if readPods {
            let pods = cluster.pods(of: s)
            o.istioSidecar = !pods.isEmpty && pods.allSatisfy(Self.hasSidecar)
            o.isAmbient = !pods.isEmpty && pods.allSatisfy(Self.isAmbient)
        }
        if let index {
            let entries = index.objects(naming: IstioIndex.serviceFQDN(name: o.name, namespace: ns))
            o.istioReferences = entries.map(\.reference)
            o.kialiWizard = IstioIndex.wizard(entries)
        }
        return o
    }

    /// The hosts of a namespace's ServiceEntries as services of registry `External`, by host: ports by name from
    /// `spec.ports`, the ServiceEntry and the objects naming the host as references.
    func externalServices(namespace: String, index: IstioIndex?) -> [ServiceOverview] {
        var byHost: [String: ServiceOverview] = [:]
        for se in cluster.list(.serviceEntries, namespace: namespace) where visibleNamespaces.contains(namespace) {
            for host in IstioIndex.strings(se.spec?["hosts"]) where byHost[host] == nil {
                var o = ServiceOverview(name: host, namespace: namespace, cluster: cluster.name, registry: .external)
                for port in se.spec?["ports"]?.arrayValue ?? [] {
                    guard let number = port["number"]?.intValue else { continue }
                    let name = port["name"]?.stringValue ?? ""
                    if o.ports[name] == nil { o.ports[name] = number }
                }
                if let index {
                    let entries = index.objects(naming: IstioIndex.fqdn(host, namespace: namespace))
                    o.istioReferences = entries.map(\.reference)
                    o.kialiWizard = IstioIndex.wizard(entries)
                }
                byHost[host] = o
            }
        }
        return byHost.keys.sorted().map { byHost[$0]! }
    }
}
