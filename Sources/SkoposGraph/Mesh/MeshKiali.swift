public import SkoposModel

/// The console itself on the mesh page: a node with edges to every istiod (when the Istio API is enabled) and to
/// every add-on.
public struct MeshKiali: Sendable, Hashable {
    /// The cluster it runs in (the home cluster).
    public var cluster: String
    /// `deployment.namespace`.
    public var namespace: String
    /// `deployment.instance_name`.
    public var name: String
    /// The `external_services.istio` settings (``AddOnConfig/Istio``).
    public var infraData: JSONValue
    /// The node's version; `""` for none.
    public var version: String
    /// `istio_api_enabled`: edges to the istiods.
    public var istioAPIEnabled: Bool

    /// Creates the Kiali node's input; Kiali's default `external_services.istio` settings.
    public init(
        cluster: String,
        namespace: String = "istio-system",
        name: String = "kiali",
        infraData: JSONValue = AddOnConfig.Istio().json,
        version: String = "",
        istioAPIEnabled: Bool = true
    ) {
        self.cluster = cluster
        self.namespace = namespace
        self.name = name
        self.infraData = infraData
        self.version = version
        self.istioAPIEnabled = istioAPIEnabled
    }
}
