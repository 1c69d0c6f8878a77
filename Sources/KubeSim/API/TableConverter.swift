import Foundation
import KubeTypes
import SkoposModel

/// Server-side printing: turns objects into a `meta.k8s.io/v1 Table`, which is what `kubectl get` asks for.
enum TableConverter {
    /// Whether an `Accept` header asks for a Table.
    static func wantsTable(_ accept: String) -> Bool {
        accept.contains("as=Table")
    }

    /// The column definitions of a kind: Name, the kind's columns, Age (CRDs: their own columns, Age if none).
    static func columns(for type: ResourceType) -> [PrinterColumn] {
        var cols = [PrinterColumn(name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.")]
        if type.isCustom {
            cols += type.printerColumns
            if type.printerColumns.isEmpty {
                cols.append(PrinterColumn(name: "Age", type: "date", description: "Creation time", jsonPath: ".metadata.creationTimestamp"))
            }
            return cols
        }
        let main = type.printerColumns.filter { $0.priority == 0 }
        let wide = type.printerColumns.filter { $0.priority > 0 }
        cols += main
        if type.kind != "CustomResourceDefinition" {
            cols.append(PrinterColumn(name: "Age", type: "string", description: "Time since creation"))
        }
        return cols + wide
    }

    /// A Table for the given objects.
    /// - Parameter includeObject: `None`, `Metadata` (default) or `Object`, as the `includeObject` parameter says.
    static func table(type: ResourceType, objects: [JSONValue], includeObject: String, listMetadata: JSONValue) -> JSONValue {
        let cols = columns(for: type)
        let now = Date()
        let rows: [JSONValue] = objects.map { object in
            var row: [String: JSONValue] = ["cells": .array(cols.map { cell($0, type: type, object: object, now: now) })]
            switch includeObject {
            case "None": break
            case "Object": row["object"] = object
            default:
                row["object"] = [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                    "metadata": object["metadata"] ?? [:],
                ]
            }
            return .object(row)
        }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": listMetadata,
            "columnDefinitions": .array(
                cols.map {
                    [
                        "name": .string($0.name), "type": .string($0.type), "format": .string($0.format),
                        "description": .string($0.description), "priority": .int($0.priority),
                    ]
                }
            ),
            "rows": .array(rows),
        ]
    }

    static func age(_ object: JSONValue, now: Date) -> String {
        guard let ts = object[path: ["metadata", "creationTimestamp"]]?.stringValue, let date = Timestamp.parse(ts) else {
            return "<unknown>"
        }
        return Timestamp.humanDuration(now.timeIntervalSince(date))
    }

    static func cell(_ column: PrinterColumn, type: ResourceType, object: JSONValue, now: Date) -> JSONValue {
        if column.name == "Name" && column.format == "name" {
            return object[path: ["metadata", "name"]] ?? ""
        }
        if !column.jsonPath.isEmpty {
            let values = SimpleJSONPath.evaluate(column.jsonPath, in: object)
            if column.type == "date" {
                guard let s = values.first?.stringValue, let date = Timestamp.parse(s) else { return "<unknown>" }
                return .string(Timestamp.humanDuration(now.timeIntervalSince(date)))
            }
            if values.isEmpty { return .null }
            if values.count == 1 {
                if column.type == "integer", let i = values[0].intValue { return .int(i) }
                if column.type == "boolean", let b = values[0].boolValue { return .bool(b) }
                return .string(SimpleJSONPath.render(values[0]))
            }
            return .string(values.map(SimpleJSONPath.render).joined(separator: ","))
        }
        if column.name == "Age" { return .string(age(object, now: now)) }
        return builtinCell(column.name, kind: type.kind, object: object)
    }

    static func int(_ v: JSONValue?) -> Int { v?.intValue ?? 0 }

    /// Cells computed like the real server's printers for built-in kinds.
    static func builtinCell(_ name: String, kind: String, object o: JSONValue) -> JSONValue {
        switch (kind, name) {
        case ("Namespace", "Status"), ("Node", "Status"):
            return o[path: ["status", "phase"]] ?? (kind == "Node" ? "Ready" : "Active")
        case ("Pod", "Ready"):
            let total = o[path: ["spec", "containers"]]?.arrayValue?.count ?? 0
            let ready = (o[path: ["status", "containerStatuses"]]?.arrayValue ?? []).filter { $0["ready"]?.boolValue == true }.count
            return .string("\(ready)/\(total)")
        case ("Pod", "Status"):
            if o[path: ["metadata", "deletionTimestamp"]] != nil { return "Terminating" }
            for cs in o[path: ["status", "containerStatuses"]]?.arrayValue ?? [] {
                if let reason = cs[path: ["state", "waiting", "reason"]]?.stringValue { return .string(reason) }
            }
            return o[path: ["status", "phase"]] ?? "Pending"
        case ("Pod", "Restarts"):
            let restarts = (o[path: ["status", "containerStatuses"]]?.arrayValue ?? []).reduce(0) { $0 + int($1["restartCount"]) }
            return .int(restarts)
        case ("Pod", "IP"): return o[path: ["status", "podIP"]] ?? "<none>"
        case ("Pod", "Node"): return o[path: ["spec", "nodeName"]] ?? "<none>"
        case ("Service", "Type"): return o[path: ["spec", "type"]] ?? "ClusterIP"
        case ("Service", "Cluster-IP"): return o[path: ["spec", "clusterIP"]] ?? "<none>"
        case ("Service", "External-IP"):
            let ips = (o[path: ["status", "loadBalancer", "ingress"]]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }
            if !ips.isEmpty { return .string(ips.joined(separator: ",")) }
            if o[path: ["spec", "type"]]?.stringValue == "LoadBalancer" { return "<pending>" }
            return "<none>"
        case ("Service", "Port(s)"):
            let ports = (o[path: ["spec", "ports"]]?.arrayValue ?? []).map { p -> String in
                var s = String(int(p["port"]))
                if let np = p["nodePort"]?.intValue { s += ":\(np)" }
                return s + "/" + (p["protocol"]?.stringValue ?? "TCP")
            }
            return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
        case ("Service", "Selector"):
            let sel = o[path: ["spec", "selector"]]?.objectValue ?? [:]
            return .string(sel.isEmpty ? "<none>" : sel.keys.sorted().map { "\($0)=\(sel[$0]?.stringValue ?? "")" }.joined(separator: ","))
        case ("Endpoints", "Endpoints"):
            var eps: [String] = []
            for subset in o["subsets"]?.arrayValue ?? [] {
                for a in subset["addresses"]?.arrayValue ?? [] {
                    for p in subset["ports"]?.arrayValue ?? [[:]] {
                        let ip = a["ip"]?.stringValue ?? ""
                        eps.append(p["port"] == nil ? ip : "\(ip):\(int(p["port"]))")
                    }
                }
            }
            if eps.isEmpty { return "<none>" }
            return .string(eps.count > 3 ? eps.prefix(3).joined(separator: ",") + " + \(eps.count - 3) more..." : eps.joined(separator: ","))
        case ("ConfigMap", "Data"):
            return .int((o["data"]?.objectValue?.count ?? 0) + (o["binaryData"]?.objectValue?.count ?? 0))
        case ("Secret", "Type"): return o["type"] ?? "Opaque"
        case ("Secret", "Data"): return .int(o["data"]?.objectValue?.count ?? 0)
        case ("ServiceAccount", "Secrets"): return .int(o["secrets"]?.arrayValue?.count ?? 0)
        case ("Deployment", "Ready"), ("StatefulSet", "Ready"):
            return .string("\(int(o[path: ["status", "readyReplicas"]]))/\(int(o[path: ["spec", "replicas"]]))")
        case ("Deployment", "Up-to-date"): return .int(int(o[path: ["status", "updatedReplicas"]]))
        case ("Deployment", "Available"): return .int(int(o[path: ["status", "availableReplicas"]]))
        case ("ReplicaSet", "Desired"): return .int(int(o[path: ["spec", "replicas"]]))
        case ("ReplicaSet", "Current"): return .int(int(o[path: ["status", "replicas"]]))
        case ("ReplicaSet", "Ready"): return .int(int(o[path: ["status", "readyReplicas"]]))
        case ("DaemonSet", "Desired"): return .int(int(o[path: ["status", "desiredNumberScheduled"]]))
        case ("DaemonSet", "Current"): return .int(int(o[path: ["status", "currentNumberScheduled"]]))
        case ("DaemonSet", "Ready"): return .int(int(o[path: ["status", "numberReady"]]))
        case ("RoleBinding", "Role"), ("ClusterRoleBinding", "Role"):
            return .string("\(o[path: ["roleRef", "kind"]]?.stringValue ?? "")/\(o[path: ["roleRef", "name"]]?.stringValue ?? "")")
        case ("CustomResourceDefinition", "Created At"):
            return o[path: ["metadata", "creationTimestamp"]] ?? ""
        case ("Route", "Host/Port"):
            return o[path: ["status", "ingress"]]?.arrayValue?.first?["host"] ?? o[path: ["spec", "host"]] ?? ""
        case ("Route", "Path"): return o[path: ["spec", "path"]] ?? ""
        case ("Route", "Services"): return o[path: ["spec", "to", "name"]] ?? ""
        case ("Route", "Port"):
            return .string(o[path: ["spec", "port", "targetPort"]].map(SimpleJSONPath.render) ?? "<all>")
        case ("Route", "Termination"):
            guard let t = o[path: ["spec", "tls", "termination"]]?.stringValue else { return "" }
            if let p = o[path: ["spec", "tls", "insecureEdgeTerminationPolicy"]]?.stringValue { return .string("\(t)/\(p)") }
            return .string(t)
        case ("Route", "Wildcard"): return o[path: ["spec", "wildcardPolicy"]] ?? "None"
        default: return ""
        }
    }
}
