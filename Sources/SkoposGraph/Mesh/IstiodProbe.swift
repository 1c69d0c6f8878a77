/// What the caller learned from an istiod through the API server: its Istio version (`/version` on the monitoring
/// port) and status (`Healthy`, `Unreachable`, `NotReady`; `backend.md` §2.8).
public struct IstiodProbe: Sendable, Hashable {
    /// The Istio version, e.g. `1.27.0`; `nil` when it could not be read.
    public var version: String?
    /// `Healthy`, `Unreachable` or `NotReady`; `nil` when not checked.
    public var status: String?

    /// Creates a probe result.
    public init(version: String? = nil, status: String? = nil) {
        self.version = version
        self.status = status
    }
}
