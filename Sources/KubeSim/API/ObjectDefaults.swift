import Foundation
import KubeTypes
import SkoposModel

/// Defaulting the real API server applies on create, per kind. Pure functions over `JSONValue`.
enum ObjectDefaults {
    /// Applies the defaults of `type` to a new object.
    /// - Parameter clusterIPs: allocator for Service cluster IPs.
    static func applyOnCreate(_ type: ResourceType, _ object: inout JSONValue, allocateClusterIP: () -> String) {
        switch (type.group, type.kind) {
        case ("", "Namespace"):
            if object[path: ["spec", "finalizers"]] == nil { object[path: ["spec", "finalizers"]] = ["kubernetes"] }
            object[path: ["status", "phase"]] = "Active"
            var labels = object[path: ["metadata", "labels"]]?.objectValue ?? [:]
            if let name = object[path: ["metadata", "name"]] { labels["kubernetes.io/metadata.name"] = name }
            object[path: ["metadata", "labels"]] = .object(labels)
        case ("", "Service"):
            if object[path: ["spec", "type"]] == nil { object[path: ["spec", "type"]] = "ClusterIP" }
            if object[path: ["spec", "sessionAffinity"]] == nil { object[path: ["spec", "sessionAffinity"]] = "None" }
            if object[path: ["spec", "type"]]?.stringValue != "ExternalName" {
                if object[path: ["spec", "clusterIP"]] == nil {
                    let ip = allocateClusterIP()
                    object[path: ["spec", "clusterIP"]] = .string(ip)
                    object[path: ["spec", "clusterIPs"]] = [.string(ip)]
                }
                if object[path: ["spec", "ipFamilies"]] == nil { object[path: ["spec", "ipFamilies"]] = ["IPv4"] }
                if object[path: ["spec", "ipFamilyPolicy"]] == nil { object[path: ["spec", "ipFamilyPolicy"]] = "SingleStack" }
                if object[path: ["spec", "internalTrafficPolicy"]] == nil { object[path: ["spec", "internalTrafficPolicy"]] = "Cluster" }
            }
            if let ports = object[path: ["spec", "ports"]]?.arrayValue {
                object[path: ["spec", "ports"]] = .array(
                    ports.map { p in
                        var p = p
                        if p["protocol"] == nil { p["protocol"] = "TCP" }
                        if p["targetPort"] == nil, let port = p["port"] { p["targetPort"] = port }
                        return p
                    }
                )
            }
            if object["status"] == nil { object["status"] = ["loadBalancer": [:]] }
        case ("", "Secret"):
            if (object["type"]?.stringValue ?? "").isEmpty { object["type"] = "Opaque" }
        case ("", "Pod"):
            if var spec = object["spec"] {
                defaultPodSpec(&spec)
                object["spec"] = spec
            }
            if object[path: ["status", "phase"]] == nil { object[path: ["status", "phase"]] = "Pending" }
        case ("apps", "Deployment"):
            if object[path: ["spec", "replicas"]] == nil { object[path: ["spec", "replicas"]] = 1 }
            if object[path: ["spec", "revisionHistoryLimit"]] == nil { object[path: ["spec", "revisionHistoryLimit"]] = 10 }
            if object[path: ["spec", "progressDeadlineSeconds"]] == nil { object[path: ["spec", "progressDeadlineSeconds"]] = 600 }
            if object[path: ["spec", "strategy"]] == nil {
                object[path: ["spec", "strategy"]] = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]]
            }
            defaultTemplate(&object)
        case ("apps", "ReplicaSet"), ("apps", "StatefulSet"):
            if object[path: ["spec", "replicas"]] == nil { object[path: ["spec", "replicas"]] = 1 }
            defaultTemplate(&object)
        case ("apps", "DaemonSet"):
            defaultTemplate(&object)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            establishCRD(&object)
        default:
            break
        }
    }

    /// A Secret's `stringData` written into `data` (base64), over keys of the same name, and removed, as the API
    /// server does on every write.
    static func mergeStringData(_ type: ResourceType, _ object: inout JSONValue) {
        guard type.group.isEmpty, type.kind == "Secret", let strings = object["stringData"]?.objectValue else { return }
        var data = object["data"]?.objectValue ?? [:]
        for (key, value) in strings {
            if let text = value.stringValue { data[key] = .string(Data(text.utf8).base64EncodedString()) }
        }
        object["data"] = .object(data)
        if var o = object.objectValue {
            o["stringData"] = nil
            object = .object(o)
        }
    }

    static func defaultTemplate(_ object: inout JSONValue) {
        if var spec = object[path: ["spec", "template", "spec"]] {
            defaultPodSpec(&spec)
            object[path: ["spec", "template", "spec"]] = spec
        }
    }

    /// The pod spec defaults that show up in `kubectl get -o yaml`.
    static func defaultPodSpec(_ spec: inout JSONValue) {
        if spec["restartPolicy"] == nil { spec["restartPolicy"] = "Always" }
        if spec["dnsPolicy"] == nil { spec["dnsPolicy"] = "ClusterFirst" }
        if spec["terminationGracePeriodSeconds"] == nil { spec["terminationGracePeriodSeconds"] = 30 }
        if spec["schedulerName"] == nil { spec["schedulerName"] = "default-scheduler" }
        if spec["securityContext"] == nil { spec["securityContext"] = [:] }
        if let sa = spec["serviceAccountName"], spec["serviceAccount"] == nil { spec["serviceAccount"] = sa }
        if let containers = spec["containers"]?.arrayValue {
            spec["containers"] = .array(
                containers.map { c in
                    var c = c
                    if c["imagePullPolicy"] == nil {
                        let image = c["image"]?.stringValue ?? ""
                        c["imagePullPolicy"] = image.hasSuffix(":latest") || !image.contains(":") ? "Always" : "IfNotPresent"
                    }
                    if c["terminationMessagePath"] == nil { c["terminationMessagePath"] = "/dev/termination-log" }
                    if c["terminationMessagePolicy"] == nil { c["terminationMessagePolicy"] = "File" }
                    if c["resources"] == nil { c["resources"] = [:] }
                    if let ports = c["ports"]?.arrayValue {
                        c["ports"] = .array(
                            ports.map { p in
                                var p = p
                                if p["protocol"] == nil { p["protocol"] = "TCP" }
                                return p
                            }
                        )
                    }
                    return c
                }
            )
        }
    }

    /// Marks a CRD accepted and established at once, as a healthy apiextensions controller does within a second.
    static func establishCRD(_ object: inout JSONValue) {
        let now = JSONValue.string(Timestamp.now())
        var accepted = object[path: ["spec", "names"]] ?? [:]
        if accepted["singular"] == nil, let kind = accepted["kind"]?.stringValue { accepted["singular"] = .string(kind.lowercased()) }
        if accepted["listKind"] == nil, let kind = accepted["kind"]?.stringValue { accepted["listKind"] = .string(kind + "List") }
        object[path: ["spec", "names"]] = accepted
        let stored = (object[path: ["spec", "versions"]]?.arrayValue ?? []).filter { $0["storage"]?.boolValue == true }.compactMap {
            $0["name"]
        }
        object["status"] = [
            "acceptedNames": accepted,
            "storedVersions": .array(stored),
            "conditions": [
                [
                    "type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
                    "message": "no conflicts found", "lastTransitionTime": now,
                ],
                [
                    "type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                    "message": "the initial names have been accepted", "lastTransitionTime": now,
                ],
            ],
        ]
        if object[path: ["spec", "conversion"]] == nil { object[path: ["spec", "conversion"]] = ["strategy": "None"] }
    }
}
