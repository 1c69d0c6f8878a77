/// Service host names as Istio resolves them (cluster domain `cluster.local`).
enum MeshHost {
    /// The suffix of in-cluster Service names.
    static let serviceSuffix = ".svc.cluster.local"

    /// A host named by an object of `namespace`, as an FQDN: `reviews` → `reviews.<namespace>.svc.cluster.local`,
    /// `reviews.bookinfo` → `reviews.bookinfo.svc.cluster.local`, `reviews.bookinfo.svc` → `….svc.cluster.local`;
    /// mesh wildcards (``isMeshWildcard(_:)``) and other names unchanged (`*.bookinfo` becomes `*.bookinfo.svc.cluster.local`).
    static func fqdn(_ host: String, namespace: String) -> String {
        guard !isMeshWildcard(host) else { return host }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return "\(host).\(namespace)\(serviceSuffix)"
        case 2: return "\(host)\(serviceSuffix)"
        case 3 where parts[2] == "svc": return "\(host).cluster.local"
        default: return host
        }
    }

    /// The Service an FQDN names: `reviews.bookinfo.svc.cluster.local` → (`reviews`, `bookinfo`); `nil` for other
    /// names and wildcards.
    static func service(_ fqdn: String) -> (name: String, namespace: String)? {
        guard fqdn.hasSuffix(serviceSuffix) else { return nil }
        let parts = fqdn.dropLast(serviceSuffix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != "*" else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// The namespace whose every Service a wildcard host names: `*.bookinfo.svc.cluster.local` → `bookinfo`.
    static func namespaceWildcard(_ fqdn: String) -> String? {
        guard fqdn.hasPrefix("*."), fqdn.hasSuffix(serviceSuffix) else { return nil }
        let middle = fqdn.dropFirst(2).dropLast(serviceSuffix.count)
        guard !middle.isEmpty, !middle.contains(".") else { return nil }
        return String(middle)
    }

    /// Whether a host names every Service of the mesh: `*`, `*.local`, `*.cluster.local`, `*.svc.cluster.local`.
    static func isMeshWildcard(_ host: String) -> Bool {
        host == "*" || host == "*.local" || host == "*.cluster.local" || host == "*.svc.cluster.local"
    }
}
