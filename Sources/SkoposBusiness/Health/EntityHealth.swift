public import SkoposGraph

/// Kiali's `WorkloadStatus`: a workload's name and replica counters.
public struct WorkloadStatus: Sendable, Hashable {
    /// The workload's name.
    public var name: String
    /// Its replica counters and synced proxies.
    public var replicas: WorkloadReplicas

    /// A workload's status.
    public init(name: String, replicas: WorkloadReplicas) {
        self.name = name
        self.replicas = replicas
    }
}

/// Kiali's `WorkloadHealth` (`backend.md` §7.6): requests, status (absent when the rates could not be read) and the
/// replica counters.
public struct WorkloadHealth: Sendable, Hashable {
    /// Inbound and outbound rates by protocol and code, with the health annotations.
    public var requests: RequestHealth
    /// The computed status; `nil` when the rates could not be read.
    public var status: CalculatedHealth?
    /// The replica counters.
    public var workloadStatus: WorkloadStatus?

    /// A workload's health.
    public init(requests: RequestHealth, status: CalculatedHealth?, workloadStatus: WorkloadStatus?) {
        self.requests = requests
        self.status = status
        self.workloadStatus = workloadStatus
    }
}

/// Kiali's `AppHealth`: requests, status and the replica counters of each of the app's workloads.
public struct AppHealth: Sendable, Hashable {
    /// Inbound and outbound rates by protocol and code (apps have no health annotations).
    public var requests: RequestHealth
    /// The computed status; `nil` when the rates could not be read.
    public var status: CalculatedHealth?
    /// The replica counters of the app's workloads, by workload name.
    public var workloadStatuses: [WorkloadStatus]

    /// An app's health.
    public init(requests: RequestHealth, status: CalculatedHealth?, workloadStatuses: [WorkloadStatus]) {
        self.requests = requests
        self.status = status
        self.workloadStatuses = workloadStatuses
    }
}

/// Kiali's `ServiceHealth`: requests and status.
public struct ServiceHealth: Sendable, Hashable {
    /// Inbound rates by protocol and code, with the health annotations.
    public var requests: RequestHealth
    /// The computed status; `nil` when the rates could not be read.
    public var status: CalculatedHealth?

    /// A service's health.
    public init(requests: RequestHealth, status: CalculatedHealth?) {
        self.requests = requests
        self.status = status
    }
}

/// The health of one namespace of one cluster, per kind, by entity name. A kind is `nil` when it was not asked for or
/// could not be computed (its rates failed); readers show it as an empty map.
public struct NamespaceHealth: Sendable, Hashable {
    /// Apps by name.
    public var apps: [String: AppHealth]?
    /// Services by name.
    public var services: [String: ServiceHealth]?
    /// Workloads by name.
    public var workloads: [String: WorkloadHealth]?

    /// A namespace's health, by kind.
    public init(apps: [String: AppHealth]? = nil, services: [String: ServiceHealth]? = nil, workloads: [String: WorkloadHealth]? = nil) {
        self.apps = apps
        self.services = services
        self.workloads = workloads
    }
}
