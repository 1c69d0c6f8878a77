/// A pod of a workload's details: Kiali's `Pod` model, as far as the read model holds it (no proxy status).
public struct PodInfo: Sendable, Hashable {
    /// A container: `{name, image, isProxy, isReady}`.
    public struct Container: Sendable, Hashable {
        public var name: String
        public var image: String
        /// The Istio proxy.
        public var isProxy: Bool
        /// Its status says it is ready.
        public var isReady: Bool

        /// A container.
        public init(name: String, image: String, isProxy: Bool, isReady: Bool) {
            self.name = name
            self.image = image
            self.isProxy = isProxy
            self.isReady = isReady
        }
    }

    /// An owner: `{name, kind}`.
    public struct Owner: Sendable, Hashable {
        public var name: String
        public var kind: String

        /// An owner.
        public init(name: String, kind: String) {
            self.name = name
            self.kind = kind
        }
    }

    public var name: String
    public var labels: [String: String]
    /// RFC 3339 in UTC.
    public var createdAt: String
    /// The pod's owner references.
    public var createdBy: [Owner]
    /// The application containers (everything but Istio's).
    public var containers: [Container]
    /// The `istio-proxy` container (or native sidecar).
    public var istioContainers: [Container]
    /// Istio's init containers (`istio-init`, `istio-validation`).
    public var istioInitContainers: [Container]
    /// `status.phase`.
    public var status: String
    /// `status.message`.
    public var statusMessage: String
    /// `status.reason`.
    public var statusReason: String
    public var appLabel: Bool
    public var versionLabel: Bool
    public var annotations: [String: String]
    public var serviceAccountName: String

    /// A pod.
    public init(
        name: String, labels: [String: String], createdAt: String, createdBy: [Owner], containers: [Container], istioContainers: [Container],
        istioInitContainers: [Container], status: String, statusMessage: String, statusReason: String, appLabel: Bool, versionLabel: Bool,
        annotations: [String: String], serviceAccountName: String
    ) {
        self.name = name
        self.labels = labels
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.containers = containers
        self.istioContainers = istioContainers
        self.istioInitContainers = istioInitContainers
        self.status = status
        self.statusMessage = statusMessage
        self.statusReason = statusReason
        self.appLabel = appLabel
        self.versionLabel = versionLabel
        self.annotations = annotations
        self.serviceAccountName = serviceAccountName
    }
}
