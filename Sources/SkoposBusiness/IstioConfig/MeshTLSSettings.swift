public import SkoposModel

/// The mesh configuration the mTLS status depends on: the root namespace (where mesh-wide policies live),
/// `enableAutoMtls` and the minimum TLS version (`autoMTLSEnabled` and `minTLS` of the TLS objects, `backend.md` §2.4).
public struct MeshTLSSettings: Sendable, Hashable {
    /// `meshConfig.rootNamespace` (default: istiod's namespace, usually `istio-system`).
    public var rootNamespace: String
    /// `meshConfig.enableAutoMtls` (default true): sidecars send mTLS to mTLS-capable servers without a
    /// DestinationRule asking for it.
    public var autoMTLSEnabled: Bool
    /// `meshConfig.meshMTLS.minProtocolVersion` (default `TLSV1_2`).
    public var minTLS: String

    /// Settings; Istio's defaults by default.
    public init(rootNamespace: String = "istio-system", autoMTLSEnabled: Bool = true, minTLS: String = "TLSV1_2") {
        self.rootNamespace = rootNamespace
        self.autoMTLSEnabled = autoMTLSEnabled
        self.minTLS = minTLS
    }

    /// Reads the settings from an Istio mesh configuration (the `mesh` document of istiod's ConfigMap, parsed):
    /// `rootNamespace`, `enableAutoMtls`, `meshMTLS.minProtocolVersion`; missing, empty or mistyped fields take the
    /// defaults.
    /// - Parameters:
    ///   - meshConfig: the mesh configuration; `nil` for none.
    ///   - istiodNamespace: istiod's namespace, the default root namespace.
    public init(meshConfig: JSONValue?, istiodNamespace: String = "istio-system") {
        let root = meshConfig?["rootNamespace"]?.stringValue ?? ""
        let minTLS = meshConfig?[path: ["meshMTLS", "minProtocolVersion"]]?.stringValue ?? ""
        self.init(
            rootNamespace: root.isEmpty ? istiodNamespace : root,
            autoMTLSEnabled: meshConfig?["enableAutoMtls"]?.boolValue ?? true,
            minTLS: minTLS.isEmpty ? "TLSV1_2" : minTLS
        )
    }
}
