import KubeTypes
import SkoposModel

/// Admission: the mutations and update checks the real control plane adds on top of validation.
/// Sidecar injection stands in for Istio's mutating webhook; Route admission for OpenShift's router.
enum Admission {
    /// Mutations on create.
    static func mutateOnCreate(cluster: SimCluster, type: ResourceType, object: inout JSONValue) throws(APIError) {
        switch (type.group, type.kind) {
        case ("", "Pod"):
            SidecarInjection.inject(into: &object, namespace: cluster.storage.get(GroupResource.namespaces, ObjectKey(namespace: "", name: object[path: ["metadata", "namespace"]]?.stringValue ?? ""))?.object, cluster: cluster.name)
        case ("route.openshift.io", "Route"):
            RouteAdmission.admit(&object, clusterName: cluster.name)
        default:
            break
        }
    }

    /// Fields that cannot change after creation.
    static func validateUpdate(type: ResourceType, old: JSONValue, new: JSONValue) throws(APIError) {
        let name = new[path: ["metadata", "name"]]?.stringValue ?? ""
        var causes: [(field: String, message: String)] = []
        switch (type.group, type.kind) {
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            if let a = old[path: ["spec", "selector"]], let b = new[path: ["spec", "selector"]], a != b {
                causes.append((field: "spec.selector", message: "Invalid value: \(JSONWriter.string(b)): field is immutable"))
            }
        case ("", "Service"):
            if let a = old[path: ["spec", "clusterIP"]], let b = new[path: ["spec", "clusterIP"]], a != b {
                causes.append((field: "spec.clusterIP", message: "Invalid value: \(JSONWriter.string(b)): field is immutable"))
            }
        case ("", "Secret"), ("", "ConfigMap"):
            if old["immutable"]?.boolValue == true, old["data"] != new["data"] {
                causes.append((field: "data", message: "Forbidden: field is immutable when `immutable` is set"))
            }
            if type.kind == "Secret", let a = old["type"], let b = new["type"], a != b {
                causes.append((field: "type", message: "Invalid value: \(JSONWriter.string(b)): field is immutable"))
            }
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            if old["roleRef"] != new["roleRef"] {
                causes.append((field: "roleRef", message: "Invalid value: cannot change roleRef"))
            }
        default:
            break
        }
        if !causes.isEmpty { throw APIError.invalid(kind: type.kind, group: type.group, name: name, causes: causes) }
    }
}
