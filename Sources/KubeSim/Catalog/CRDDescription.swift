import KubeTypes
import SkoposModel

/// A compact description of one CustomResourceDefinition, rendered by `json` into the complete
/// `apiextensions.k8s.io/v1` object a real API server would return for it.
///
/// The server-owned metadata (`uid`, `resourceVersion`, `creationTimestamp`, `generation`) and the
/// `lastTransitionTime` of the status conditions are left for the storage to stamp when it loads the object.
struct CRDDescription: Sendable {
    /// Whether instances live in a namespace or at cluster scope.
    enum Scope: String, Sendable {
        case namespaced = "Namespaced"
        case cluster = "Cluster"
    }

    /// One `additionalPrinterColumns` entry, shown by `kubectl get`.
    struct Column: Sendable {
        /// The column header.
        var name: String
        /// The OpenAPI type of the cell: `string`, `integer`, `number`, `boolean` or `date`.
        var type: String
        /// The JSONPath, evaluated against each object, that yields the cell.
        var jsonPath: String
        /// Human-readable explanation of the column, or `nil` when the real CRD has none.
        var description: String?
        /// `0` for the default view; higher priorities only show with `-o wide`.
        var priority: Int = 0

        /// The usual `Age` column over `.metadata.creationTimestamp`, with the Kubernetes description
        /// (as Istio's generated CRDs carry it) or without one (as Gateway API's do).
        static func age(described: Bool) -> Column {
            Column(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp",
                          description: described ? creationTimestampDescription : nil)
        }

        /// A `string` column.
        static func string(_ name: String, _ jsonPath: String, _ description: String? = nil, priority: Int = 0) -> Column {
            Column(name: name, type: "string", jsonPath: jsonPath, description: description, priority: priority)
        }

        /// The Kubernetes description of `metadata.creationTimestamp`.
        static let creationTimestampDescription =
            "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set "
            + "in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form "
            + "and is in UTC. Populated by the system. Read-only. Null for lists. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"

        /// The `additionalPrinterColumns` element.
        var json: JSONValue {
            var column: JSONValue = ["name": .string(name), "type": .string(type), "jsonPath": .string(jsonPath)]
            if let description { column["description"] = .string(description) }
            if priority != 0 { column["priority"] = .int(priority) }
            return column
        }
    }

    /// The API group, e.g. `networking.istio.io`.
    var group: String
    /// The kind, e.g. `VirtualService`.
    var kind: String
    /// The lower-case plural resource name, e.g. `virtualservices`.
    var plural: String
    /// The lower-case singular name; defaults to the lower-cased kind.
    var singular: String
    /// Short names accepted by kubectl, e.g. `vs`.
    var shortNames: [String]
    /// Categories, so that `kubectl get istio-io` lists this resource.
    var categories: [String]
    /// Namespaced or cluster-scoped.
    var scope: Scope
    /// Every served version, in the order the real CRD lists them.
    var versions: [String]
    /// The single version objects are persisted in; must be one of `versions`.
    var storageVersion: String
    /// The printer columns, identical for every version.
    var printerColumns: [Column]
    /// Whether the CRD enables the `status` subresource (and the schema has a `status` field).
    var hasStatus: Bool
    /// Extra, documented `status` properties (the schema still preserves unknown fields).
    var statusProperties: [String: JSONValue]
    /// A one-line description of the kind, used as the schema's top-level `description`.
    var summary: String
    /// Labels on the CRD object itself.
    var labels: [String: String]
    /// Annotations on the CRD object itself.
    var annotations: [String: String]

    init(group: String, kind: String, plural: String, singular: String? = nil, shortNames: [String] = [], categories: [String] = [],
         scope: Scope = .namespaced, versions: [String], storageVersion: String? = nil, printerColumns: [Column] = [],
         hasStatus: Bool = true, statusProperties: [String: JSONValue] = [:], summary: String,
         labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.group = group
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.shortNames = shortNames
        self.categories = categories
        self.scope = scope
        self.versions = versions
        self.storageVersion = storageVersion ?? versions.first ?? ""
        self.printerColumns = printerColumns
        self.hasStatus = hasStatus
        self.statusProperties = statusProperties
        self.summary = summary
        self.labels = labels
        self.annotations = annotations
    }

    /// `<plural>.<group>`, the CRD's `metadata.name`.
    var name: String { "\(plural).\(group)" }

    /// `<Kind>List`.
    var listKind: String { "\(kind)List" }

    /// The `spec.names` (and `status.acceptedNames`) object.
    var namesJSON: JSONValue {
        var names: JSONValue = [
            "plural": .string(plural), "singular": .string(singular), "kind": .string(kind), "listKind": .string(listKind),
        ]
        if !shortNames.isEmpty { names["shortNames"] = .array(shortNames.map { .string($0) }) }
        if !categories.isEmpty { names["categories"] = .array(categories.map { .string($0) }) }
        return names
    }

    /// The structural `openAPIV3Schema`: typed `apiVersion`/`kind`/`metadata`, free-form `spec` and `status`.
    var schemaJSON: JSONValue {
        var properties: [String: JSONValue] = [
            "apiVersion": [
                "type": "string",
                "description": "APIVersion defines the versioned schema of this representation of an object.",
            ],
            "kind": ["type": "string", "description": "Kind is a string value representing the REST resource this object represents."],
            "metadata": ["type": "object"],
            "spec": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
        ]
        if hasStatus {
            var status: JSONValue = ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
            if !statusProperties.isEmpty { status["properties"] = .object(statusProperties) }
            properties["status"] = status
        }
        return ["type": "object", "description": .string(summary), "properties": .object(properties)]
    }

    /// One `spec.versions` element.
    func versionJSON(_ version: String) -> JSONValue {
        var entry: JSONValue = [
            "name": .string(version),
            "served": true,
            "storage": .bool(version == storageVersion),
            "schema": ["openAPIV3Schema": schemaJSON],
        ]
        if hasStatus { entry["subresources"] = ["status": [:]] }
        if !printerColumns.isEmpty { entry["additionalPrinterColumns"] = .array(printerColumns.map(\.json)) }
        return entry
    }

    /// The complete `CustomResourceDefinition` object.
    var json: JSONValue {
        var metadata: JSONValue = ["name": .string(name)]
        if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations.mapValues { .string($0) }) }
        let spec: JSONValue = [
            "group": .string(group),
            "names": namesJSON,
            "scope": .string(scope.rawValue),
            "versions": .array(versions.map(versionJSON)),
            "conversion": ["strategy": "None"],
        ]
        let status: JSONValue = [
            "acceptedNames": namesJSON,
            "storedVersions": [.string(storageVersion)],
            "conditions": [
                ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found"],
                ["type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"],
            ],
        ]
        return [
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": metadata,
            "spec": spec,
            "status": status,
        ]
    }
}
