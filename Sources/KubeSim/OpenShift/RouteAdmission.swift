import KubeTypes
import SkoposModel

/// What OpenShift's router does to a new Route: picks a host under the cluster's apps domain when none is given and
/// reports the Route admitted, at once.
enum RouteAdmission {
    /// The wildcard domain of a cluster's routes.
    static func appsDomain(_ clusterName: String) -> String { "apps.\(clusterName).skopos.test" }

    static func admit(_ route: inout JSONValue, clusterName: String) {
        let name = route[path: ["metadata", "name"]]?.stringValue ?? ""
        let namespace = route[path: ["metadata", "namespace"]]?.stringValue ?? ""
        var host = route[path: ["spec", "host"]]?.stringValue ?? ""
        if host.isEmpty {
            host = "\(name)-\(namespace).\(appsDomain(clusterName))"
            route[path: ["spec", "host"]] = .string(host)
        }
        if route[path: ["spec", "wildcardPolicy"]] == nil { route[path: ["spec", "wildcardPolicy"]] = "None" }
        if route[path: ["spec", "to", "weight"]] == nil, route[path: ["spec", "to"]] != nil { route[path: ["spec", "to", "weight"]] = 100 }
        route["status"] = [
            "ingress": [
                [
                    "host": .string(host), "routerName": "default", "wildcardPolicy": "None",
                    "routerCanonicalHostname": .string("router-default.\(appsDomain(clusterName))"),
                    "conditions": [["type": "Admitted", "status": "True", "lastTransitionTime": .string(Timestamp.now())]],
                ]
            ]
        ]
    }
}
