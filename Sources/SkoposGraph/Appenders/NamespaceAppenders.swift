/// The namespace appenders, in Kiali's fixed order (`graph.md` §9.1), run on each namespace's map.
enum NamespaceAppenders {
    static func run(_ map: inout TrafficMap, _ ctx: AppenderContext) async throws(GraphError) {
        let a = ctx.options.appenders
        if a.contains(.serviceEntry) { ServiceEntryAppender.apply(&map, ctx) }
        if a.contains(.deadNode) { DeadNode.apply(&map, ctx) }
        if a.contains(.workloadEntry) { WorkloadEntryAppender.apply(&map, ctx) }
        if a.contains(.responseTime) { try await ResponseTime.apply(&map, ctx) }
        if a.contains(.securityPolicy) { try await SecurityPolicy.apply(&map, ctx) }
        if a.contains(.throughput) { try await Throughput.apply(&map, ctx) }
        if a.contains(.aggregateNode) && ctx.options.graphType != .service { try await AggregateNode.apply(&map, ctx) }
        if a.contains(.idleNode) && ctx.options.kind == .namespace { IdleNode.apply(&map, ctx) }
        if a.contains(.meshCheck) { MeshCheck.apply(&map, ctx) }
    }
}

/// The finalizers, once on the merged map, in Kiali's order (F1–F7).
enum Finalizers {
    static func run(_ map: inout TrafficMap, _ ctx: AppenderContext) async throws(GraphError) {
        let a = ctx.options.appenders
        Outsider.apply(&map, ctx)
        if a.contains(.istio) { IstioDetails.apply(&map, ctx) }
        if a.contains(.ambient) { Ambient.apply(&map, ctx) }
        if a.contains(.health) { HealthAppender.apply(&map, ctx) }
        if a.contains(.labeler) { Labeler.apply(&map, ctx) }
        TrafficGenerator.apply(&map)
    }
}
