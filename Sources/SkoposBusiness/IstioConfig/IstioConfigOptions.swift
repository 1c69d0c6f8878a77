/// The query parameters of the Istio configuration, validation-summary and TLS routes (`backend.md` §2.4, §2.5, §2.7,
/// §2.8), parsed, with Kiali's defaults.
public struct IstioConfigOptions: Sendable, Hashable {
    /// The routes, each with the parameters it reads.
    public enum Route: Sendable, Hashable, CaseIterable {
        /// `GET /api/namespaces/{ns}/istio`.
        case namespaceList
        /// `GET /api/istio/config`.
        case clusterList
        /// `GET /api/namespaces/{ns}/istio/{group}/{version}/{kind}/{object}`.
        case details
        /// `GET /api/istio/validations`.
        case validations
        /// `GET /api/namespaces/{ns}/validations`.
        case namespaceValidations
        /// `GET /api/clusters/tls`.
        case clustersTLS
        /// `GET /api/namespaces/{ns}/tls`.
        case namespaceTLS
        /// `GET /api/mesh/tls`.
        case meshTLS

        /// The parameter names the route reads (for `server.strict_query_params`); `_`, the UI's cache buster, is
        /// accepted everywhere.
        public var parameters: Set<String> {
            switch self {
            case .namespaceList, .clusterList: ["clusterName", "objects", "labelSelector", "workloadSelector", "validate", "_"]
            case .details: ["clusterName", "validate", "help", "_"]
            case .validations, .clustersTLS: ["clusterName", "namespaces", "_"]
            case .namespaceValidations, .namespaceTLS: ["clusterName", "_"]
            case .meshTLS: ["clusterName", "revision", "_"]
            }
        }
    }

    /// `clusterName`: the cluster asked about; `nil` (absent or empty) means the home cluster.
    public var clusterName: String?
    /// `objects`: the types asked for, in the order given, without repeats; `nil` (absent or empty) means all 22.
    public var objects: [IstioConfigType]?
    /// `labelSelector`: a Kubernetes label selector the objects' labels must match; empty matches everything.
    public var labelSelector = LabelQuery()
    /// `workloadSelector` (`k=v,…`): the labels of a workload; objects of the types that select workloads are kept only
    /// when they apply to such a workload. Empty means no filtering.
    public var workloadSelector: [String: String] = [:]
    /// `validate` (default false): whether the caller should run Istio validations (they come from elsewhere).
    public var validate = false
    /// `help` (default false, details): whether to add the help texts.
    public var help = false
    /// `namespaces`: the namespaces of a per-namespace answer, in the order given, without repeats; empty means every
    /// namespace the viewer may see in the cluster.
    public var namespaces: [String] = []
    /// `revision` (default `default`, `/api/mesh/tls`): the control plane whose mesh configuration applies.
    public var revision = "default"

    /// The defaults.
    public init() {}

    /// Whether a type is asked for.
    public func wants(_ type: IstioConfigType) -> Bool {
        objects.map { $0.contains(type) } ?? true
    }
}
