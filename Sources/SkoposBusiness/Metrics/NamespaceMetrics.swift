/// Namespace-level Istio metrics (`backend.md` §2.9): `GET /api/namespaces/{ns}/metrics` and, batched,
/// `GET /api/clusters/metrics` (§8.3 sparklines, §8.4 [PERF]).
///
/// - One namespace: each family's queries (``MetricsPromQL``) over the namespace's clipped window
///   (``MetricsWindow``), all families in parallel (at most `concurrency` queries in flight).
/// - **[PERF] Many namespaces**: namespaces are grouped by their clipped window (start and rate interval); each group
///   sends **one** range query per family and statistic, matching `<side>_workload_namespace=~"ns1|…"` and grouped
///   `by (<side>_workload_namespace,G)`, and the answer is split per namespace in memory (the namespace label removed
///   unless it is one of the `byLabels`). A group of one namespace sends that namespace's own queries. Upstream sends
///   every query of every namespace; the answers are identical.
/// - Series of a family are in Prometheus' order of their label sets (avg first, then each quantile as asked), so
///   the batched and per-namespace answers compare equal.
///
/// ```swift
/// let metrics = NamespaceMetrics(source: .prometheus(client), queryScope: scope, homeCluster: "east")
/// let query = try MetricsQuery.parse(params, route: .clusters, now: UnixTime.now())
/// let answer = try await metrics.clustersMetrics(query: query, creations: ["bookinfo": 1_724_000_000])
/// let body = MetricsJSON.clusters(answer)
/// ```
public struct NamespaceMetrics: Sendable {
    /// Where the series come from.
    public var source: MetricsBackend
    /// The PromQL builder (with `query_scope`).
    public var promql: MetricsPromQL
    /// The home cluster: the cluster matched when `clusterName` is absent.
    public var homeCluster: String
    /// Queries in flight at once (at least 1).
    public var concurrency: Int

    /// A metrics reader.
    /// - Parameters:
    ///   - source: Where the series come from.
    ///   - queryScope: `external_services.prometheus.query_scope`.
    ///   - homeCluster: The cluster matched when `clusterName` is absent (§5.3).
    ///   - concurrency: Queries in flight at once; default 8.
    public init(source: MetricsBackend, queryScope: [String: String] = [:], homeCluster: String, concurrency: Int = 8) {
        self.source = source
        self.promql = MetricsPromQL(queryScope: queryScope)
        self.homeCluster = homeCluster
        self.concurrency = max(1, concurrency)
    }

    /// One range query of a plan and how its answer is shared out.
    public struct PlannedQuery: Sendable, Hashable {
        /// The family it answers.
        public var family: MetricFamily
        /// The statistic of its series (`avg`, a quantile, or `nil`).
        public var stat: String?
        /// The PromQL text.
        public var promql: String
        /// Its range and rate interval.
        public var window: MetricsWindow
        /// The namespaces it answers for, in name order.
        public var namespaces: [String]
        /// The label naming each series' namespace in a batch; `nil` for a single namespace.
        public var splitLabel: String?
        /// Whether the split label stays in the series' labels (it is one of the `byLabels`).
        public var keepsSplitLabel: Bool
    }

    /// The queries to send for some namespaces, and the namespaces that get no data.
    public struct Plan: Sendable, Hashable {
        /// The queries, by window, then family, then statistic.
        public var queries: [PlannedQuery]
        /// The namespaces the queries answer for (each gets every family, `null` when no series).
        public var namespaces: [String]
        /// Namespaces whose window is empty (the range ends before they existed, ``MetricsWindow``): every family
        /// `null`.
        public var empty: [String]
    }

    // MARK: - Routes

    /// `GET /api/namespaces/{ns}/metrics`: the requested families of one namespace.
    /// - Parameters:
    ///   - namespace: The namespace (already checked: the viewer may see it).
    ///   - creation: Its creation time (Unix seconds), for clipping; `nil` skips clipping.
    ///   - query: The parsed parameters.
    /// - Returns: Every requested family.
    /// - Throws: ``MetricsError``: 400 when the range ends before the namespace existed, 503 when a query fails.
    public func metrics(namespace: String, creation: Double?, query: MetricsQuery) async throws(MetricsError) -> MetricsMap {
        let window = try MetricsWindow(query: query, namespaceCreation: creation)
        let plan = plan(groups: [(window, [namespace])], query: query, empty: [])
        return try await execute(plan, query: query)[namespace] ?? [:]
    }

    /// `GET /api/clusters/metrics`: the requested families of each namespace of `query.namespaces`, by namespace
    /// ([PERF]: one query per family and window group).
    /// - Parameters:
    ///   - query: The parsed parameters; `query.namespaces` are the namespaces to answer (already checked: the viewer
    ///     may see them).
    ///   - creations: Creation times (Unix seconds) by namespace, for clipping each namespace; a namespace without one
    ///     is not clipped. (Upstream clips every namespace by the oldest one; pass that time for all of them to get
    ///     its exact ranges.)
    /// - Returns: Each namespace's families; `[:]` for no namespaces. A namespace whose range ends before it existed
    ///   gets `null` families.
    /// - Throws: ``MetricsError``: 400 when that is the case of every namespace, 503 when a query fails.
    public func clustersMetrics(query: MetricsQuery, creations: [String: Double]) async throws(MetricsError) -> [String: MetricsMap] {
        guard !query.namespaces.isEmpty else { return [:] }
        let plan = try plan(namespaces: query.namespaces, creations: creations, query: query)
        return try await execute(plan, query: query)
    }

    // MARK: - Planning (pure)

    /// The queries answering `namespaces`, batched by clipped window.
    /// - Throws: ``MetricsError`` 400 when no namespace has a non-empty window.
    public func plan(namespaces: [String], creations: [String: Double], query: MetricsQuery) throws(MetricsError) -> Plan {
        var groups: [MetricsWindow: [String]] = [:]
        var empty: [String] = []
        var firstError: MetricsError?
        for ns in Set(namespaces) {
            do {
                let window = try MetricsWindow(query: query, namespaceCreation: creations[ns])
                groups[window, default: []].append(ns)
            } catch {
                empty.append(ns)
                if firstError == nil { firstError = error }
            }
        }
        if groups.isEmpty, let firstError { throw firstError }
        let ordered = groups.sorted { ($0.key.start, $0.key.rateInterval) < ($1.key.start, $1.key.rateInterval) }
            .map { (window: $0.key, namespaces: $0.value.sorted(by: MetricsJSON.goOrder)) }
        return plan(groups: ordered, query: query, empty: empty.sorted(by: MetricsJSON.goOrder))
    }

    private func plan(groups: [(window: MetricsWindow, namespaces: [String])], query: MetricsQuery, empty: [String]) -> Plan {
        let cluster = query.cluster(home: homeCluster)
        let splitLabel = "\(query.direction.side)_workload_namespace"
        let keeps = query.byLabels.contains(splitLabel)
        var queries: [PlannedQuery] = []
        for (window, namespaces) in groups {
            let batched = namespaces.count > 1
            let matchers = promql.namespaceMatchers(namespaces: namespaces, query: query, cluster: cluster)
            let groupBy = batched && !keeps ? [splitLabel] + query.byLabels : query.byLabels
            for family in query.families {
                for q in promql.queries(family, matchers: matchers, groupBy: groupBy, query: query, rateInterval: window.rateInterval) {
                    queries.append(
                        PlannedQuery(
                            family: family,
                            stat: q.stat,
                            promql: q.promql,
                            window: window,
                            namespaces: namespaces,
                            splitLabel: batched ? splitLabel : nil,
                            keepsSplitLabel: keeps
                        )
                    )
                }
            }
        }
        return Plan(queries: queries, namespaces: groups.flatMap(\.namespaces), empty: empty)
    }

    // MARK: - Execution

    /// Sends a plan's queries and shares their series out per namespace.
    func execute(_ plan: Plan, query: MetricsQuery) async throws(MetricsError) -> [String: MetricsMap] {
        let source = self.source
        let queries = plan.queries
        let answers = try await ParallelQueries.run(count: queries.count, limit: concurrency) { i in
            let q = queries[i]
            return try await source.rangeQuery(q.promql, Double(q.window.start), q.window.end, Double(q.window.step))
        }
        var result: [String: MetricsMap] = [:]
        for ns in plan.namespaces + plan.empty { result[ns] = Self.emptyMap(query.families) }
        for (q, series) in zip(queries, answers) {
            var byNamespace: [String: [MetricSeries]] = [:]
            if let label = q.splitLabel {
                let members = Set(q.namespaces)
                for var s in series {
                    guard let ns = s.labels[label], members.contains(ns) else { continue }
                    if !q.keepsSplitLabel { s.labels[label] = nil }
                    byNamespace[ns, default: []].append(s)
                }
            } else if let ns = q.namespaces.first {
                byNamespace[ns] = series
            }
            for (ns, list) in byNamespace {
                let sorted = list.sorted { Self.labelsPrecede($0.labels, $1.labels) }
                result[ns]![q.family]!.append(
                    contentsOf: sorted.map { Metric(labels: $0.labels, datapoints: $0.points, stat: q.stat, name: q.family.rawValue) }
                )
            }
        }
        return result
    }

    static func emptyMap(_ families: [MetricFamily]) -> MetricsMap {
        var m: MetricsMap = [:]
        for f in families { m[f] = [] }
        return m
    }

    /// Prometheus' order of label sets (`labels.Compare`): pairs sorted by name, compared name then value, a prefix
    /// first.
    static func labelsPrecede(_ a: [String: String], _ b: [String: String]) -> Bool {
        let x = a.sorted { MetricsJSON.goOrder($0.key, $1.key) }
        let y = b.sorted { MetricsJSON.goOrder($0.key, $1.key) }
        for (p, q) in zip(x, y) {
            if p.key != q.key { return MetricsJSON.goOrder(p.key, q.key) }
            if p.value != q.value { return MetricsJSON.goOrder(p.value, q.value) }
        }
        return x.count < y.count
    }
}
