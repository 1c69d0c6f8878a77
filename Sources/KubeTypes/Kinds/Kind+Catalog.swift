// The kinds the console reads, each described once: group, version, resource, kind, namespaced, Swift type.
// Kiali caches the same kinds (`kubernetes/cache/kube_cache.go`), plus Namespaces and ConfigMaps here.

extension Kind where Object == Namespace {
    public static var namespaces: Self { .init(group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false) }
}
extension Kind where Object == Pod {
    public static var pods: Self { .init(group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true) }
}
extension Kind where Object == Service {
    public static var services: Self { .init(group: "", version: "v1", resource: "services", kind: "Service", namespaced: true) }
}
extension Kind where Object == Endpoints {
    public static var endpoints: Self { .init(group: "", version: "v1", resource: "endpoints", kind: "Endpoints", namespaced: true) }
}
extension Kind where Object == ConfigMap {
    public static var configMaps: Self { .init(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true) }
}
extension Kind where Object == Deployment {
    public static var deployments: Self { .init(group: "apps", version: "v1", resource: "deployments", kind: "Deployment", namespaced: true) }
}
extension Kind where Object == ReplicaSet {
    public static var replicaSets: Self { .init(group: "apps", version: "v1", resource: "replicasets", kind: "ReplicaSet", namespaced: true) }
}
extension Kind where Object == StatefulSet {
    public static var statefulSets: Self { .init(group: "apps", version: "v1", resource: "statefulsets", kind: "StatefulSet", namespaced: true) }
}
extension Kind where Object == DaemonSet {
    public static var daemonSets: Self { .init(group: "apps", version: "v1", resource: "daemonsets", kind: "DaemonSet", namespaced: true) }
}

/// Istio and Gateway API kinds: unstructured, as validations and YAML views need the whole object.
extension Kind where Object == UnstructuredObject {
    private static func istio(_ group: String, _ version: String, _ resource: String, _ kind: String) -> Self {
        .init(group: group, version: version, resource: resource, kind: kind, namespaced: true)
    }
    public static var destinationRules: Self { istio("networking.istio.io", "v1", "destinationrules", "DestinationRule") }
    public static var gateways: Self { istio("networking.istio.io", "v1", "gateways", "Gateway") }
    public static var serviceEntries: Self { istio("networking.istio.io", "v1", "serviceentries", "ServiceEntry") }
    public static var sidecars: Self { istio("networking.istio.io", "v1", "sidecars", "Sidecar") }
    public static var virtualServices: Self { istio("networking.istio.io", "v1", "virtualservices", "VirtualService") }
    public static var workloadEntries: Self { istio("networking.istio.io", "v1", "workloadentries", "WorkloadEntry") }
    public static var workloadGroups: Self { istio("networking.istio.io", "v1", "workloadgroups", "WorkloadGroup") }
    public static var envoyFilters: Self { istio("networking.istio.io", "v1alpha3", "envoyfilters", "EnvoyFilter") }
    public static var authorizationPolicies: Self { istio("security.istio.io", "v1", "authorizationpolicies", "AuthorizationPolicy") }
    public static var peerAuthentications: Self { istio("security.istio.io", "v1", "peerauthentications", "PeerAuthentication") }
    public static var requestAuthentications: Self { istio("security.istio.io", "v1", "requestauthentications", "RequestAuthentication") }
    public static var telemetries: Self { istio("telemetry.istio.io", "v1", "telemetries", "Telemetry") }
    public static var wasmPlugins: Self { istio("extensions.istio.io", "v1alpha1", "wasmplugins", "WasmPlugin") }
    public static var k8sGateways: Self { istio("gateway.networking.k8s.io", "v1", "gateways", "Gateway") }
    public static var k8sHTTPRoutes: Self { istio("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute") }
    public static var k8sGRPCRoutes: Self { istio("gateway.networking.k8s.io", "v1", "grpcroutes", "GRPCRoute") }
    public static var k8sReferenceGrants: Self { istio("gateway.networking.k8s.io", "v1beta1", "referencegrants", "ReferenceGrant") }
}

/// The lists of kinds the console reads.
public enum KindCatalog {
    /// Every kind the console caches, Namespaces first. Core and apps kinds are always served; the Istio and Gateway
    /// API kinds only where their CRDs are installed.
    public static var cached: [any AnyKind] {
        [
            Kind.namespaces, Kind.pods, Kind.services, Kind.endpoints, Kind.configMaps,
            Kind.deployments, Kind.replicaSets, Kind.statefulSets, Kind.daemonSets,
        ] as [any AnyKind] + istio
    }

    /// The Istio and Gateway API kinds the console caches where they are served.
    public static var istio: [any AnyKind] {
        [
            Kind.destinationRules, Kind.gateways, Kind.serviceEntries, Kind.sidecars, Kind.virtualServices, Kind.workloadEntries,
            Kind.workloadGroups, Kind.envoyFilters, Kind.authorizationPolicies, Kind.peerAuthentications, Kind.requestAuthentications,
            Kind.telemetries, Kind.wasmPlugins, Kind.k8sGateways, Kind.k8sHTTPRoutes, Kind.k8sGRPCRoutes, Kind.k8sReferenceGrants,
        ]
    }
}
