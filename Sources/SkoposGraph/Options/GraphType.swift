/// `graphType`.
public enum GraphType: String, Sendable, Hashable, CaseIterable {
    case app, versionedApp, workload, service
}
