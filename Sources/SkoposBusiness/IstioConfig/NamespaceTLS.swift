/// The mTLS status of one namespace (`backend.md` §2.4): `{"status","autoMTLSEnabled","minTLS","namespace","cluster"}`,
/// for `/api/namespaces/{ns}/tls` and the items of `/api/clusters/tls`.
public struct NamespaceTLS: Sendable, Hashable {
    /// The status.
    public var status: TLSStatus
    /// The mesh's `enableAutoMtls`.
    public var autoMTLSEnabled: Bool
    /// The mesh's minimum TLS version.
    public var minTLS: String
    /// The namespace.
    public var namespace: String
    /// Its cluster.
    public var cluster: String

    /// A namespace's status.
    public init(status: TLSStatus, autoMTLSEnabled: Bool, minTLS: String, namespace: String, cluster: String) {
        self.status = status
        self.autoMTLSEnabled = autoMTLSEnabled
        self.minTLS = minTLS
        self.namespace = namespace
        self.cluster = cluster
    }
}

/// The mesh-wide mTLS status of a cluster (`backend.md` §2.8): `{"status","autoMTLSEnabled","minTLS"}`, for
/// `/api/mesh/tls`.
public struct MeshTLS: Sendable, Hashable {
    /// The status.
    public var status: TLSStatus
    /// The mesh's `enableAutoMtls`.
    public var autoMTLSEnabled: Bool
    /// The mesh's minimum TLS version.
    public var minTLS: String

    /// The mesh's status.
    public init(status: TLSStatus, autoMTLSEnabled: Bool, minTLS: String) {
        self.status = status
        self.autoMTLSEnabled = autoMTLSEnabled
        self.minTLS = minTLS
    }
}
