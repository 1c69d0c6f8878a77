public import SkoposModel

/// A waypoint or ztunnel workload on the mesh page: its labels and annotations, and those of its Pod template.
public struct MeshInfraWorkload: Sendable, Hashable {
    /// The cluster's name.
    public var cluster: String
    /// The workload's namespace.
    public var namespace: String
    /// The workload's name.
    public var name: String
    /// Label `istio.io/rev`, else `default`.
    public var revision: String
    /// The workload's labels.
    public var labels: [String: String]
    /// The workload's annotations.
    public var annotations: [String: String]
    /// The Pod template's labels.
    public var templateLabels: [String: String]
    /// The Pod template's annotations.
    public var templateAnnotations: [String: String]
    /// ztunnel: its config dump, when the caller fetched one; it then replaces the four maps as `infraData`.
    public var configDump: JSONValue?

    /// Creates a workload.
    public init(
        cluster: String,
        namespace: String,
        name: String,
        revision: String = "default",
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        templateLabels: [String: String] = [:],
        templateAnnotations: [String: String] = [:],
        configDump: JSONValue? = nil
    ) {
        self.cluster = cluster
        self.namespace = namespace
        self.name = name
        self.revision = revision
        self.labels = labels
        self.annotations = annotations
        self.templateLabels = templateLabels
        self.templateAnnotations = templateAnnotations
        self.configDump = configDump
    }

    /// Writes `{Annotations, Labels, TemplateAnnotations, TemplateLabels}` as Kiali does: the workload's annotations
    /// always as an object, the other maps `null` when empty.
    public func write(to w: inout GoJSONWriter) {
        if let configDump {
            w.value(configDump)
            return
        }
        w.beginObject()
        w.key("Annotations")
        w.stringMap(annotations, emptyAsObject: true)
        w.key("Labels")
        w.stringMap(labels)
        w.key("TemplateAnnotations")
        w.stringMap(templateAnnotations)
        w.key("TemplateLabels")
        w.stringMap(templateLabels)
        w.endObject()
    }
}
