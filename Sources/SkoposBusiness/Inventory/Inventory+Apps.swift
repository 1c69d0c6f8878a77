import KubeClient
import KubeTypes

extension Inventory {
    /// `GET /api/clusters/apps`: the apps of the listed namespaces, by namespace and name.
    public func apps(_ options: InventoryOptions) -> AppList {
        let index = istioIndex(options.istioResources)
        var items: [AppListItem] = []
        for ns in listedNamespaces(options.namespaces) { items += apps(namespace: ns, index: index) }
        return AppList(cluster: cluster.name, applications: items)
    }

    /// The apps of a namespace, by name. An app is the set of workloads whose pod labels name it (app label
    /// precedence: ``InventorySettings/app(_:)``), with the Services whose selector names it; a Service alone does not
    /// make an app.
    func apps(namespace: String, index: IstioIndex?) -> [AppListItem] {
        var workloads: [String: [WorkloadListItem]] = [:]
        for w in resolveWorkloads(namespace: namespace, index: index) {
            if let app = w.item.app { workloads[app, default: []].append(w.item) }
        }
        var services: [String: [Service]] = [:]
        for s in cluster.list(.services, namespace: namespace) {
            if let app = settings.app(s.spec.selector), workloads[app] != nil { services[app, default: []].append(s) }
        }
        return workloads.keys.sorted().map { name in
            let members = workloads[name]!
            let appServices = services[name] ?? []
            var labelSets = members.map(\.labels)
            labelSets += appServices.map(\.metadata.labels)
            var references: [IstioReference]?
            if let index {
                var refs = Set<IstioReference>()
                for w in members { refs.formUnion(w.istioReferences ?? []) }
                for s in appServices { refs.formUnion(index.serviceReferences(name: s.metadata.name, namespace: namespace)) }
                references = refs.sorted()
            }
            return AppListItem(
                name: name, namespace: namespace, cluster: cluster.name,
                istioSidecar: members.allSatisfy(\.istioSidecar), isAmbient: members.allSatisfy(\.isAmbient),
                isGateway: members.contains(where: \.isGateway),
                labels: Self.joinLabels(labelSets), istioReferences: references, workloads: members,
                serviceNames: appServices.map(\.metadata.name).sorted())
        }
    }

    /// Labels of several objects in one map: for each key its distinct values, sorted and comma-joined.
    static func joinLabels(_ sets: [[String: String]]) -> [String: String] {
        var values: [String: Set<String>] = [:]
        for labels in sets { for (k, v) in labels { values[k, default: []].insert(v) } }
        return values.mapValues { $0.sorted().joined(separator: ",") }
    }
}
