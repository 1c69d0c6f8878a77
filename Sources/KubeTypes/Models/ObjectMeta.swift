public import SkoposModel
/// The metadata every Kubernetes object carries, trimmed to what the console reads (`managedFields` and the other
/// bookkeeping fields are skipped when decoding).
///
/// Missing fields decode to defaults: an empty name, `nil` for optional scalars, empty collections. Encoding omits
/// `nil` fields and empty collections, as the API server does.
public struct ObjectMeta: Codable, Sendable, Hashable {
    /// The object's name; empty when the object has none (e.g. a create request with `generateName`).
    public var name: String
    /// The namespace; `nil` for cluster-scoped objects.
    public var namespace: String?
    /// The unique id the API server assigned.
    public var uid: String?
    /// The opaque version of this object, for optimistic concurrency and watches.
    public var resourceVersion: String?
    /// The generation of the desired state, incremented on every spec change.
    public var generation: Int?
    /// When the object was created, as the RFC 3339 text the API server sent.
    public var creationTimestamp: String?
    /// When deletion was requested (the object lingers until its finalizers are gone), as RFC 3339 text.
    public var deletionTimestamp: String?
    /// The labels.
    public var labels: [String: String]
    /// The annotations.
    public var annotations: [String: String]
    /// The objects this one belongs to (a Pod's ReplicaSet, a ReplicaSet's Deployment).
    public var ownerReferences: [OwnerReference]
    /// The finalizers that must be removed before the object is deleted.
    public var finalizers: [String]

    /// Creates metadata; every field defaults to empty.
    public init(
        name: String = "",
        namespace: String? = nil,
        uid: String? = nil,
        resourceVersion: String? = nil,
        generation: Int? = nil,
        creationTimestamp: String? = nil,
        deletionTimestamp: String? = nil,
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        ownerReferences: [OwnerReference] = [],
        finalizers: [String] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
        self.finalizers = finalizers
    }

    private enum CodingKeys: String, CodingKey {
        case name, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp
        case labels, annotations, ownerReferences, finalizers
    }

    /// Decodes metadata; missing or `null` fields take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        namespace = try c.decodeIfPresent(.namespace)
        uid = try c.decodeIfPresent(.uid)
        resourceVersion = try c.decodeIfPresent(.resourceVersion)
        generation = try c.decodeIfPresent(.generation)
        creationTimestamp = try c.decodeIfPresent(.creationTimestamp)
        deletionTimestamp = try c.decodeIfPresent(.deletionTimestamp)
        labels = try c.decode(.labels, default: [:])
        annotations = try c.decode(.annotations, default: [:])
        ownerReferences = try c.decode(.ownerReferences, default: [])
        finalizers = try c.decode(.finalizers, default: [])
    }

    /// Encodes the metadata, leaving out `nil` fields and empty collections.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !name.isEmpty { try c.encode(name, forKey: .name) }
        try c.encodeIfPresent(namespace, forKey: .namespace)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(resourceVersion, forKey: .resourceVersion)
        try c.encodeIfPresent(generation, forKey: .generation)
        try c.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
        try c.encodeIfPresent(deletionTimestamp, forKey: .deletionTimestamp)
        if !labels.isEmpty { try c.encode(labels, forKey: .labels) }
        if !annotations.isEmpty { try c.encode(annotations, forKey: .annotations) }
        if !ownerReferences.isEmpty { try c.encode(ownerReferences, forKey: .ownerReferences) }
        if !finalizers.isEmpty { try c.encode(finalizers, forKey: .finalizers) }
    }
}

extension ObjectMeta {
    /// Reads metadata out of an already parsed object's `metadata` value (as `JSONParser` produces it), with the
    /// same defaults as decoding. Fields of the wrong JSON type count as missing.
    /// - Parameter json: the value of an object's `metadata` field; anything but an object gives empty metadata.
    public init(json: JSONValue) {
        self.init(
            name: json["name"]?.stringValue ?? "",
            namespace: json["namespace"]?.stringValue,
            uid: json["uid"]?.stringValue,
            resourceVersion: json["resourceVersion"]?.stringValue,
            generation: json["generation"]?.intValue,
            creationTimestamp: json["creationTimestamp"]?.stringValue,
            deletionTimestamp: json["deletionTimestamp"]?.stringValue,
            labels: Self.stringMap(json["labels"]),
            annotations: Self.stringMap(json["annotations"]),
            ownerReferences: (json["ownerReferences"]?.arrayValue ?? []).map(OwnerReference.init(json:)),
            finalizers: (json["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
        )
    }

    /// The string-valued members of an object; empty for anything else.
    private static func stringMap(_ value: JSONValue?) -> [String: String] {
        guard let object = value?.objectValue else { return [:] }
        return object.compactMapValues(\.stringValue)
    }
}

/// A reference from an object to its owner, used by the garbage collector and to walk Pod → ReplicaSet →
/// Deployment.
public struct OwnerReference: Codable, Sendable, Hashable {
    /// The owner's `apiVersion`, e.g. `apps/v1`.
    public var apiVersion: String
    /// The owner's kind, e.g. `ReplicaSet`.
    public var kind: String
    /// The owner's name (in the same namespace as the owned object).
    public var name: String
    /// The owner's uid.
    public var uid: String
    /// `true` when the owner is the managing controller; at most one reference has it.
    public var controller: Bool?

    /// Creates an owner reference.
    public init(apiVersion: String = "", kind: String = "", name: String = "", uid: String = "", controller: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, name, uid, controller
    }

    /// Decodes a reference; missing strings become empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decode(.apiVersion, default: "")
        kind = try c.decode(.kind, default: "")
        name = try c.decode(.name, default: "")
        uid = try c.decode(.uid, default: "")
        controller = try c.decodeIfPresent(.controller)
    }

    /// Reads a reference out of an already parsed value; fields of the wrong type count as missing.
    public init(json: JSONValue) {
        self.init(
            apiVersion: json["apiVersion"]?.stringValue ?? "",
            kind: json["kind"]?.stringValue ?? "",
            name: json["name"]?.stringValue ?? "",
            uid: json["uid"]?.stringValue ?? "",
            controller: json["controller"]?.boolValue
        )
    }

    /// `true` when this reference names the managing controller.
    public var isController: Bool { controller == true }
}
