import KubeTypes
import SkoposModel

/// The kinds a cluster serves right now: the built-in ones plus those of established CRDs.
struct ResourceCatalog: Sendable {
    private(set) var types: [ResourceType]

    init(types: [ResourceType]) { self.types = types }

    /// The type served at `group/version/plural`, if that version is served.
    func lookup(group: String, version: String, resource: String) -> ResourceType? {
        types.first { $0.group == group && $0.plural == resource && $0.versions.contains(version) }
    }

    /// The type of a group and resource, whatever the version.
    func lookup(_ gr: GroupResource) -> ResourceType? {
        types.first { $0.group == gr.group && $0.plural == gr.resource }
    }

    /// The type with a kind in a group.
    func lookup(group: String, kind: String) -> ResourceType? {
        types.first { $0.group == group && $0.kind == kind }
    }

    /// Groups in discovery order (built-ins first, as listed), with their versions (preferred first).
    var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for t in types {
            if versions[t.group] == nil {
                order.append(t.group)
                versions[t.group] = []
            }
            for v in t.versions where !(versions[t.group]!.contains(v)) {
                versions[t.group]!.append(v)
            }
        }
        return order.map { g in (g, Self.sortVersions(versions[g]!)) }
    }

    /// Types served in one group version.
    func types(group: String, version: String) -> [ResourceType] {
        types.filter { $0.group == group && $0.versions.contains(version) }
    }

    /// Kubernetes' version priority: GA > beta > alpha, higher numbers first.
    static func sortVersions(_ versions: [String]) -> [String] {
        func rank(_ v: String) -> (Int, Int, Int) {
            // (stability, major, minor) – larger sorts first.
            let s = v.dropFirst()
            let digits = s.prefix { $0.isNumber }
            let major = Int(digits) ?? 0
            let rest = s.dropFirst(digits.count)
            if rest.isEmpty { return (3, major, 0) }
            if rest.hasPrefix("beta") { return (2, major, Int(rest.dropFirst(4)) ?? 0) }
            if rest.hasPrefix("alpha") { return (1, major, Int(rest.dropFirst(5)) ?? 0) }
            return (0, major, 0)
        }
        return versions.sorted { rank($0) > rank($1) || (rank($0) == rank($1) && $0 < $1) }
    }

    /// Builds the catalog from the built-ins and the stored CRD objects.
    static func build(builtins: [ResourceType], crds: [JSONValue]) -> ResourceCatalog {
        var types = builtins
        for crd in crds.sorted(by: { ($0[path: ["metadata", "name"]]?.stringValue ?? "") < ($1[path: ["metadata", "name"]]?.stringValue ?? "") }) {
            if let t = resourceType(fromCRD: crd), !types.contains(where: { $0.group == t.group && $0.plural == t.plural }) {
                types.append(t)
            }
        }
        return ResourceCatalog(types: types)
    }

    /// The type a CRD defines, or `nil` if it has no served version (or is being deleted).
    static func resourceType(fromCRD crd: JSONValue) -> ResourceType? {
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue,
            let names = spec["names"], let plural = names["plural"]?.stringValue, let kind = names["kind"]?.stringValue
        else { return nil }
        if crd[path: ["metadata", "deletionTimestamp"]] != nil { return nil }
        var served: [String] = []
        var storage = ""
        var subresources: Set<String> = []
        var columns: [PrinterColumn] = []
        var schemas: [String: JSONValue] = [:]
        for v in spec["versions"]?.arrayValue ?? [] {
            guard let name = v["name"]?.stringValue else { continue }
            if v["served"]?.boolValue ?? true { served.append(name) }
            if v["storage"]?.boolValue == true { storage = name }
            if v[path: ["subresources", "status"]] != nil { subresources.insert("status") }
            if v[path: ["subresources", "scale"]] != nil { subresources.insert("scale") }
            if let schema = v[path: ["schema", "openAPIV3Schema"]] { schemas[name] = schema }
            if columns.isEmpty, let cols = v["additionalPrinterColumns"]?.arrayValue {
                columns = cols.compactMap { c in
                    guard let n = c["name"]?.stringValue, let p = c["jsonPath"]?.stringValue else { return nil }
                    return PrinterColumn(
                        name: n, type: c["type"]?.stringValue ?? "string", format: c["format"]?.stringValue ?? "",
                        description: c["description"]?.stringValue ?? "", priority: c["priority"]?.intValue ?? 0, jsonPath: p
                    )
                }
            }
        }
        guard !served.isEmpty else { return nil }
        let ordered = sortVersions(served)
        return ResourceType(
            group: group, versions: ordered, storageVersion: storage.isEmpty ? ordered[0] : storage, kind: kind, plural: plural,
            singular: names["singular"]?.stringValue ?? kind.lowercased(),
            namespaced: (spec["scope"]?.stringValue ?? "Namespaced") == "Namespaced",
            shortNames: names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            categories: names["categories"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            subresources: subresources.sorted(), printerColumns: columns, isCustom: true, schemas: schemas
        )
    }
}
