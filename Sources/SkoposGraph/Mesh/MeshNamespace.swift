public import SkoposModel

/// A namespace as the mesh page shows it: an entry of a control plane's `managedNamespaces` and of a data-plane
/// node's `infraData` (`backend.md` §2.8).
public struct MeshNamespace: Sendable, Hashable {
    /// The namespace's name.
    public var name: String
    /// The cluster's name.
    public var cluster: String
    /// Label `istio.io/dataplane-mode=ambient`.
    public var isAmbient: Bool
    /// An istiod runs in it.
    public var isControlPlane: Bool
    /// The namespace's labels.
    public var labels: [String: String]
    /// The namespace's annotations.
    public var annotations: [String: String]
    /// The revision its labels select (``MeshNamespace/revision(labels:)``).
    public var revision: String

    /// Creates a namespace.
    public init(
        name: String,
        cluster: String,
        isAmbient: Bool = false,
        isControlPlane: Bool = false,
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        revision: String = ""
    ) {
        self.name = name
        self.cluster = cluster
        self.isAmbient = isAmbient
        self.isControlPlane = isControlPlane
        self.labels = labels
        self.annotations = annotations
        self.revision = revision
    }

    /// The control-plane revision a namespace's labels select: `""` with `istio-injection=disabled`, `default` with
    /// `istio-injection=enabled` (it wins over `istio.io/rev`, as in Istio), else `istio.io/rev`; an ambient namespace
    /// (`istio.io/dataplane-mode=ambient`) without either label belongs to `default`.
    public static func revision(labels: [String: String]) -> String {
        switch labels["istio-injection"] {
        case "disabled": return ""
        case "enabled": return "default"
        default:
            if let rev = labels["istio.io/rev"] { return rev }
            return labels["istio.io/dataplane-mode"] == "ambient" ? "default" : ""
        }
    }

    /// Writes the namespace as Kiali's `models.Namespace` on the mesh page: empty maps are `null`.
    public func write(to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("name", name)
        w.member("cluster", cluster)
        w.key("isAmbient")
        w.bool(isAmbient)
        w.key("isControlPlane")
        w.bool(isControlPlane)
        w.key("labels")
        w.stringMap(labels)
        w.key("annotations")
        w.stringMap(annotations)
        w.member("revision", revision)
        w.endObject()
    }
}

extension GoJSONWriter {
    /// A Go `map[string]string`: keys sorted, `null` when empty (a nil map).
    mutating func stringMap(_ map: [String: String], emptyAsObject: Bool = false) {
        if map.isEmpty && !emptyAsObject {
            null()
            return
        }
        beginObject()
        for key in map.keys.sorted() { member(key, map[key]!) }
        endObject()
    }
}
