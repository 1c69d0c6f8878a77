import KubeTypes
import SkoposModel

/// The objects a fresh cluster starts with: system namespaces, bootstrap RBAC, a node, the `kubernetes` Service,
/// the preloaded CRDs and, on OpenShift, its cluster-scoped configuration and the OAuth users.
enum Bootstrap {
    struct Item {
        var resource: GroupResource
        var object: JSONValue
    }

    static func ns(_ name: String) -> Item {
        Item(resource: GroupResource.namespaces, object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
    }

    static func clusterRole(_ name: String, _ rules: [JSONValue]) -> Item {
        Item(
            resource: GroupResource(group: "rbac.authorization.k8s.io", resource: "clusterroles"),
            object: [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": ["name": .string(name), "labels": ["kubernetes.io/bootstrapping": "rbac-defaults"]],
                "rules": .array(rules),
            ]
        )
    }

    static func clusterRoleBinding(_ name: String, role: String, subjects: [JSONValue]) -> Item {
        Item(
            resource: GroupResource(group: "rbac.authorization.k8s.io", resource: "clusterrolebindings"),
            object: [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": ["name": .string(name), "labels": ["kubernetes.io/bootstrapping": "rbac-defaults"]],
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(role)],
                "subjects": .array(subjects),
            ]
        )
    }

    static func group(_ name: String) -> JSONValue { ["kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": .string(name)] }
    static func user(_ name: String) -> JSONValue { ["kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": .string(name)] }

    static func rule(_ groups: [String], _ resources: [String], _ verbs: [String], names: [String] = []) -> JSONValue {
        var r: [String: JSONValue] = [
            "apiGroups": .array(groups.map { .string($0) }), "resources": .array(resources.map { .string($0) }),
            "verbs": .array(verbs.map { .string($0) }),
        ]
        if !names.isEmpty { r["resourceNames"] = .array(names.map { .string($0) }) }
        return .object(r)
    }

    static let read = ["get", "list", "watch"]
    static let write = ["create", "delete", "deletecollection", "patch", "update"]

    /// The read rules of the `view` role (no Secrets, as upstream).
    static let viewRules: [JSONValue] = [
        rule(
            [""],
            [
                "pods", "pods/log", "pods/status", "services", "services/status", "endpoints", "configmaps", "serviceaccounts",
                "events", "namespaces", "namespaces/status", "replicationcontrollers", "persistentvolumeclaims", "limitranges",
                "resourcequotas",
            ], read
        ),
        rule(["apps"], ["deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/status", "statefulsets", "statefulsets/status", "daemonsets", "daemonsets/status", "controllerrevisions"], read),
        rule(["batch"], ["jobs", "cronjobs"], read),
        rule(["discovery.k8s.io"], ["endpointslices"], read),
        rule(["networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io", "gateway.networking.k8s.io"], ["*"], read),
        rule(["route.openshift.io"], ["routes", "routes/status"], read),
    ]

    static func items(clusterName: String, flavor: ClusterFlavor, users: [SimUser], clusterAdmins: [String]) -> [Item] {
        var items: [Item] = ["default", "kube-system", "kube-public", "kube-node-lease"].map(ns)
        if flavor == .openshift {
            items += ["openshift", "openshift-config", "openshift-authentication"].map(ns)
        }
        items += [
            clusterRole("cluster-admin", [rule(["*"], ["*"], ["*"]), ["nonResourceURLs": ["*"], "verbs": ["*"]]]),
            clusterRole("admin", [rule(["*"], ["*"], read + write)]),
            clusterRole("edit", viewRules.map { r in var r = r; r["verbs"] = .array((read + write).map { .string($0) }); return r }),
            clusterRole("view", viewRules),
            clusterRole(
                "system:discovery",
                [["nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/", "/healthz", "/livez", "/readyz", "/.well-known/*"], "verbs": ["get"]]]
            ),
            clusterRole("system:public-info-viewer", [["nonResourceURLs": ["/healthz", "/livez", "/readyz", "/version", "/version/", "/.well-known/*"], "verbs": ["get"]]]),
            clusterRole(
                "system:basic-user",
                [
                    rule(["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], ["create"]),
                    rule(["authentication.k8s.io"], ["selfsubjectreviews"], ["create"]),
                    rule(["user.openshift.io"], ["users"], ["get"], names: ["~"]),
                    rule(["project.openshift.io"], ["projects"], ["list", "watch"]),
                ]
            ),
            clusterRole("system:auth-delegator", [rule(["authentication.k8s.io"], ["tokenreviews"], ["create"]), rule(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"])]),
            clusterRoleBinding("cluster-admin", role: "cluster-admin", subjects: [group("system:masters")]),
            clusterRoleBinding("system:discovery", role: "system:discovery", subjects: [group("system:authenticated")]),
            clusterRoleBinding("system:public-info-viewer", role: "system:public-info-viewer", subjects: [group("system:authenticated"), group("system:unauthenticated")]),
            clusterRoleBinding("system:basic-user", role: "system:basic-user", subjects: [group("system:authenticated")]),
            clusterRoleBinding("cluster-admins", role: "cluster-admin", subjects: [group("system:cluster-admins"), group("cluster-admins")]),
        ]
        for admin in clusterAdmins {
            items.append(clusterRoleBinding("skopos-sim-cluster-admin-\(admin)", role: "cluster-admin", subjects: [user(admin)]))
        }
        items.append(
            Item(
                resource: GroupResource(group: "", resource: "nodes"),
                object: [
                    "apiVersion": "v1", "kind": "Node",
                    "metadata": ["name": .string("\(clusterName)-node-1"), "labels": ["kubernetes.io/hostname": .string("\(clusterName)-node-1"), "topology.kubernetes.io/region": .string(clusterName)]],
                    "status": [
                        "phase": "Ready",
                        "conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady"]],
                        "addresses": [["type": "InternalIP", "address": "10.0.0.10"]],
                        "nodeInfo": ["kubeletVersion": .string(SimVersion.gitVersion), "containerRuntimeVersion": "cri-o://1.32.0"],
                    ],
                ]
            )
        )
        items.append(
            Item(
                resource: GroupResource.services,
                object: [
                    "apiVersion": "v1", "kind": "Service",
                    "metadata": ["name": "kubernetes", "namespace": "default", "labels": ["component": "apiserver", "provider": "kubernetes"]],
                    "spec": ["clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "type": "ClusterIP", "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443]]],
                ]
            )
        )
        for crd in PreloadedCRDs.all {
            items.append(Item(resource: GroupResource.customResourceDefinitions, object: crd))
        }
        if flavor == .openshift {
            items.append(
                Item(
                    resource: GroupResource(group: "config.openshift.io", resource: "clusterversions"),
                    object: [
                        "apiVersion": "config.openshift.io/v1", "kind": "ClusterVersion", "metadata": ["name": "version"],
                        "spec": ["channel": "stable-4.18", "clusterID": .string(clusterName)],
                        "status": ["desired": ["version": "4.18.0"], "history": [["state": "Completed", "version": "4.18.0"]]],
                    ]
                )
            )
            items.append(
                Item(
                    resource: GroupResource(group: "config.openshift.io", resource: "oauths"),
                    object: ["apiVersion": "config.openshift.io/v1", "kind": "OAuth", "metadata": ["name": "cluster"], "spec": ["identityProviders": [["name": "skopos-sim", "type": "HTPasswd"]]]]
                )
            )
            // The cluster's API server TLS settings, with OpenShift's default profile (consoles with
            // `tls_config.source: auto` read it).
            items.append(
                Item(
                    resource: GroupResource(group: "config.openshift.io", resource: "apiservers"),
                    object: [
                        "apiVersion": "config.openshift.io/v1", "kind": "APIServer", "metadata": ["name": "cluster"],
                        "spec": ["audit": ["profile": "Default"], "tlsSecurityProfile": ["type": "Intermediate", "intermediate": [:]]],
                    ]
                )
            )
            var groups: [String: [String]] = [:]
            for u in users {
                items.append(
                    Item(
                        resource: GroupResource(group: "user.openshift.io", resource: "users"),
                        object: ["apiVersion": "user.openshift.io/v1", "kind": "User", "metadata": ["name": .string(u.name)], "fullName": .string(u.name), "identities": [.string("skopos-sim:\(u.name)")], "groups": []]
                    )
                )
                for g in u.groups { groups[g, default: []].append(u.name) }
            }
            for (g, members) in groups.sorted(by: { $0.key < $1.key }) {
                items.append(
                    Item(
                        resource: GroupResource(group: "user.openshift.io", resource: "groups"),
                        object: ["apiVersion": "user.openshift.io/v1", "kind": "Group", "metadata": ["name": .string(g)], "users": .array(members.map { .string($0) })]
                    )
                )
            }
        }
        return items
    }
}

/// The Kubernetes version the simulator reports.
enum SimVersion {
    static let major = "1"
    static let minor = "32"
    static let gitVersion = "v1.32.0-skopos-sim"
}
