/// An mTLS status, the `status` of the TLS objects of `/api/namespaces/{ns}/tls`, `/api/clusters/tls` and
/// `/api/mesh/tls` (`backend.md` §2.4, §2.8). ``TLSPolicyIndex`` says which of them it gives for what.
public enum TLSStatus: String, Sendable, Hashable, CaseIterable {
    /// Servers require mTLS and clients send it.
    case enabled = "MTLS_ENABLED"
    /// mTLS is configured, but servers or clients do not both use it.
    case partiallyEnabled = "MTLS_PARTIALLY_ENABLED"
    /// Nothing is configured at this level (a namespace then follows the mesh-wide status).
    case notEnabled = "MTLS_NOT_ENABLED"
    /// Servers refuse mTLS and clients do not send it.
    case disabled = "MTLS_DISABLED"
    /// A namespace-wide policy leaves the mode `UNSET` and the mesh-wide policy sets neither `STRICT` nor `DISABLE`.
    case unset = "UNSET"
    /// A namespace-wide policy leaves the mode `UNSET` under a `STRICT` mesh-wide policy.
    case unsetInheritedStrict = "UNSET_INHERITED_STRICT"
    /// A namespace-wide policy leaves the mode `UNSET` under a `DISABLE` mesh-wide policy.
    case unsetInheritedDisabled = "UNSET_INHERITED_DISABLED"
    /// Kiali's value for an extended mTLS state; never computed here (kept so that every §2.4 value has a case).
    case enabledExtended = "MTLS_ENABLED_EXTENDED"
    /// The namespace's namespace-wide PeerAuthentications contradict each other.
    case validationError = "MTLS_VALIDATION_ERROR"
}

/// The mode of a PeerAuthentication (`spec.mtls.mode`), as Istio defines it.
public enum PeerAuthenticationMode: String, Sendable, Hashable, CaseIterable {
    /// Only mTLS is accepted.
    case strict = "STRICT"
    /// mTLS and plain text are accepted.
    case permissive = "PERMISSIVE"
    /// Only plain text is accepted.
    case disable = "DISABLE"
    /// Inherited from the parent policy (namespace-wide from mesh-wide); at the top, `PERMISSIVE`.
    case unset = "UNSET"
}

/// What a DestinationRule's `spec.trafficPolicy.tls.mode` makes clients send.
public enum ClientTLSMode: String, Sendable, Hashable, CaseIterable {
    /// `ISTIO_MUTUAL`: Istio's mTLS.
    case istioMutual = "ISTIO_MUTUAL"
    /// `DISABLE`: plain text.
    case disable = "DISABLE"
    /// `SIMPLE` or `MUTUAL`: TLS with certificates of the user's, not Istio's mTLS.
    case other = "OTHER"
}
