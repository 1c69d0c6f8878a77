import KubeTypes
import SkoposModel

/// A group and resource, such as `apps/deployments`: the key under which objects are stored.
struct GroupResource: Hashable, Sendable, Comparable, CustomStringConvertible {
    var group: String
    var resource: String

    var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    static func < (a: GroupResource, b: GroupResource) -> Bool { (a.group, a.resource) < (b.group, b.resource) }
}

/// A column of a server-side table (`kubectl get` output), as CRDs declare with `additionalPrinterColumns`.
struct PrinterColumn: Sendable, Hashable {
    var name: String
    var type: String
    var format: String = ""
    var description: String = ""
    var priority: Int = 0
    /// A simple JSONPath such as `.spec.hosts`; empty for columns computed by a built-in printer.
    var jsonPath: String = ""
}

/// Everything the server knows about one kind of resource: its names, versions, scope, verbs and subresources.
///
/// Built-in kinds come from `BuiltinResources`; custom kinds are derived from CustomResourceDefinition objects.
struct ResourceType: Sendable, Hashable {
    var group: String
    /// Served versions, preferred first.
    var versions: [String]
    /// The version objects are stored in.
    var storageVersion: String
    var kind: String
    var plural: String
    var singular: String
    var namespaced: Bool
    var shortNames: [String] = []
    var categories: [String] = []
    var verbs: [String] = ResourceType.allVerbs
    /// Subresource names (`status`, `scale`, `token`, `log`, ...).
    var subresources: [String] = []
    /// Server-side printer columns, beyond Name (and Age, which every kind gets).
    var printerColumns: [PrinterColumn] = []
    /// Whether this kind comes from a CRD.
    var isCustom = false
    /// The CRD's `openAPIV3Schema` per version, for the OpenAPI documents.
    var schemas: [String: JSONValue] = [:]
    /// Whether `status` is a separate subresource: then the main resource ignores status changes and vice versa.
    var hasStatusSubresource: Bool { subresources.contains("status") }

    static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    static let readOnlyVerbs = ["get", "list", "watch"]

    var groupResource: GroupResource { GroupResource(group: group, resource: plural) }

    /// `v1` or `apps/v1` for a version.
    func apiVersion(_ version: String) -> String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The `listKind`, e.g. `PodList`.
    var listKind: String { kind + "List" }
}
