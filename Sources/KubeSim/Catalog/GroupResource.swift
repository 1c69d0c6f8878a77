import KubeTypes

/// A group and resource, such as `apps/deployments`: the key under which objects are stored.
struct GroupResource: Hashable, Sendable, Comparable, CustomStringConvertible {
    var group: String
    var resource: String

    var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    static func < (a: GroupResource, b: GroupResource) -> Bool { (a.group, a.resource) < (b.group, b.resource) }
}

extension GroupResource {
    /// The group and resource of a kind the console reads (KubeTypes' kind catalogue).
    init(_ kind: ResourceKind) {
        self.init(group: kind.group, resource: kind.resource)
    }

    // The built-in kinds the simulator's controllers and handlers work on: from the kind catalogue where it
    // describes them, spelled out otherwise.
    static let namespaces = GroupResource(Kind.namespaces.resource)
    static let pods = GroupResource(Kind.pods.resource)
    static let services = GroupResource(Kind.services.resource)
    static let endpoints = GroupResource(Kind.endpoints.resource)
    static let configMaps = GroupResource(Kind.configMaps.resource)
    static let deployments = GroupResource(Kind.deployments.resource)
    static let replicaSets = GroupResource(Kind.replicaSets.resource)
    static let statefulSets = GroupResource(Kind.statefulSets.resource)
    static let daemonSets = GroupResource(Kind.daemonSets.resource)
    static let secrets = GroupResource(group: "", resource: "secrets")
    static let serviceAccounts = GroupResource(group: "", resource: "serviceaccounts")
    static let customResourceDefinitions = GroupResource(group: "apiextensions.k8s.io", resource: "customresourcedefinitions")
}
