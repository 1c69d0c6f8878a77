/// A workload's replica counters, as Kiali's `WorkloadStatus` reports them (`backend.md` §7.1).
public struct WorkloadReplicas: Sendable, Hashable {
    /// Replicas asked for (`spec.replicas`; a DaemonSet's `desiredNumberScheduled`).
    public var desired: Int
    /// Replicas that exist (`status.replicas`; `currentNumberScheduled`).
    public var current: Int
    /// Replicas available (`status.availableReplicas`; `numberAvailable`).
    public var available: Int
    /// Pods whose proxy has every xDS type synced; −1 when unknown (no sidecar, gateways, no proxy data).
    public var syncedProxies: Int

    public init(desired: Int, current: Int, available: Int, syncedProxies: Int = -1) {
        self.desired = desired
        self.current = current
        self.available = available
        self.syncedProxies = syncedProxies
    }
}
