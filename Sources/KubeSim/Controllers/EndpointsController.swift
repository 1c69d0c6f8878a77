import KubeTypes
import SkoposModel

/// The endpoints controller: one Endpoints object per Service with a selector, listing its ready pods.
struct EndpointsController: Sendable {
    let storage: ClusterStorage

    /// Brings the Endpoints of every Service in a namespace up to date.
    func reconcile(_ namespace: String) {
        let pods = storage.list(.pods, namespace: namespace).items.filter { PodController.isReady($0) && $0.object[path: ["metadata", "deletionTimestamp"]] == nil }
        for service in storage.list(.services, namespace: namespace).items {
            guard let selector = service.object[path: ["spec", "selector"]]?.objectValue?.compactMapValues(\.stringValue), !selector.isEmpty else { continue }
            let matching = pods.filter { pod in selector.allSatisfy { pod.labels[$0.key] == $0.value } }
            let addresses: [JSONValue] = matching.map { pod in
                [
                    "ip": pod.object[path: ["status", "podIP"]] ?? "", "nodeName": pod.object[path: ["spec", "nodeName"]] ?? "",
                    "targetRef": ["kind": "Pod", "name": .string(pod.key.name), "namespace": .string(namespace), "uid": .string(pod.uid)],
                ]
            }
            let ports: [JSONValue] = (service.object[path: ["spec", "ports"]]?.arrayValue ?? []).map { p in
                var port: [String: JSONValue] = ["port": .int(Self.resolveTargetPort(p, pods: matching)), "protocol": p["protocol"] ?? "TCP"]
                if let name = p["name"] { port["name"] = name }
                if let ap = p["appProtocol"] { port["appProtocol"] = ap }
                return .object(port)
            }
            let subsets: JSONValue = addresses.isEmpty ? [] : [["addresses": .array(addresses), "ports": .array(ports)]]
            let labels = service.object[path: ["metadata", "labels"]] ?? [:]
            _ = try? storage.modify(.endpoints, service.key) { current in
                if var e = current?.object {
                    if e["subsets"] == subsets || (e["subsets"] == nil && subsets == []) { return .none }
                    e["subsets"] = subsets
                    return .put(e)
                }
                return .put(["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": .string(service.key.name), "namespace": .string(namespace), "labels": labels], "subsets": subsets])
            }
        }
    }

    /// The port a Service port reaches on its pods: a numeric `targetPort`, a named one looked up in the pods'
    /// containers, or the Service port itself.
    static func resolveTargetPort(_ servicePort: JSONValue, pods: [StoredObject]) -> Int {
        if let n = servicePort["targetPort"]?.intValue { return n }
        if let name = servicePort["targetPort"]?.stringValue {
            for pod in pods {
                for c in pod.object[path: ["spec", "containers"]]?.arrayValue ?? [] {
                    for p in c["ports"]?.arrayValue ?? [] where p["name"]?.stringValue == name {
                        if let n = p["containerPort"]?.intValue { return n }
                    }
                }
            }
        }
        return servicePort["port"]?.intValue ?? 0
    }
}
