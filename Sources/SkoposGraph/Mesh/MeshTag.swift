/// A revision tag (a `MutatingWebhookConfiguration` labelled `istio.io/tag`): `name` points at `revision`.
public struct MeshTag: Sendable, Hashable {
    /// The cluster of the tag's webhook.
    public var cluster: String
    /// The tag's name.
    public var name: String
    /// The revision it points at.
    public var revision: String

    /// Creates a tag.
    public init(cluster: String, name: String, revision: String) {
        self.cluster = cluster
        self.name = name
        self.revision = revision
    }
}
