import Foundation
import KubeClient
import SkoposGraph
import SkoposModel

/// Kiali's mesh page case (`test_mesh_graph`, `GET /api/mesh/graph`): the case's objects in simulated clusters, read
/// through the read model, discovered (``MeshDiscovery``) and built (``MeshGraphBuilder``); compared with Kiali's
/// output as parsed JSON, as Kiali's test does (`assert.JSONEq`).
enum GoldenMeshCase {
    /// The home cluster's API host in Kiali's test (`ClientConfig.Host`; the case's notes): not a Kubernetes object.
    static let homeAPIEndpoint = "http://127.0.0.2:9443"
    /// The `resourceVersion` Go's fake Istio client gives the Gateway (the case's notes).
    static let fakeIstioResourceVersion = "999"

    /// Runs the case; the first difference from Kiali's output, or `nil` when the JSON values are equal.
    static func run(_ c: JSONValue, expected: [UInt8]) async throws -> String? {
        let request = c["request"] ?? .null
        let home = request["cluster"]?.stringValue ?? "east"
        var objects: [String: [JSONValue]] = [:]
        var specs: [IstiodKey: IstiodSpec] = [:]
        for o in c["kubernetes"]?.arrayValue ?? [] {
            let cluster = o["cluster"]?.stringValue ?? home
            let object = JSONValue.object((o.objectValue ?? [:]).filter { $0.key != "cluster" })
            objects[cluster, default: []].append(object)
            // The istiod Deployment's container (env, args, resources), which the web route reads with a GET.
            if o["kind"]?.stringValue == "Deployment", o[path: ["metadata", "labels", "app"]]?.stringValue == "istiod" {
                let key = IstiodKey(
                    cluster: cluster,
                    namespace: o[path: ["metadata", "namespace"]]?.stringValue ?? "",
                    name: o[path: ["metadata", "name"]]?.stringValue ?? ""
                )
                specs[key] = IstiodSpec(deployment: o)
            }
        }
        var query: [(name: String, value: String)] = []
        for item in (request["rawQuery"]?.stringValue ?? "").split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            query.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }
        let options = try MeshGraphOptions.parse(query, now: 0)

        // Kiali's default configuration with the case's changes.
        var tracing = AddOnConfig.Tracing()
        tracing.enabled = c[path: ["config", "ExternalServices.Tracing.Enabled"]]?.boolValue ?? false
        // fakeMeshStatusGetter reports every add-on Healthy; StatusInfo has no versions.
        let addOns = [
            AddOnConfig.Prometheus().addOn(health: "Healthy"), AddOnConfig.Grafana().addOn(health: "Healthy"), tracing.addOn(health: "Healthy"),
        ]
        .compactMap { $0 }
        let istiodSpecs = specs

        var model = try await MeshHarness.withClusters(objects, home: home) { registry in
            let snapshot = registry.snapshot()
            let clusterObjects = MeshClusterObjects.all(snapshot)
            let clusters = snapshot.statuses.map { status in
                var cluster = MeshCluster(status: status, objects: clusterObjects.first { $0.cluster == status.name })
                // Kiali's fake clients: only the home one has an API host; no secrets, versions or reachability.
                cluster.apiEndpoint = status.isHome ? homeAPIEndpoint : ""
                cluster.secretName = ""
                cluster.kubernetesVersion = nil
                cluster.reachable = nil
                cluster.lastError = nil
                return cluster
            }
            let inputs = MeshDiscovery.Inputs(clusters: clusters, istiodSpecs: istiodSpecs, kiali: MeshKiali(cluster: home), addOns: addOns)
            return MeshDiscovery.discover(clusterObjects, inputs: inputs)
        }
        // Server-assigned metadata differs between Go's fake clients and the simulator (uid, creationTimestamp,
        // generation, resourceVersion): keep what Go's fake gives.
        for i in model.gateways.indices {
            var meta = model.gateways[i].object["metadata"]?.objectValue ?? [:]
            for key in ["uid", "creationTimestamp", "generation"] { meta[key] = nil }
            meta["resourceVersion"] = .string(fakeIstioResourceVersion)
            model.gateways[i].object["metadata"] = .object(meta)
        }

        let actual = MeshGraphBuilder.json(model, options: options)
        let want = try JSONParser.parse(expected)
        let got = try JSONParser.parse(actual)
        return difference(want, got, at: "$")
    }

    /// The first place two JSON values differ, by path.
    static func difference(_ expected: JSONValue, _ actual: JSONValue, at path: String) -> String? {
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            for key in Set(e.keys).union(a.keys).sorted() {
                guard let ev = e[key] else { return "\(path).\(key): unexpected member \(render(a[key]!))" }
                guard let av = a[key] else { return "\(path).\(key): missing, expected \(render(ev))" }
                if let d = difference(ev, av, at: "\(path).\(key)") { return d }
            }
            return nil
        case (.array(let e), .array(let a)):
            for i in 0..<min(e.count, a.count) {
                if let d = difference(e[i], a[i], at: "\(path)[\(i)]") { return d }
            }
            return e.count == a.count ? nil : "\(path): \(a.count) elements, expected \(e.count)"
        default:
            if expected == actual { return nil }
            if let x = expected.intValue, let y = actual.intValue, x == y { return nil }
            return "\(path): expected \(render(expected)), got \(render(actual))"
        }
    }

    static func render(_ v: JSONValue) -> String {
        let text = String(decoding: GoJSONWriter.indented(v), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
