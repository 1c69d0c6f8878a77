import Foundation
import KubeTypes
import SkoposModel

/// Control-plane discovery (`backend.md` §5.5) over the clusters' objects, plus the caller's I/O results: which
/// istiods run where, what they manage, their mesh config, root CA and network; the gateways, waypoints and ztunnels;
/// where the add-ons run. Pure: the same inputs give the same model.
public enum MeshDiscovery {
    /// What discovery takes besides the objects: results of I/O the caller does, and settings.
    public struct Inputs: Sendable {
        /// Every known cluster (`backend.md` §5.4), home first. A cluster without objects (no credentials, never
        /// synced) is still shown, with no control plane.
        public var clusters: [MeshCluster]
        /// Each istiod Deployment's first container (env, args, resources), which the read model does not keep.
        /// Without one: `CLUSTER_ID` is the cluster's name, monitoring port 15014, no limits, not `EXTERNAL_ISTIOD`.
        public var istiodSpecs: [IstiodKey: IstiodSpec]
        /// Each istiod's version and status.
        public var probes: [IstiodKey: IstiodProbe]
        /// Revision tags per cluster.
        public var tags: [MeshTag]
        /// `deployment.cluster_wide_access`: needed to attach clusters through `topology.istio.io/controlPlaneClusters`.
        public var clusterWideAccess: Bool
        /// The Kiali node.
        public var kiali: MeshKiali?
        /// The enabled add-ons, to be placed by their URLs.
        public var addOns: [MeshAddOn]

        /// Creates inputs; only the clusters are required.
        public init(
            clusters: [MeshCluster],
            istiodSpecs: [IstiodKey: IstiodSpec] = [:],
            probes: [IstiodKey: IstiodProbe] = [:],
            tags: [MeshTag] = [],
            clusterWideAccess: Bool = true,
            kiali: MeshKiali? = nil,
            addOns: [MeshAddOn] = []
        ) {
            self.clusters = clusters
            self.istiodSpecs = istiodSpecs
            self.probes = probes
            self.tags = tags
            self.clusterWideAccess = clusterWideAccess
            self.kiali = kiali
            self.addOns = addOns
        }
    }

    /// The istiods of every cluster, for the caller's I/O (their specs, `/version`, `/ready`).
    public static func istiods(_ objects: [MeshClusterObjects]) -> [IstiodKey] {
        objects.flatMap { o in o.istiods.map { IstiodKey(cluster: o.cluster, namespace: $0.metadata.namespace ?? "", name: $0.metadata.name) } }
    }

    /// Discovers the mesh.
    /// - Parameters:
    ///   - objects: the objects of each cluster that can be read (in any order).
    ///   - inputs: the clusters, the I/O results and settings.
    /// - Returns: the model of the mesh page, every object included (apply ``MeshModel/visible(to:)`` per viewer).
    public static func discover(_ objects: [MeshClusterObjects], inputs: Inputs) -> MeshModel {
        let byName = Dictionary(objects.map { ($0.cluster, $0) }) { first, _ in first }
        var clusters = inputs.clusters
        for o in objects where !clusters.contains(where: { $0.name == o.cluster }) { clusters.append(MeshCluster(name: o.cluster)) }
        // Only clusters the console can read have control planes, data planes and gateways.
        let readable = clusters.filter { $0.accessible && byName[$0.name] != nil }

        var controlPlanes: [ControlPlane] = []
        for cluster in readable {
            let o = byName[cluster.name]!
            for d in o.istiods { controlPlanes.append(controlPlane(d, cluster: cluster, objects: o, inputs: inputs)) }
        }

        // Data-plane clusters (no istiod): an external control plane names them in CLUSTER_ID; else, with cluster-wide
        // access, an EXTERNAL_ISTIOD control plane named in a namespace's topology.istio.io/controlPlaneClusters.
        for cluster in readable where !controlPlanes.contains(where: { $0.cluster.name == cluster.name }) {
            let o = byName[cluster.name]!
            var managers = controlPlanes.indices.filter { controlPlanes[$0].externalControlPlane && controlPlanes[$0].id == cluster.name }
            if managers.isEmpty && inputs.clusterWideAccess {
                let named = Set(
                    o.namespaces.flatMap { ns in
                        (ns.metadata.annotations["topology.istio.io/controlPlaneClusters"] ?? "").split(separator: ",").map {
                            String($0).trimmingCharacters(in: .whitespaces)
                        }
                    }
                )
                managers = controlPlanes.indices.filter {
                    controlPlanes[$0].managesExternal
                        && (named.contains("*") || named.contains(controlPlanes[$0].cluster.name) || named.contains(controlPlanes[$0].id))
                }
            }
            for i in managers { controlPlanes[i].managedClusters.append(cluster) }
        }

        for i in controlPlanes.indices {
            controlPlanes[i].managedNamespaces = managedNamespaces(of: controlPlanes[i], objects: byName)
        }

        var gateways: [MeshGateway] = []
        var waypoints: [MeshInfraWorkload] = []
        var ztunnels: [MeshInfraWorkload] = []
        for cluster in readable {
            let o = byName[cluster.name]!
            for g in o.gateways.sorted(by: {
                ($0.metadata.namespace ?? "", $0.metadata.name, $0.kind) < ($1.metadata.namespace ?? "", $1.metadata.name, $1.kind)
            })
            where g.spec?["gatewayClassName"]?.stringValue != "istio-waypoint" {
                var object = g.raw
                object[path: ["metadata", "managedFields"]] = nil
                if object["status"] == nil { object["status"] = [:] }
                gateways.append(
                    MeshGateway(
                        cluster: cluster.name,
                        namespace: g.metadata.namespace ?? "",
                        name: g.metadata.name,
                        revision: g.metadata.labels["istio.io/rev"] ?? "default",
                        object: object
                    )
                )
            }
            for d in o.deployments where d.metadata.labels["gateway.istio.io/managed"] == "istio.io-mesh-controller" {
                waypoints.append(workload(d.metadata, template: d.spec.template.metadata, cluster: cluster.name))
            }
            // ztunnel matters only where a namespace is in the ambient data plane.
            if o.namespaces.contains(where: { $0.metadata.labels["istio.io/dataplane-mode"] == "ambient" }) {
                for ds in o.daemonSets where ds.spec.template.metadata.labels["app"] == "ztunnel" || ds.metadata.labels["app"] == "ztunnel" {
                    ztunnels.append(workload(ds.metadata, template: ds.spec.template.metadata, cluster: cluster.name))
                }
            }
        }

        let home = clusters.first(where: \.isKialiHome)?.name ?? clusters.first?.name ?? ""
        let addOns = inputs.addOns.map { a in
            var a = a
            a.location = place(a.url, in: objects, home: home)
            return a
        }
        return MeshModel(
            clusters: clusters,
            controlPlanes: controlPlanes,
            gateways: gateways,
            waypoints: waypoints,
            ztunnels: ztunnels,
            kiali: inputs.kiali,
            addOns: addOns
        )
    }

    /// Where an add-on runs, from its URL `http(s)://<service>.<namespace>[.svc[.<domain>]][:port]/…`: the home
    /// cluster when it has that Service, else ([FIX] `backend.md` §2.8) the first other cluster that has it, else
    /// outside every known cluster.
    public static func place(_ url: String, in objects: [MeshClusterObjects], home: String) -> MeshAddOn.Location {
        guard let (service, namespace) = serviceOf(url: url) else { return .external }
        let ordered = objects.filter { $0.cluster == home } + objects.filter { $0.cluster != home }.sorted { $0.cluster < $1.cluster }
        for o in ordered where o.hasService(namespace: namespace, name: service) { return .cluster(o.cluster, namespace: namespace) }
        return .external
    }

    /// The Service and namespace an in-cluster URL names, or `nil` for any other host (an IP, a public name).
    static func serviceOf(url: String) -> (service: String, namespace: String)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        var host = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        guard parts.count == 2 || parts[2] == "svc" else { return nil }
        return (parts[0], parts[1])
    }

    // MARK: - One control plane

    static func controlPlane(_ d: Deployment, cluster: MeshCluster, objects o: MeshClusterObjects, inputs: Inputs) -> ControlPlane {
        let namespace = d.metadata.namespace ?? ""
        let key = IstiodKey(cluster: cluster.name, namespace: namespace, name: d.metadata.name)
        let spec = inputs.istiodSpecs[key] ?? IstiodSpec()
        let revision = d.metadata.labels["istio.io/rev"] ?? "default"
        let id = spec.env["CLUSTER_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? cluster.name

        let standardName = revision == "default" ? "istio" : "istio-\(revision)"
        let standard = o.configMap(namespace: namespace, name: standardName).map {
            ControlPlane.ConfigMapMesh(cluster: cluster.name, namespace: namespace, name: standardName, mesh: meshConfig($0))
        }
        let shared = spec.env["SHARED_MESH_CONFIG"].flatMap { name in
            o.configMap(namespace: namespace, name: name).map {
                ControlPlane.ConfigMapMesh(cluster: cluster.name, namespace: namespace, name: name, mesh: meshConfig($0))
            }
        }
        let effective = merge(shared?.mesh ?? [:], standard?.mesh ?? [:])
        let certificates = o.configMap(namespace: namespace, name: "istio-ca-root-cert").map { cm in
            RootCertificate.entries(pem: cm.data["root-cert.pem"] ?? "", configMapName: "istio-ca-root-cert")
        }
        let injector = o.configMap(
            namespace: namespace,
            name: revision == "default" ? "istio-sidecar-injector" : "istio-sidecar-injector-\(revision)"
        )
        let network = injector.flatMap { cm in (try? JSONParser.parse(cm.data["values"] ?? ""))?[path: ["global", "network"]]?.stringValue } ?? ""

        let tags = inputs.tags.filter { $0.cluster == cluster.name && $0.revision == revision }
            .sorted { ($0.name == "default" ? 0 : 1, $0.name) < ($1.name == "default" ? 0 : 1, $1.name) }
        let probe = inputs.probes[key]
        let external = id != cluster.name
        let rootNamespace = effective["rootNamespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? namespace
        return ControlPlane(
            cluster: cluster,
            id: id,
            istiodName: d.metadata.name,
            istiodNamespace: namespace,
            revision: revision,
            rootNamespace: rootNamespace,
            externalControlPlane: external,
            managesExternal: spec.env["EXTERNAL_ISTIOD"] == "true",
            managedClusters: external ? [] : [cluster],
            monitoringPort: spec.monitoringPort,
            config: ControlPlane.Config(
                certificates: certificates ?? [],
                effectiveMesh: effective,
                standard: standard,
                shared: shared,
                network: network
            ),
            resources: spec.resources,
            thresholds: spec.thresholds,
            status: probe?.status ?? "",
            tags: tags,
            version: probe?.version
        )
    }

    /// The `mesh` key of a mesh-config ConfigMap; an empty object when missing or unreadable.
    static func meshConfig(_ cm: ConfigMap) -> JSONValue {
        guard let text = cm.data["mesh"], let value = try? MeshConfigYAML.parse(text), value.objectValue != nil else { return [:] }
        return value
    }

    /// `over` merged into `base`: objects member by member, anything else replaced.
    static func merge(_ base: JSONValue, _ over: JSONValue) -> JSONValue {
        guard case .object(var b) = base, case .object(let o) = over else { return over }
        for (k, v) in o { b[k] = b[k].map { merge($0, v) } ?? v }
        return .object(b)
    }

    /// The namespaces of its managed clusters that select its revision or one of its tags, kept by
    /// `meshConfig.discoverySelectors` when it has any; by cluster (managed order) then name.
    static func managedNamespaces(of cp: ControlPlane, objects: [String: MeshClusterObjects]) -> [MeshNamespace] {
        let selectors = (cp.config.effectiveMesh["discoverySelectors"]?.arrayValue ?? []).map(labelSelector)
        var out: [MeshNamespace] = []
        for cluster in cp.managedClusters {
            guard let o = objects[cluster.name] else { continue }
            let istiodNamespaces = Set(o.istiods.compactMap(\.metadata.namespace))
            for ns in o.namespaces.sorted(by: { $0.metadata.name < $1.metadata.name }) {
                let labels = ns.metadata.labels
                let revision = MeshNamespace.revision(labels: labels)
                guard !revision.isEmpty, cp.serves(revision: revision) else { continue }
                if !selectors.isEmpty && !selectors.contains(where: { $0.matches(labels) }) { continue }
                out.append(
                    MeshNamespace(
                        name: ns.metadata.name,
                        cluster: cluster.name,
                        isAmbient: labels["istio.io/dataplane-mode"] == "ambient",
                        isControlPlane: istiodNamespaces.contains(ns.metadata.name),
                        labels: labels,
                        annotations: ns.metadata.annotations,
                        revision: revision
                    )
                )
            }
        }
        return out
    }

    static func labelSelector(_ json: JSONValue) -> LabelSelector {
        LabelSelector(
            matchLabels: (json["matchLabels"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
            matchExpressions: (json["matchExpressions"]?.arrayValue ?? []).map {
                LabelSelectorRequirement(
                    key: $0["key"]?.stringValue ?? "",
                    operator: $0["operator"]?.stringValue ?? "",
                    values: ($0["values"]?.arrayValue ?? []).compactMap(\.stringValue)
                )
            }
        )
    }

    static func workload(_ meta: ObjectMeta, template: ObjectMeta, cluster: String) -> MeshInfraWorkload {
        MeshInfraWorkload(
            cluster: cluster,
            namespace: meta.namespace ?? "",
            name: meta.name,
            revision: meta.labels["istio.io/rev"] ?? "default",
            labels: meta.labels,
            annotations: meta.annotations,
            templateLabels: template.labels,
            templateAnnotations: template.annotations
        )
    }
}
