import KubeTypes

/// The kinds every simulated cluster serves without a CRD, and the OpenShift ones for `--flavor openshift`.
///
/// Kinds the console reads take their group, version, resource, kind and scope from KubeTypes' kind catalogue
/// (`Kind.pods.resource`), so the simulator and the console cannot disagree about them.
enum BuiltinResources {
    /// Kubernetes' own kinds.
    static let kubernetes: [ResourceType] = [
        ResourceType(
            Kind.namespaces.resource, shortNames: ["ns"],
            verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], subresources: ["status", "finalize"],
            printerColumns: [PrinterColumn(name: "Status", type: "string", description: "The phase of the namespace")]
        ),
        ResourceType(
            Kind.pods.resource, shortNames: ["po"], categories: ["all"], subresources: ["status", "log", "exec", "portforward", "proxy"],
            printerColumns: [
                PrinterColumn(name: "Ready", type: "string", description: "The number of ready containers"),
                PrinterColumn(name: "Status", type: "string", description: "The aggregate status of the containers"),
                PrinterColumn(name: "Restarts", type: "string", description: "The number of times the containers restarted"),
                PrinterColumn(name: "IP", type: "string", description: "The IP address of the pod", priority: 1),
                PrinterColumn(name: "Node", type: "string", description: "The node the pod runs on", priority: 1),
            ]
        ),
        ResourceType(
            Kind.services.resource, shortNames: ["svc"], categories: ["all"],
            verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], subresources: ["status", "proxy"],
            printerColumns: [
                PrinterColumn(name: "Type", type: "string", description: "The type of the service"),
                PrinterColumn(name: "Cluster-IP", type: "string", description: "The cluster IP"),
                PrinterColumn(name: "External-IP", type: "string", description: "External IPs"),
                PrinterColumn(name: "Port(s)", type: "string", description: "The ports of the service"),
                PrinterColumn(name: "Selector", type: "string", description: "The pod selector", priority: 1),
            ]
        ),
        ResourceType(
            Kind.endpoints.resource, shortNames: ["ep"],
            printerColumns: [PrinterColumn(name: "Endpoints", type: "string", description: "The endpoint addresses")]
        ),
        ResourceType(
            Kind.configMaps.resource, shortNames: ["cm"],
            printerColumns: [PrinterColumn(name: "Data", type: "integer", description: "The number of keys")]
        ),
        ResourceType(
            group: "", versions: ["v1"], storageVersion: "v1", kind: "Secret", plural: "secrets", singular: "secret",
            namespaced: true,
            printerColumns: [
                PrinterColumn(name: "Type", type: "string", description: "The type of the secret"),
                PrinterColumn(name: "Data", type: "integer", description: "The number of keys"),
            ]
        ),
        ResourceType(
            group: "", versions: ["v1"], storageVersion: "v1", kind: "ServiceAccount", plural: "serviceaccounts",
            singular: "serviceaccount", namespaced: true, shortNames: ["sa"], subresources: ["token"],
            printerColumns: [PrinterColumn(name: "Secrets", type: "integer", description: "The number of secrets")]
        ),
        ResourceType(
            group: "", versions: ["v1"], storageVersion: "v1", kind: "Event", plural: "events", singular: "event",
            namespaced: true, shortNames: ["ev"]
        ),
        ResourceType(
            group: "", versions: ["v1"], storageVersion: "v1", kind: "Node", plural: "nodes", singular: "node",
            namespaced: false, shortNames: ["no"], subresources: ["status"],
            printerColumns: [PrinterColumn(name: "Status", type: "string", description: "The node's readiness")]
        ),
        ResourceType(
            Kind.deployments.resource, shortNames: ["deploy"], categories: ["all"], subresources: ["status", "scale"],
            printerColumns: [
                PrinterColumn(name: "Ready", type: "string", description: "Ready replicas of desired replicas"),
                PrinterColumn(name: "Up-to-date", type: "integer", description: "Replicas of the current template"),
                PrinterColumn(name: "Available", type: "integer", description: "Available replicas"),
            ]
        ),
        ResourceType(
            Kind.replicaSets.resource, shortNames: ["rs"], categories: ["all"], subresources: ["status", "scale"],
            printerColumns: [
                PrinterColumn(name: "Desired", type: "integer", description: "Desired replicas"),
                PrinterColumn(name: "Current", type: "integer", description: "Current replicas"),
                PrinterColumn(name: "Ready", type: "integer", description: "Ready replicas"),
            ]
        ),
        ResourceType(
            Kind.statefulSets.resource, shortNames: ["sts"], categories: ["all"], subresources: ["status", "scale"],
            printerColumns: [PrinterColumn(name: "Ready", type: "string", description: "Ready replicas of desired replicas")]
        ),
        ResourceType(
            Kind.daemonSets.resource, shortNames: ["ds"], categories: ["all"], subresources: ["status"],
            printerColumns: [
                PrinterColumn(name: "Desired", type: "integer", description: "Desired pods"),
                PrinterColumn(name: "Current", type: "integer", description: "Current pods"),
                PrinterColumn(name: "Ready", type: "integer", description: "Ready pods"),
            ]
        ),
        ResourceType(
            group: "apps", versions: ["v1"], storageVersion: "v1", kind: "ControllerRevision", plural: "controllerrevisions",
            singular: "controllerrevision", namespaced: true
        ),
        ResourceType(
            group: "batch", versions: ["v1"], storageVersion: "v1", kind: "Job", plural: "jobs", singular: "job",
            namespaced: true, categories: ["all"], subresources: ["status"]
        ),
        ResourceType(
            group: "batch", versions: ["v1"], storageVersion: "v1", kind: "CronJob", plural: "cronjobs", singular: "cronjob",
            namespaced: true, shortNames: ["cj"], categories: ["all"], subresources: ["status"]
        ),
        ResourceType(
            group: "discovery.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "EndpointSlice", plural: "endpointslices",
            singular: "endpointslice", namespaced: true
        ),
        ResourceType(
            group: "rbac.authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "Role", plural: "roles",
            singular: "role", namespaced: true
        ),
        ResourceType(
            group: "rbac.authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "ClusterRole",
            plural: "clusterroles", singular: "clusterrole", namespaced: false
        ),
        ResourceType(
            group: "rbac.authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "RoleBinding",
            plural: "rolebindings", singular: "rolebinding", namespaced: true,
            printerColumns: [PrinterColumn(name: "Role", type: "string", description: "The role bound")]
        ),
        ResourceType(
            group: "rbac.authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "ClusterRoleBinding",
            plural: "clusterrolebindings", singular: "clusterrolebinding", namespaced: false,
            printerColumns: [PrinterColumn(name: "Role", type: "string", description: "The role bound")]
        ),
        ResourceType(
            group: "apiextensions.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "CustomResourceDefinition",
            plural: "customresourcedefinitions", singular: "customresourcedefinition", namespaced: false,
            shortNames: ["crd", "crds"], categories: ["api-extensions"], subresources: ["status"],
            printerColumns: [PrinterColumn(name: "Created At", type: "date", description: "Creation time")]
        ),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "SelfSubjectAccessReview",
            plural: "selfsubjectaccessreviews", singular: "selfsubjectaccessreview", namespaced: false, verbs: ["create"]
        ),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "SelfSubjectRulesReview",
            plural: "selfsubjectrulesreviews", singular: "selfsubjectrulesreview", namespaced: false, verbs: ["create"]
        ),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "SubjectAccessReview",
            plural: "subjectaccessreviews", singular: "subjectaccessreview", namespaced: false, verbs: ["create"]
        ),
        ResourceType(
            group: "authorization.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "LocalSubjectAccessReview",
            plural: "localsubjectaccessreviews", singular: "localsubjectaccessreview", namespaced: true, verbs: ["create"]
        ),
        ResourceType(
            group: "authentication.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "TokenReview",
            plural: "tokenreviews", singular: "tokenreview", namespaced: false, verbs: ["create"]
        ),
        ResourceType(
            group: "authentication.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "SelfSubjectReview",
            plural: "selfsubjectreviews", singular: "selfsubjectreview", namespaced: false, verbs: ["create"]
        ),
        ResourceType(
            group: "coordination.k8s.io", versions: ["v1"], storageVersion: "v1", kind: "Lease", plural: "leases",
            singular: "lease", namespaced: true
        ),
    ]

    /// OpenShift's kinds (`--flavor openshift`). Route, OAuthClient and User are served for real; the others let
    /// clients detect OpenShift through discovery.
    static let openshift: [ResourceType] = [
        ResourceType(
            group: "route.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "Route", plural: "routes",
            singular: "route", namespaced: true, categories: ["all"], subresources: ["status"],
            printerColumns: [
                PrinterColumn(name: "Host/Port", type: "string", description: "The host of the route"),
                PrinterColumn(name: "Path", type: "string", description: "The path of the route"),
                PrinterColumn(name: "Services", type: "string", description: "The services the route points to"),
                PrinterColumn(name: "Port", type: "string", description: "The target port"),
                PrinterColumn(name: "Termination", type: "string", description: "TLS termination"),
                PrinterColumn(name: "Wildcard", type: "string", description: "The wildcard policy"),
            ]
        ),
        ResourceType(
            group: "oauth.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "OAuthClient", plural: "oauthclients",
            singular: "oauthclient", namespaced: false
        ),
        ResourceType(
            group: "oauth.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "OAuthAccessToken",
            plural: "oauthaccesstokens", singular: "oauthaccesstoken", namespaced: false,
            verbs: ["delete", "get", "list", "watch"]
        ),
        ResourceType(
            group: "user.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "User", plural: "users", singular: "user",
            namespaced: false
        ),
        ResourceType(
            group: "user.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "Group", plural: "groups", singular: "group",
            namespaced: false
        ),
        ResourceType(
            group: "project.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "Project", plural: "projects",
            singular: "project", namespaced: false, verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]
        ),
        ResourceType(
            group: "config.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "ClusterVersion",
            plural: "clusterversions", singular: "clusterversion", namespaced: false, subresources: ["status"]
        ),
        ResourceType(
            group: "config.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "OAuth", plural: "oauths",
            singular: "oauth", namespaced: false, subresources: ["status"]
        ),
        ResourceType(
            group: "config.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "APIServer", plural: "apiservers",
            singular: "apiserver", namespaced: false, subresources: ["status"]
        ),
        ResourceType(
            group: "operator.openshift.io", versions: ["v1"], storageVersion: "v1", kind: "Console", plural: "consoles",
            singular: "console", namespaced: false, subresources: ["status"]
        ),
    ]
}
