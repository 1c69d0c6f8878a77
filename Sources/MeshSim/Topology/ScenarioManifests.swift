import KubeTypes
public import SkoposModel

/// The Kubernetes objects a scenario puts in each cluster: Istio's control plane (istiod with `CLUSTER_ID`, the
/// `istio` ConfigMap with the mesh ID, an east-west gateway) and the scenario's namespaces, ServiceAccounts,
/// Deployments, Services and the Gateway/VirtualService of each ingress route. Pure.
public enum ScenarioManifests {
    public static let istioNamespace = "istio-system"

    public static func objects(for cluster: String, in scenario: Scenario) -> [JSONValue] {
        guard let info = scenario.clusters.first(where: { $0.name == cluster }) else { return [] }
        var objects: [JSONValue] = []
        objects += controlPlane(info, scenario.mesh)
        for ns in scenario.namespaces {
            let runsHere = ns.workloads.contains { $0.clusters.contains(cluster) } || ns.clusters.contains(cluster)
            guard runsHere else { continue }
            if ns.name != istioNamespace {
                var labels: [String: JSONValue] = [:]
                if ns.injection { labels["istio-injection"] = "enabled" }
                objects.append(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns.name), "labels": .object(labels)]])
            }
            var accounts = Set<String>()
            for workload in ns.workloads where workload.clusters.contains(cluster) {
                if accounts.insert(workload.serviceAccount).inserted {
                    objects.append(serviceAccount(workload.serviceAccount, ns.name, app: workload.app))
                }
                objects.append(deployment(workload, namespace: ns.name, mesh: scenario.mesh, network: info.network, services: ns.services))
            }
            // Every cluster with the namespace has its Services, as Istio's multi-cluster discovery expects.
            for service in ns.services { objects.append(self.service(service, namespace: ns.name)) }
        }
        objects += ingressRoutes(cluster, scenario)
        return objects
    }

    // MARK: Istio's control plane

    static func controlPlane(_ cluster: Scenario.Cluster, _ mesh: Scenario.Mesh) -> [JSONValue] {
        let ns = istioNamespace
        let meshConfig = """
            accessLogFile: /dev/stdout
            defaultConfig:
              discoveryAddress: istiod.istio-system.svc:15012
              meshId: \(mesh.id)
              proxyMetadata: {}
              tracing: {}
            enablePrometheusMerge: true
            rootNamespace: istio-system
            trustDomain: \(mesh.trustDomain)

            """
        let istiodLabels: JSONValue = ["app": "istiod", "istio": "pilot", "istio.io/rev": "default", "install.operator.istio.io/owning-resource": "unknown"]
        let istiod: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "istiod", "namespace": .string(ns), "labels": istiodLabels],
            "spec": [
                "replicas": 1,
                "selector": ["matchLabels": ["app": "istiod", "istio.io/rev": "default"]],
                "template": [
                    "metadata": ["labels": istiodLabels, "annotations": ["sidecar.istio.io/inject": "false"]],
                    "spec": [
                        "serviceAccountName": "istiod",
                        "containers": [[
                            "name": "discovery",
                            "image": .string("docker.io/istio/pilot:\(mesh.istioVersion)"),
                            "args": ["discovery", "--monitoringAddr=:15014", "--log_output_level=default:info", "--domain", "cluster.local", "--keepaliveMaxServerConnectionAge", "30m"],
                            "ports": [["containerPort": 8080, "protocol": "TCP"], ["containerPort": 15010, "protocol": "TCP"], ["containerPort": 15017, "protocol": "TCP"]],
                            "env": [
                                ["name": "CLUSTER_ID", "value": .string(cluster.name)],
                                ["name": "REVISION", "value": "default"],
                                ["name": "PILOT_TRACE_SAMPLING", "value": "100"],
                                ["name": "ISTIOD_CUSTOM_HOST", "value": "istiod.istio-system.svc"],
                            ],
                        ]],
                    ],
                ],
            ],
        ]
        let istiodService: JSONValue = [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "istiod", "namespace": .string(ns), "labels": ["app": "istiod", "istio": "pilot", "istio.io/rev": "default"]],
            "spec": [
                "selector": ["app": "istiod", "istio.io/rev": "default"],
                "ports": [
                    ["name": "grpc-xds", "port": 15010, "protocol": "TCP"],
                    ["name": "https-dns", "port": 15012, "protocol": "TCP"],
                    ["name": "https-webhook", "port": 443, "targetPort": 15017, "protocol": "TCP"],
                    ["name": "http-monitoring", "port": 15014, "protocol": "TCP"],
                ],
            ],
        ]
        let configMap: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "istio", "namespace": .string(ns), "labels": ["istio.io/rev": "default", "release": "istio"]],
            "data": ["mesh": .string(meshConfig), "meshNetworks": "networks: {}\n"],
        ]
        let eastWestLabels: JSONValue = [
            "app": "istio-eastwestgateway", "istio": "eastwestgateway", "topology.istio.io/network": .string(cluster.network),
        ]
        let eastWest: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "istio-eastwestgateway", "namespace": .string(ns), "labels": eastWestLabels],
            "spec": [
                "replicas": 1,
                "selector": ["matchLabels": ["app": "istio-eastwestgateway", "istio": "eastwestgateway"]],
                "template": [
                    "metadata": ["labels": eastWestLabels, "annotations": ["sidecar.istio.io/inject": "false"]],
                    "spec": [
                        "serviceAccountName": "istio-eastwestgateway-service-account",
                        "containers": [[
                            "name": "istio-proxy",
                            "image": .string("docker.io/istio/proxyv2:\(mesh.istioVersion)"),
                            "args": ["proxy", "router", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
                            "env": [["name": "ISTIO_META_REQUESTED_NETWORK_VIEW", "value": .string(cluster.network)], ["name": "ISTIO_META_CLUSTER_ID", "value": .string(cluster.name)]],
                            "ports": [["containerPort": 15021, "protocol": "TCP"], ["containerPort": 15443, "protocol": "TCP"], ["containerPort": 15012, "protocol": "TCP"], ["containerPort": 15017, "protocol": "TCP"]],
                        ]],
                    ],
                ],
            ],
        ]
        let eastWestService: JSONValue = [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "istio-eastwestgateway", "namespace": .string(ns), "labels": eastWestLabels],
            "spec": [
                "type": "LoadBalancer",
                "selector": ["app": "istio-eastwestgateway", "istio": "eastwestgateway"],
                "ports": [
                    ["name": "status-port", "port": 15021, "protocol": "TCP"],
                    ["name": "tls", "port": 15443, "protocol": "TCP"],
                    ["name": "tls-istiod", "port": 15012, "protocol": "TCP"],
                    ["name": "tls-webhook", "port": 15017, "protocol": "TCP"],
                ],
            ],
        ]
        let crossNetwork: JSONValue = [
            "apiVersion": "networking.istio.io/v1", "kind": "Gateway",
            "metadata": ["name": "cross-network-gateway", "namespace": .string(ns)],
            "spec": [
                "selector": ["istio": "eastwestgateway"],
                "servers": [["port": ["number": 15443, "name": "tls", "protocol": "TLS"], "tls": ["mode": "AUTO_PASSTHROUGH"], "hosts": ["*.local"]]],
            ],
        ]
        return [
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns), "labels": ["topology.istio.io/network": .string(cluster.network)]]],
            serviceAccount("istiod", ns, app: "istiod"),
            serviceAccount("istio-eastwestgateway-service-account", ns, app: "istio-eastwestgateway"),
            configMap, istiod, istiodService, eastWest, eastWestService, crossNetwork,
        ]
    }

    // MARK: The scenario's workloads

    static func serviceAccount(_ name: String, _ namespace: String, app: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": ["account": .string(app)]]]
    }

    static func deployment(_ w: Scenario.Workload, namespace: String, mesh: Scenario.Mesh, network: String, services: [Scenario.Service]) -> JSONValue {
        var labels: [String: JSONValue] = ["app": .string(w.app)]
        if !w.version.isEmpty { labels["version"] = .string(w.version) }
        var templateLabels = labels
        var annotations: [String: JSONValue] = [:]
        let container: JSONValue
        let ports = services.filter { $0.app == w.app }.map { JSONValue.object(["containerPort": .int($0.targetPort), "protocol": "TCP"]) }
        if let gateway = w.gateway {
            templateLabels["istio"] = .string(gateway == "ingress" ? "ingressgateway" : "egressgateway")
            templateLabels["topology.istio.io/network"] = .string(network)
            labels["istio"] = templateLabels["istio"]
            annotations["sidecar.istio.io/inject"] = "false"
            container = [
                "name": "istio-proxy",
                "image": .string("docker.io/istio/proxyv2:\(mesh.istioVersion)"),
                "args": ["proxy", "router", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
                "ports": .array(ports + [["containerPort": 15021, "protocol": "TCP"], ["containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"]]),
            ]
        } else {
            let tag = w.version.isEmpty ? "latest" : w.version
            container = [
                "name": .string(w.app),
                "image": .string("docker.io/istio/examples-\(namespace)-\(w.app)-\(tag):1.20.2"),
                "imagePullPolicy": "IfNotPresent",
                "ports": .array(ports),
            ]
        }
        var selector: [String: JSONValue] = ["app": .string(w.app)]
        if !w.version.isEmpty { selector["version"] = .string(w.version) }
        if w.gateway != nil { selector["istio"] = templateLabels["istio"] }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(w.name), "namespace": .string(namespace), "labels": .object(labels)],
            "spec": [
                "replicas": .int(w.replicas),
                "selector": ["matchLabels": .object(selector)],
                "template": [
                    "metadata": ["labels": .object(templateLabels), "annotations": .object(annotations)],
                    "spec": ["serviceAccountName": .string(w.serviceAccount), "containers": [container]],
                ],
            ],
        ]
    }

    static func service(_ s: Scenario.Service, namespace: String) -> JSONValue {
        let portName = s.portProtocol.rawValue
        var port: [String: JSONValue] = ["name": .string(portName), "port": .int(s.port), "targetPort": .int(s.targetPort), "protocol": "TCP"]
        if s.portProtocol != .tcp { port["appProtocol"] = .string(portName) }
        return [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(s.name), "namespace": .string(namespace), "labels": ["app": .string(s.app), "service": .string(s.name)]],
            "spec": ["type": .string(s.type), "selector": ["app": .string(s.app)], "ports": [.object(port)]],
        ]
    }

    /// A Gateway and a VirtualService for each Service an ingress gateway of this cluster sends traffic to.
    static func ingressRoutes(_ cluster: String, _ scenario: Scenario) -> [JSONValue] {
        var objects: [JSONValue] = []
        var done = Set<String>()
        for edge in scenario.traffic {
            guard let ns = scenario.namespaces.first(where: { $0.name == edge.from.namespace }),
                let source = ns.workloads.first(where: { $0.name == edge.from.workload }),
                source.gateway == "ingress", source.clusters.contains(cluster), edge.from.cluster == nil || edge.from.cluster == cluster,
                let target = scenario.namespaces.first(where: { $0.name == edge.toNamespace })?.services.first(where: { $0.name == edge.toService }),
                done.insert("\(edge.toNamespace)/\(edge.toService)").inserted
            else { continue }
            let gatewayName = "\(edge.toService)-gateway"
            objects.append([
                "apiVersion": "networking.istio.io/v1", "kind": "Gateway",
                "metadata": ["name": .string(gatewayName), "namespace": .string(edge.toNamespace)],
                "spec": [
                    "selector": ["istio": "ingressgateway"],
                    "servers": [["port": ["number": 8080, "name": "http", "protocol": "HTTP"], "hosts": ["*"]]],
                ],
            ])
            objects.append([
                "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                "metadata": ["name": .string(edge.toService), "namespace": .string(edge.toNamespace)],
                "spec": [
                    "hosts": ["*"],
                    "gateways": [.string(gatewayName)],
                    "http": [["route": [["destination": ["host": .string(edge.toService), "port": ["number": .int(target.port)]]]]]],
                ],
            ])
        }
        return objects
    }
}
