public import SkoposModel

/// The identity of an object in a store: namespace and name (`""` as the namespace for cluster-scoped objects).
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace; `""` for a cluster-scoped object.
    public var namespace: String
    /// The name.
    public var name: String

    /// Creates a key.
    /// - Parameters:
    ///   - namespace: The namespace, `""` for cluster-scoped objects.
    ///   - name: The name.
    public init(namespace: String = "", name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Reads the key of an unstructured object from `metadata.namespace` and `metadata.name`.
    /// - Parameter object: A Kubernetes object.
    /// - Returns: `nil` if the object has no non-empty `metadata.name`.
    public init?(_ object: JSONValue) {
        guard let name = object[path: ["metadata", "name"]]?.stringValue, !name.isEmpty else { return nil }
        self.init(namespace: object[path: ["metadata", "namespace"]]?.stringValue ?? "", name: name)
    }

    /// Parses client-go's key form: `namespace/name`, or `name` for cluster-scoped objects.
    /// - Parameter string: The key text.
    /// - Returns: `nil` if the text has more than one `/` or an empty name.
    public init?(string: String) {
        let parts = string.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !parts[0].isEmpty:
            self.init(name: String(parts[0]))
        case 2 where !parts[1].isEmpty:
            self.init(namespace: String(parts[0]), name: String(parts[1]))
        default:
            return nil
        }
    }

    /// client-go's key form: `namespace/name`, or `name` for cluster-scoped objects.
    public var description: String {
        namespace.isEmpty ? name : "\(namespace)/\(name)"
    }

    /// Orders by namespace, then by name.
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}
