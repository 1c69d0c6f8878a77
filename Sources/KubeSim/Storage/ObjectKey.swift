/// The identity of a stored object within its resource: namespace (empty for cluster-scoped kinds) and name.
struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    var namespace: String
    var name: String

    var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    static func < (a: ObjectKey, b: ObjectKey) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
}
