public import KubeTypes
import SkoposModel

/// One of the 22 Istio, Gateway API and Inference API object types the Istio configuration routes manage
/// (`backend.md` §2.7): its group, version and kind, the read-model kind that caches it (if any), and where its
/// workload selector lives.
///
/// The read model caches 17 of them (`KindCatalog.istio`); `TrafficExtension`, `TCPRoute`, `TLSRoute`, `UDPRoute` and
/// `InferencePool` are managed (their keys are always present in lists, and they are accepted in `objects`) but have
/// no cache, so they never have objects.
public struct IstioConfigType: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Where an object of the type keeps the labels of the workloads it applies to.
    public enum SelectorField: Sendable, Hashable {
        /// The type does not select workloads.
        case none
        /// `spec.selector.matchLabels` (AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Telemetry,
        /// WasmPlugin, TrafficExtension).
        case selectorMatchLabels
        /// `spec.workloadSelector.labels` (Sidecar, EnvoyFilter).
        case workloadSelectorLabels
        /// `spec.selector`, a plain label map (Istio Gateway).
        case selector

        /// The selector of an object: `nil` when the type has no selector, an empty map when the object selects every
        /// workload of its namespace (no selector given).
        public func labels(of object: UnstructuredObject) -> [String: String]? {
            let value: JSONValue?
            switch self {
            case .none: return nil
            case .selectorMatchLabels: value = object.spec?[path: ["selector", "matchLabels"]]
            case .workloadSelectorLabels: value = object.spec?[path: ["workloadSelector", "labels"]]
            case .selector: value = object.spec?["selector"]
            }
            return (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
        }
    }

    /// The type's group, version and kind.
    public let gvk: GroupVersionKind
    /// The read-model kind caching it; `nil` when the console does not cache the type.
    public let cached: Kind<UnstructuredObject>?
    /// Where its objects select workloads.
    public let selectorField: SelectorField

    init(_ group: String, _ version: String, _ kind: String, cached: Kind<UnstructuredObject>?, selector: SelectorField = .none) {
        self.gvk = GroupVersionKind(group: group, version: version, kind: kind)
        self.cached = cached
        self.selectorField = selector
    }

    /// `<group>/<version>, Kind=<Kind>`, the key of the type in `resources` and `validations` (§1.6).
    public var mapKey: String { gvk.mapKey }

    public var description: String { gvk.mapKey }

    /// By map key, the order Go writes map keys in.
    public static func < (a: Self, b: Self) -> Bool { a.mapKey.utf8.lexicographicallyPrecedes(b.mapKey.utf8) }

    /// Equal types have equal GVKs.
    public static func == (a: Self, b: Self) -> Bool { a.gvk == b.gvk }

    public func hash(into hasher: inout Hasher) { hasher.combine(gvk) }
}

extension IstioConfigType {
    private static let networking = "networking.istio.io"
    private static let gatewayAPI = "gateway.networking.k8s.io"

    /// The 22 managed types, sorted by map key (the order of the keys of `resources`).
    public static let all: [IstioConfigType] = [
        IstioConfigType("extensions.istio.io", "v1alpha1", "TrafficExtension", cached: nil, selector: .selectorMatchLabels),
        IstioConfigType("extensions.istio.io", "v1alpha1", "WasmPlugin", cached: .wasmPlugins, selector: .selectorMatchLabels),
        IstioConfigType(gatewayAPI, "v1", "GRPCRoute", cached: .k8sGRPCRoutes),
        IstioConfigType(gatewayAPI, "v1", "Gateway", cached: .k8sGateways),
        IstioConfigType(gatewayAPI, "v1", "HTTPRoute", cached: .k8sHTTPRoutes),
        IstioConfigType(gatewayAPI, "v1", "TCPRoute", cached: nil),
        IstioConfigType(gatewayAPI, "v1", "TLSRoute", cached: nil),
        IstioConfigType(gatewayAPI, "v1", "UDPRoute", cached: nil),
        IstioConfigType(gatewayAPI, "v1beta1", "ReferenceGrant", cached: .k8sReferenceGrants),
        IstioConfigType("inference.networking.k8s.io", "v1", "InferencePool", cached: nil),
        IstioConfigType(networking, "v1", "DestinationRule", cached: .destinationRules),
        IstioConfigType(networking, "v1", "Gateway", cached: .gateways, selector: .selector),
        IstioConfigType(networking, "v1", "ServiceEntry", cached: .serviceEntries),
        IstioConfigType(networking, "v1", "Sidecar", cached: .sidecars, selector: .workloadSelectorLabels),
        IstioConfigType(networking, "v1", "VirtualService", cached: .virtualServices),
        IstioConfigType(networking, "v1", "WorkloadEntry", cached: .workloadEntries),
        IstioConfigType(networking, "v1", "WorkloadGroup", cached: .workloadGroups),
        IstioConfigType(networking, "v1alpha3", "EnvoyFilter", cached: .envoyFilters, selector: .workloadSelectorLabels),
        IstioConfigType("security.istio.io", "v1", "AuthorizationPolicy", cached: .authorizationPolicies, selector: .selectorMatchLabels),
        IstioConfigType("security.istio.io", "v1", "PeerAuthentication", cached: .peerAuthentications, selector: .selectorMatchLabels),
        IstioConfigType("security.istio.io", "v1", "RequestAuthentication", cached: .requestAuthentications, selector: .selectorMatchLabels),
        IstioConfigType("telemetry.istio.io", "v1", "Telemetry", cached: .telemetries, selector: .selectorMatchLabels),
    ].sorted()

    private static let byGVK: [GroupVersionKind: IstioConfigType] = Dictionary(uniqueKeysWithValues: all.map { ($0.gvk, $0) })

    /// The managed type of a GVK; `nil` when the routes do not manage it.
    public static func named(_ gvk: GroupVersionKind) -> IstioConfigType? { byGVK[gvk] }

    /// The managed type of a GVK given as the parts of a details path (`/istio/{group}/{version}/{kind}/…`).
    /// - Throws: ``IstioConfigError`` `.badRequest` `Object type not managed: <group>/<version>, Kind=<kind>`.
    public static func named(group: String, version: String, kind: String) throws(IstioConfigError) -> IstioConfigType {
        let gvk = GroupVersionKind(group: group, version: version, kind: kind)
        guard let type = byGVK[gvk] else { throw IstioConfigError(.badRequest, "Object type not managed: \(gvk.mapKey)") }
        return type
    }

    /// The managed type caching objects of a read-model kind.
    static func of(_ kind: Kind<UnstructuredObject>) -> IstioConfigType? {
        let r = kind.resource
        return byGVK[GroupVersionKind(group: r.group, version: r.version, kind: r.kind)]
    }

    // The types the TLS status and references read.
    static let virtualService = of(.virtualServices)!
    static let destinationRule = of(.destinationRules)!
    static let serviceEntry = of(.serviceEntries)!
    static let gateway = of(.gateways)!
    static let k8sGateway = of(.k8sGateways)!
    static let k8sHTTPRoute = of(.k8sHTTPRoutes)!
    static let k8sGRPCRoute = of(.k8sGRPCRoutes)!
}
