import KubeTypes
import SkoposModel

/// Istio's sidecar injector, as a mutation on Pod create: when the namespace is labelled `istio-injection=enabled`
/// (or `istio.io/rev`), or the pod asks with `sidecar.istio.io/inject: "true"`, the pod gets the `istio-proxy`
/// container, the CNI validation init container and the labels and annotations Istio adds.
enum SidecarInjection {
    static let proxyImage = "docker.io/istio/proxyv2:1.24.0"

    static func shouldInject(pod: JSONValue, namespace: JSONValue?) -> Bool {
        let podLabels = pod[path: ["metadata", "labels"]]?.objectValue ?? [:]
        let podAnnotations = pod[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        let podSays = podLabels["sidecar.istio.io/inject"]?.stringValue ?? podAnnotations["sidecar.istio.io/inject"]?.stringValue
        if podSays == "false" { return false }
        if podSays == "true" { return true }
        let nsLabels = namespace?[path: ["metadata", "labels"]]?.objectValue ?? [:]
        if nsLabels["istio-injection"]?.stringValue == "disabled" { return false }
        return nsLabels["istio-injection"]?.stringValue == "enabled" || nsLabels["istio.io/rev"] != nil
    }

    static func inject(into pod: inout JSONValue, namespace: JSONValue?, cluster: String) {
        guard shouldInject(pod: pod, namespace: namespace) else { return }
        var containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
        if containers.contains(where: { $0["name"]?.stringValue == "istio-proxy" }) { return }
        let labels = pod[path: ["metadata", "labels"]]?.objectValue ?? [:]
        let app = labels["app"]?.stringValue ?? labels["app.kubernetes.io/name"]?.stringValue ?? (pod[path: ["metadata", "name"]]?.stringValue ?? "")
        let version = labels["version"]?.stringValue ?? labels["app.kubernetes.io/version"]?.stringValue ?? "latest"
        containers.append([
            "name": "istio-proxy", "image": .string(proxyImage),
            "args": ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
            "ports": [["containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"]],
            "env": [
                ["name": "ISTIO_META_CLUSTER_ID", "value": .string(cluster)],
                ["name": "ISTIO_META_WORKLOAD_NAME", "value": .string(app)],
            ],
            "imagePullPolicy": "IfNotPresent", "resources": [:],
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        ])
        pod[path: ["spec", "containers"]] = .array(containers)
        var initContainers = pod[path: ["spec", "initContainers"]]?.arrayValue ?? []
        initContainers.append(["name": "istio-validation", "image": .string(proxyImage), "args": ["istio-iptables", "--run-validation"]])
        pod[path: ["spec", "initContainers"]] = .array(initContainers)
        var newLabels = labels
        newLabels["security.istio.io/tlsMode"] = "istio"
        newLabels["service.istio.io/canonical-name"] = .string(app)
        newLabels["service.istio.io/canonical-revision"] = .string(version)
        pod[path: ["metadata", "labels"]] = .object(newLabels)
        var annotations = pod[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        annotations["sidecar.istio.io/status"] = .string(
            #"{"initContainers":["istio-validation"],"containers":["istio-proxy"],"volumes":["istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}"#
        )
        annotations["prometheus.io/scrape"] = "true"
        annotations["prometheus.io/port"] = "15020"
        annotations["prometheus.io/path"] = "/stats/prometheus"
        annotations["kubectl.kubernetes.io/default-container"] = containers.first?["name"] ?? ""
        pod[path: ["metadata", "annotations"]] = .object(annotations)
    }
}
