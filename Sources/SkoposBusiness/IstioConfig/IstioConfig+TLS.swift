extension IstioConfig {
    /// The cluster's mTLS policies indexed, for the TLS routes. Build it once per snapshot and reuse it for every
    /// chunk of namespaces.
    public func tlsIndex(settings: MeshTLSSettings = MeshTLSSettings()) -> TLSPolicyIndex {
        TLSPolicyIndex(cluster, settings: settings)
    }

    /// `GET /api/clusters/tls?namespaces=`: the TLS object of each listed namespace the viewer may see, in the order
    /// listed (every visible namespace, sorted, when none is).
    /// - Parameters:
    ///   - namespaces: the `namespaces` parameter, parsed.
    ///   - index: this cluster's policies (``tlsIndex(settings:)``).
    /// - Complexity: O(*k*) for *k* namespaces once the index exists.
    public func clustersTLS(namespaces: [String] = [], index: TLSPolicyIndex) -> [NamespaceTLS] {
        listedNamespaces(namespaces).map(index.namespaceTLS)
    }

    /// `GET /api/namespaces/{ns}/tls`.
    /// - Throws: ``IstioConfigError`` `.forbidden` for a namespace the viewer may not see.
    public func namespaceTLS(_ namespace: String, index: TLSPolicyIndex) throws(IstioConfigError) -> NamespaceTLS {
        _ = try requireNamespace(namespace)
        return index.namespaceTLS(namespace)
    }

    /// `GET /api/mesh/tls?clusterName=&revision=`: the cluster's mesh-wide status; `settings` are those of the
    /// control plane of the requested revision.
    public func meshTLS(settings: MeshTLSSettings = MeshTLSSettings()) -> MeshTLS {
        TLSPolicyIndex(cluster, settings: settings).mesh
    }
}
