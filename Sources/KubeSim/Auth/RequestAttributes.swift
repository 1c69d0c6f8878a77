import KubeTypes
import SkoposModel

/// What a request asks to do, as the authorizer sees it (`k8s.io/apiserver/pkg/authorization/authorizer.Attributes`
/// minus the user).
struct RequestAttributes: Sendable, Hashable {
    /// `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, or a special verb
    /// (`impersonate`, `bind`, `escalate`, `use`, ...). For non-resource requests the lower-cased HTTP method verb.
    var verb: String
    /// `true` for `/api/...`, `/apis/...` resource requests; `false` for non-resource paths like `/healthz`.
    var isResourceRequest: Bool
    /// The API group ("" for core).
    var apiGroup: String = ""
    var apiVersion: String = ""
    /// The resource (plural), e.g. `pods`.
    var resource: String = ""
    /// The subresource, e.g. `status`, `log`, `exec`.
    var subresource: String = ""
    /// The namespace; empty for cluster-scoped resources (and for all-namespace lists).
    var namespace: String = ""
    /// The object name; empty for lists and creates.
    var name: String = ""
    /// The request path (non-resource requests are matched on it).
    var path: String = ""

    /// A resource request.
    static func resource(
        verb: String, group: String = "", version: String = "", resource: String, subresource: String = "",
        namespace: String = "", name: String = ""
    ) -> RequestAttributes {
        RequestAttributes(
            verb: verb, isResourceRequest: true, apiGroup: group, apiVersion: version, resource: resource,
            subresource: subresource, namespace: namespace, name: name)
    }

    /// A non-resource request such as `get /healthz`.
    static func nonResource(verb: String, path: String) -> RequestAttributes {
        RequestAttributes(verb: verb, isResourceRequest: false, path: path)
    }

    /// `resource/subresource`, or just the resource.
    var combinedResource: String { subresource.isEmpty ? resource : resource + "/" + subresource }
}

extension RequestAttributes {
    /// The attributes of a (Self/Local)SubjectAccessReview `spec`: `resourceAttributes` (`namespace`, `verb`,
    /// `group`, `version`, `resource`, `subresource`, `name`) or `nonResourceAttributes` (`path`, `verb`).
    /// Nil when neither is present.
    init?(reviewSpec spec: JSONValue) {
        func text(_ object: JSONValue, _ key: String) -> String { object[key]?.stringValue ?? "" }
        if let attributes = spec["resourceAttributes"], attributes.objectValue != nil {
            self = .resource(
                verb: text(attributes, "verb"), group: text(attributes, "group"), version: text(attributes, "version"),
                resource: text(attributes, "resource"), subresource: text(attributes, "subresource"),
                namespace: text(attributes, "namespace"), name: text(attributes, "name"))
        } else if let attributes = spec["nonResourceAttributes"], attributes.objectValue != nil {
            self = .nonResource(verb: text(attributes, "verb"), path: text(attributes, "path"))
        } else {
            return nil
        }
    }
}
