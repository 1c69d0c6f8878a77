/// What an Istio object concerns, as its details show it: `{"objectReferences":[…],"serviceReferences":[…],
/// "workloadReferences":[…]}`, each sorted.
public struct IstioConfigReferences: Sendable, Hashable {
    /// Other Istio or Gateway API objects: `{"objectGVK","name","namespace","cluster"}`.
    public var objectReferences: [IstioReference]
    /// Kubernetes Services: `{"name","namespace","cluster"}`.
    public var serviceReferences: [ServiceReference]
    /// Workloads: `{"name","namespace","cluster"}`.
    public var workloadReferences: [WorkloadReference]

    /// References; none by default.
    public init(objectReferences: [IstioReference] = [], serviceReferences: [ServiceReference] = [], workloadReferences: [WorkloadReference] = []) {
        self.objectReferences = objectReferences
        self.serviceReferences = serviceReferences
        self.workloadReferences = workloadReferences
    }
}

/// A Kubernetes Service named by an Istio object: `{"name","namespace","cluster"}`.
public struct ServiceReference: Sendable, Hashable, Comparable {
    /// The Service's name.
    public var name: String
    /// Its namespace.
    public var namespace: String
    /// Its cluster.
    public var cluster: String

    /// A reference.
    public init(name: String, namespace: String, cluster: String) {
        self.name = name
        self.namespace = namespace
        self.cluster = cluster
    }

    public static func < (a: Self, b: Self) -> Bool { (a.namespace, a.name, a.cluster) < (b.namespace, b.name, b.cluster) }
}
