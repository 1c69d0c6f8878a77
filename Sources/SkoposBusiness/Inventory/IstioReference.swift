/// An Istio or Gateway API object that concerns an app, workload or service: Kiali's `IstioValidationKey`, written
/// `{"objectGVK":{…},"name":…,"namespace":…,"cluster":…}` in `istioReferences`.
public struct IstioReference: Sendable, Hashable, Comparable {
    /// The object's group, version and kind.
    public var objectGVK: GroupVersionKind
    /// Its name.
    public var name: String
    /// Its namespace.
    public var namespace: String
    /// Its cluster.
    public var cluster: String

    /// A reference.
    public init(objectGVK: GroupVersionKind, name: String, namespace: String, cluster: String) {
        self.objectGVK = objectGVK
        self.name = name
        self.namespace = namespace
        self.cluster = cluster
    }

    /// By kind (map-key form), namespace, name.
    public static func < (a: Self, b: Self) -> Bool {
        (a.objectGVK.mapKey, a.namespace, a.name, a.cluster) < (b.objectGVK.mapKey, b.namespace, b.name, b.cluster)
    }
}
