/// Everything needed to talk to one cluster as one user: the flat result of ``Kubeconfig/resolve(context:)``.
///
/// Files referenced by the kubeconfig (CA, client certificate and key) have been read; a token file has not, because
/// projected service-account tokens rotate and are re-read by the HTTP layer.
public struct ResolvedCluster: Sendable, Equatable {
    /// The cluster entry's name (the context's `cluster`).
    public var name: String
    /// The API server URL without a trailing slash, e.g. `https://api.example:6443`; `https://` is added when the
    /// kubeconfig gives only `host:port`.
    public var server: String
    /// The CA bundle (PEM) from `certificate-authority-data` or `certificate-authority`; `nil` means system roots.
    public var caPEM: [UInt8]?
    /// `insecure-skip-tls-verify`.
    public var insecureSkipTLSVerify: Bool
    /// `tls-server-name`.
    public var tlsServerName: String?
    /// `proxy-url`.
    public var proxyURL: String?
    /// The context's default namespace.
    public var namespace: String?
    /// How to authenticate.
    public var credentials: Credentials

    /// Creates a resolved cluster.
    public init(
        name: String,
        server: String,
        caPEM: [UInt8]? = nil,
        insecureSkipTLSVerify: Bool = false,
        tlsServerName: String? = nil,
        proxyURL: String? = nil,
        namespace: String? = nil,
        credentials: Credentials = .none
    ) {
        self.name = name
        self.server = server
        self.caPEM = caPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.namespace = namespace
        self.credentials = credentials
    }
}
