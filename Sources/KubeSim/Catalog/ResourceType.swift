import KubeTypes
import SkoposModel

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

extension ResourceType {
    /// A built-in kind that KubeTypes' kind catalogue describes: its group, version, plural, kind and scope come from
    /// `kind`, its singular is the lower-cased kind (`pod`, `endpoints`), the rest is what only the server knows.
    init(
        _ kind: ResourceKind, shortNames: [String] = [], categories: [String] = [], verbs: [String] = ResourceType.allVerbs,
        subresources: [String] = [], printerColumns: [PrinterColumn] = []
    ) {
        self.init(
            group: kind.group, versions: [kind.version], storageVersion: kind.version, kind: kind.kind, plural: kind.resource,
            singular: kind.kind.lowercased(), namespaced: kind.namespaced, shortNames: shortNames, categories: categories, verbs: verbs,
            subresources: subresources, printerColumns: printerColumns
        )
    }
}
