/// The xDS sync state of one proxy, as istiod's `/debug/syncz` reports it: `Synced`, `Stale`,
/// `Stale (Never Acknowledged)`, `NOT_SENT` or `IGNORED` per type (`backend.md` §7.5).
public struct ProxySyncStatus: Sendable, Hashable {
    /// Clusters.
    public var cds: String
    /// Endpoints.
    public var eds: String
    /// Listeners.
    public var lds: String
    /// Routes.
    public var rds: String

    /// A proxy's state per xDS type.
    public init(cds: String, eds: String, lds: String, rds: String) {
        self.cds = cds
        self.eds = eds
        self.lds = lds
        self.rds = rds
    }

    /// Every type is `Synced`, or **[FIX]** `IGNORED` (not subscribed, so there is nothing to sync; upstream counts it
    /// as unsynced and shows healthy proxies as degraded).
    public var isSynced: Bool {
        [cds, eds, lds, rds].allSatisfy { $0 == "Synced" || $0 == "IGNORED" }
    }

    /// A workload's `syncedProxies`: the number of its pods whose proxy is synced; −1 (ignored by the status rules)
    /// for a workload without sidecar, a gateway, or when no pod has proxy data. A pod without data counts as not
    /// synced when others have data.
    /// - Parameter statuses: One entry per pod of the workload, `nil` when istiod reported nothing for it.
    public static func syncedProxies(_ statuses: [ProxySyncStatus?], hasSidecar: Bool, isGateway: Bool) -> Int {
        guard hasSidecar, !isGateway, statuses.contains(where: { $0 != nil }) else { return -1 }
        return statuses.count { $0?.isSynced == true }
    }
}
