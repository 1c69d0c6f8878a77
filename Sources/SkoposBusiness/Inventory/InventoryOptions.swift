/// The query parameters of the inventory routes (`backend.md` §2.5, §2.6), parsed, with Kiali's defaults.
public struct InventoryOptions: Sendable, Hashable {
    /// The inventory routes, each with the parameters it reads.
    public enum Route: Sendable, Hashable, CaseIterable {
        /// `GET /api/clusters/apps`.
        case appList
        /// `GET /api/clusters/workloads`.
        case workloadList
        /// `GET /api/clusters/services`.
        case serviceList
        /// `GET /api/namespaces/{ns}/apps/{app}`.
        case appDetails
        /// `GET /api/namespaces/{ns}/workloads/{workload}`.
        case workloadDetails
        /// `GET /api/namespaces/{ns}/services/{service}`.
        case serviceDetails

        /// The parameter names the route reads (for `server.strict_query_params`).
        public var parameters: Set<String> {
            switch self {
            case .appList: ["clusterName", "namespaces", "health", "istioResources", "rateInterval", "queryTime"]
            case .workloadList: ["clusterName", "namespaces", "health", "istioResources", "rateInterval", "queryTime", "validate", "gvk"]
            case .serviceList:
                ["clusterName", "namespaces", "health", "istioResources", "rateInterval", "queryTime", "onlyDefinitions", "validate"]
            case .appDetails: ["clusterName", "health", "istioResources", "rateInterval", "queryTime"]
            case .workloadDetails: ["clusterName", "health", "istioResources", "rateInterval", "queryTime", "validate", "gvk"]
            case .serviceDetails: ["clusterName", "health", "rateInterval", "validate"]
            }
        }
    }

    /// `clusterName`: the cluster asked about; `nil` (absent or empty) means the home cluster.
    public var clusterName: String?
    /// `namespaces`: the namespaces of a list, in the order given, without duplicates; empty means every namespace the
    /// viewer may see in the cluster.
    public var namespaces: [String] = []
    /// `health` (default true): whether to fill in each item's health.
    public var health = true
    /// `istioResources` (default true): whether to look up `istioReferences`.
    public var istioResources = true
    /// `rateInterval` (default `5m`), a Prometheus duration, for on-demand health.
    public var rateInterval = "5m"
    /// `queryTime` in Unix seconds (default: now).
    public var queryTime: Int64 = 0
    /// Whether `queryTime` was given.
    public var queryTimeGiven = false
    /// `validate` (default false): whether to run Istio validations.
    public var validate = false
    /// `onlyDefinitions` (default true, services list): list the Service definitions only, without reading their pods
    /// (so without `istioSidecar`/`isAmbient`) and without the mesh's external services.
    public var onlyDefinitions = true
    /// `gvk`: the workload kind asked for; `nil` means any kind.
    public var gvk: GroupVersionKind?

    /// The defaults.
    public init() {}
}
