import SkoposModel

/// The `health` finalizer (F5, `graph.md` §9.3; `backend.md` §7): each node's `healthData` and each edge's
/// `healthStatus`, computed on the server from the graph's own traffic.
///
/// - Requests: each node's `requests.{inbound,outbound}[protocol][code]` is the sum of its edges' responses (over
///   response flags). TCP edges carry bytes, not requests, and are left out of node health (`backend.md` §7.1).
/// - Workloads: `workloadStatus` (workload nodes) and `workloadStatuses` (app nodes) come from the workload facts of
///   the node's own cluster and namespace, read once per `(cluster, namespace)` through the view's memo.
/// - Status: Kiali's calculator with the `health_config` tolerances of ``GraphSettings/healthRates``, overridden per
///   workload or service by a valid `health.kiali.io/rate` annotation (also attached as `hasHealthConfig`).
/// - App boxes: every app node also gets `healthDataApp`, the health of its whole app in its cluster and namespace
///   (requests of all the app's nodes, statuses of all its workloads), so the box shows the app and not one member.
/// - Edges: the worse of the source's outbound and the destination's inbound judgement of the edge's responses.
/// - Inaccessible nodes get requests only: no status, no workload data.
enum HealthAppender {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        guard !map.nodes.isEmpty else { return }
        let calc = HealthCalculator(rates: ctx.settings.healthRates)
        let requests = nodeRequests(map)

        struct AppKey: Hashable {
            var cluster: String
            var namespace: String
            var app: String
        }
        var appRequests: [AppKey: RequestHealth] = [:]
        for n in map.nodes.values where n.nodeType == .app && Value.ok(n.app) {
            appRequests[AppKey(cluster: n.cluster, namespace: n.namespace, app: n.app), default: RequestHealth()].add(
                requests[n.id] ?? RequestHealth()
            )
        }

        var annotationsByNode: [String: [String: String]] = [:]
        for id in Array(map.nodes.keys) {
            var n = map.nodes[id]!
            var req = requests[id] ?? RequestHealth()
            let accessible = !n.isInaccessible
            switch n.nodeType {
            case .service:
                let annotations =
                    accessible ? healthAnnotations(ctx.kube.service(cluster: n.cluster, namespace: n.namespace, name: n.service)?.annotations) : [:]
                req.healthAnnotations = annotations
                annotationsByNode[id] = annotations
                if !annotations.isEmpty { n.hasHealthConfig = .object(annotations.mapValues { .string($0) }) }
                let status =
                    accessible
                    ? calc.serviceHealth(
                        req,
                        tolerances: calc.tolerances(namespace: n.namespace, name: n.service, kind: "service", annotations: annotations)
                    )
                    : nil
                n.healthData = HealthJSON.service(req, status)
            case .workload:
                let facts = accessible ? ctx.kube.workload(cluster: n.cluster, namespace: n.namespace, name: n.workload) : nil
                let annotations = healthAnnotations(facts?.annotations)
                req.healthAnnotations = annotations
                annotationsByNode[id] = annotations
                if !annotations.isEmpty { n.hasHealthConfig = .object(annotations.mapValues { .string($0) }) }
                let status =
                    accessible
                    ? calc.workloadHealth(
                        req,
                        replicas: facts?.replicas,
                        tolerances: calc.tolerances(namespace: n.namespace, name: n.workload, kind: "workload", annotations: annotations)
                    )
                    : nil
                n.healthData = HealthJSON.workload(req, name: n.workload, replicas: facts?.replicas, status)
            case .app:
                guard accessible else {
                    n.healthData = HealthJSON.app(req, workloads: [], nil)
                    n.healthDataApp = n.healthData
                    break
                }
                let tolerances = calc.tolerances(namespace: n.namespace, name: n.app, kind: "app", annotations: [:])
                // The node's own workloads: its workload (versioned app node), or the app's (of its version, if any).
                let own: [WorkloadFacts]
                if Value.ok(n.workload) {
                    own = ctx.kube.workload(cluster: n.cluster, namespace: n.namespace, name: n.workload).map { [$0] } ?? []
                } else {
                    own = ctx.kube.appWorkloads(cluster: n.cluster, namespace: n.namespace, app: n.app, version: n.version, settings: ctx.settings)
                }
                let ownStatus = calc.appHealth(req, workloads: own.map(\.replicas), tolerances: tolerances)
                n.healthData = HealthJSON.app(req, workloads: own.map { ($0.name, $0.replicas) }, ownStatus)
                if Value.ok(n.app) {
                    let appReq = appRequests[AppKey(cluster: n.cluster, namespace: n.namespace, app: n.app)] ?? RequestHealth()
                    let all = ctx.kube.appWorkloads(cluster: n.cluster, namespace: n.namespace, app: n.app, version: "", settings: ctx.settings)
                    let appStatus = calc.appHealth(appReq, workloads: all.map(\.replicas), tolerances: tolerances)
                    n.healthDataApp = HealthJSON.app(appReq, workloads: all.map { ($0.name, $0.replicas) }, appStatus)
                }
            case .unknown, .aggregate, .box:
                break
            }
            map.nodes[id] = n
        }

        edgeStatuses(&map, calc, annotationsByNode)
    }

    /// Each node's request map, from the edges' responses summed over flags; TCP edges are skipped.
    static func nodeRequests(_ map: TrafficMap) -> [String: RequestHealth] {
        var requests: [String: RequestHealth] = [:]
        for node in map.nodes.values {
            for e in node.edges where e.protocol != .tcp && map.nodes[e.dest] != nil {
                let p = e.protocol.rawValue
                for (code, detail) in e.responses {
                    let v = detail.flags.values.reduce(0, +)
                    guard v > 0 else { continue }
                    requests[node.id, default: RequestHealth()].addOutbound(p, code, v)
                    requests[e.dest, default: RequestHealth()].addInbound(p, code, v)
                }
            }
        }
        return requests
    }

    /// Sets each edge's `healthStatus`: the worse of the source's outbound tolerances and the destination's inbound
    /// tolerances applied to the edge's responses; no status for an edge without traffic.
    private static func edgeStatuses(_ map: inout TrafficMap, _ calc: HealthCalculator, _ annotations: [String: [String: String]]) {
        var tolerances: [String: [HealthCalculator.Tolerance]] = [:]
        func tolerancesOf(_ n: Node) -> [HealthCalculator.Tolerance] {
            if let hit = tolerances[n.id] { return hit }
            let name: String
            switch n.nodeType {
            case .service: name = n.service
            case .workload: name = n.workload
            case .app: name = n.app
            default: name = ""
            }
            let t = calc.tolerances(namespace: n.namespace, name: name, kind: n.nodeType.rawValue, annotations: annotations[n.id] ?? [:])
            tolerances[n.id] = t
            return t
        }
        for id in Array(map.nodes.keys) {
            let node = map.nodes[id]!
            for (i, e) in node.edges.enumerated() {
                guard let dest = map.nodes[e.dest] else { continue }
                var codes: [String: Double] = [:]
                for (code, detail) in e.responses {
                    let v = detail.flags.values.reduce(0, +)
                    if v > 0 { codes[code, default: 0] += v }
                }
                let p = e.protocol.rawValue
                let outbound = tolerancesOf(node).filter { $0.direction.matches("outbound") }
                let inbound = tolerancesOf(dest).filter { $0.direction.matches("inbound") }
                let status = calc.edgeStatus(codes: codes, protocol: p, tolerances: outbound)
                    .merged(calc.edgeStatus(codes: codes, protocol: p, tolerances: inbound))
                if status != .na { map.nodes[id]!.updateEdge(i) { $0.healthStatus = status.rawValue } }
            }
        }
    }

    /// The `health.kiali.io/*` annotations among an object's annotations.
    static func healthAnnotations(_ annotations: [String: String]?) -> [String: String] {
        guard let annotations else { return [:] }
        return annotations.filter { $0.key.hasPrefix("health.kiali.io/") }
    }
}
