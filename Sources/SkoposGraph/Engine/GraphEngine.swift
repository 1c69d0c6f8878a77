public import Logging

/// Builds traffic graphs as Kiali does (`graph.md` §1), from telemetry and the read model. Pure orchestration: the
/// I/O is behind ``MetricsSource`` and ``KubeView``; there is no HTTP server here.
public struct GraphEngine: Sendable {
    /// Labels, control-plane namespaces, identity domain, concurrency.
    public var settings: GraphSettings
    /// Where telemetry comes from.
    public var metrics: MetricsSource
    let logger: Logger

    /// An engine reading telemetry from `metrics`.
    public init(settings: GraphSettings = GraphSettings(), metrics: MetricsSource, logger: Logger = Logger(label: "skopos.graph")) {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// Builds the traffic map for a request.
    public func trafficMap(_ options: GraphOptions, kube: KubeView) async throws(GraphError) -> TrafficMap {
        // Which clusters have each namespace, and the clipped duration of each (§3).
        var durations: [String: Int] = [:]
        var ambient: [String: Bool] = [:]
        for ns in options.namespaces {
            let facts = kube.clusters.compactMap { kube.namespace($0, ns) }
            guard !facts.isEmpty else {
                // [FIX] graph.md §11: with a cluster that cannot be read, the namespace may be there; say so, and why.
                if !kube.unavailableClusters.isEmpty {
                    let which = kube.unavailableClusters.sorted { $0.key < $1.key }.map { "cluster [\($0.key)] is unreachable: \($0.value)" }
                    throw GraphError(.unavailable, "Requested namespace [\(ns)] is not visible in any reachable cluster; \(which.joined(separator: "; "))")
                }
                throw GraphError(.forbidden, "Requested namespace [\(ns)] is not accessible.")
            }
            var d = options.duration
            if let created = facts.compactMap(\.created).min() {
                // Created at queryTime leaves no window to query: the namespace did not exist yet.
                guard created < options.queryTime else {
                    throw GraphError(.badRequest, "Requested namespace [\(ns)] did not exist at queryTime [\(options.queryTime)]")
                }
                d = min(d, Int(options.queryTime - created))
            }
            durations[ns] = d
            ambient[ns] = facts.contains(where: \.isAmbient)
        }
        let waypoints = options.rates.ambient != .none ? kube.waypoints() : WaypointSet()
        let requested = Set(options.namespaces)
        func context(_ ns: String) -> AppenderContext {
            AppenderContext(
                options: options, settings: settings, kube: kube, metrics: metrics, namespace: ns, duration: durations[ns] ?? options.duration,
                ambientNamespace: ambient[ns] ?? false, requested: requested)
        }

        var map: TrafficMap
        if let node = options.node {
            map = try await nodeMap(node, options: options, ctx: context(node.namespace), waypoints: waypoints)
            try await NamespaceAppenders.run(&map, context(node.namespace))
        } else {
            // Each namespace's queries and appenders, concurrently; merged in request order (§7) as they arrive.
            map = try await mergedNamespaceMaps(options, context: context, waypoints: waypoints)
        }
        let final = context("")
        try await Finalizers.run(&map, final)
        if options.graphType == .service && options.node == nil { ServiceReduction.apply(&map) }
        return map
    }

    /// Builds the map and encodes Kiali's JSON.
    public func graphJSON(_ options: GraphOptions, kube: KubeView) async throws(GraphError) -> [UInt8] {
        let map = try await trafficMap(options, kube: kube)
        return CytoscapeWriter.encode(map, header: .init(timestamp: options.queryTime, duration: options.duration, graphType: options.graphType, boxBy: options.boxBy))
    }

    /// The namespaces' maps, built a few at a time and merged in request order as soon as their turn comes, so only a
    /// bounded number of namespace maps exists at once.
    private func mergedNamespaceMaps(
        _ options: GraphOptions, context: (String) -> AppenderContext, waypoints: WaypointSet
    ) async throws(GraphError) -> TrafficMap {
        let limit = max(1, settings.queryConcurrency / 4)
        let contexts = options.namespaces.map(context)
        do {
            return try await withThrowingTaskGroup(of: (Int, TrafficMap).self) { group in
                var merged = TrafficMap()
                var pending: [Int: TrafficMap] = [:]
                var nextToMerge = 0
                var next = 0
                func start() {
                    let i = next
                    let ctx = contexts[i]
                    next += 1
                    group.addTask {
                        var map = try await namespaceMap(ctx, waypoints: waypoints)
                        try await NamespaceAppenders.run(&map, ctx)
                        return (i, map)
                    }
                }
                while next < contexts.count && next < limit { start() }
                while let (i, map) = try await group.next() {
                    pending[i] = map
                    while let ready = pending.removeValue(forKey: nextToMerge) {
                        if nextToMerge == 0 { merged.nodes.reserveCapacity(ready.count * contexts.count + 16) }
                        Merge.merge(into: &merged, namespace: contexts[nextToMerge].namespace, ready)
                        nextToMerge += 1
                    }
                    if next < contexts.count { start() }
                }
                return merged
            }
        } catch let e as GraphError {
            throw e
        } catch is CancellationError {
            throw GraphError(.unavailable, "the graph request was cancelled")
        } catch {
            throw GraphError(.internal, "\(error)")
        }
    }

    /// One namespace's traffic map from its queries, run concurrently and applied in Kiali's order.
    private func namespaceMap(_ ctx: AppenderContext, waypoints: WaypointSet) async throws(GraphError) -> TrafficMap {
        let queries = TrafficQueries.namespace(ctx.namespace, duration: ctx.duration, ambientNamespace: ctx.ambientNamespace, options: ctx.options)
        let answers = try await run(queries, time: ctx.options.queryTime)
        var builder = TrafficMapBuilder(options: ctx.options, waypoints: waypoints)
        for (q, samples) in zip(queries, answers) { builder.add(samples, metric: q.metric) }
        if builder.skipped > 0 {
            // Kiali warns per sample; one line per namespace says how many its rules dropped (graph.md §6).
            logger.debug("telemetry samples skipped", metadata: ["skopos.namespace": "\(ctx.namespace)", "skopos.count": "\(builder.skipped)"])
        }
        return builder.map
    }

    private func nodeMap(_ n: NodeSelection, options: GraphOptions, ctx: AppenderContext, waypoints: WaypointSet) async throws(GraphError) -> TrafficMap {
        let queries: [TrafficQuery]
        if !n.aggregate.isEmpty {
            queries = [TrafficQueries.aggregateNode(n, duration: ctx.duration, options: options)]
        } else {
            let isWaypoint = !n.workload.isEmpty && waypoints.contains(cluster: n.cluster, namespace: n.namespace, name: n.workload)
            queries = TrafficQueries.node(n, duration: ctx.duration, ambientNamespace: ctx.ambientNamespace, isWaypoint: isWaypoint, options: options)
        }
        let answers = try await run(queries, time: options.queryTime)
        var builder = TrafficMapBuilder(options: options, waypoints: waypoints)
        for (q, samples) in zip(queries, answers) { builder.add(samples, metric: q.metric) }
        return builder.map
    }

    /// Runs traffic queries (scoped and rounded) concurrently; answers in query order.
    func run(_ queries: [TrafficQuery], time: Int64) async throws(GraphError) -> [[MetricSample]] {
        try await metrics.vectors(queries.map { TrafficQueries.finalText($0.text, scope: metrics.queryScope) }, at: time)
    }
}
