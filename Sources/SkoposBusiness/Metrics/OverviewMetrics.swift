import SkoposGraph

/// The Overview dashboard's service insights and applications cards (`backend.md` §2.9 "Overview metrics", §8.2):
/// `GET /api/overview/metrics/services/{latency,throughput,rates}` and `GET /api/overview/metrics/apps/rates`, over
/// every cluster.
///
/// - Latency and throughput: Prometheus (``OverviewPromQL``), one global query or one per cluster
///   (``OverviewScope``, at most `concurrency` in flight), merged and cut to the top `limit` (6) by value; each row's
///   `healthStatus` from the health cache. Failed queries are skipped; all of them failing is a 503.
/// - Service and app rates: the health cache alone (``OverviewHealth``). Services with traffic by error rate, then
///   request rate, top `limit`; every app by total rate. A disabled health cache gives `nil` (written `null`).
/// - Ties are broken by cluster, namespace and name, so answers are deterministic.
///
/// ```swift
/// let overview = OverviewMetrics(source: .prometheus(client), queryScope: scope, window: "5m")
/// let health = OverviewHealth(entries: visibleEntries)
/// let rows = try await overview.serviceLatencies(scope: .global, health: health, time: UnixTime.now())
/// let body = OverviewJSON.latencies(rows)
/// ```
public struct OverviewMetrics: Sendable {
    /// Where the samples come from.
    public var source: MetricsBackend
    /// The PromQL builder (scope, window, limit).
    public var promql: OverviewPromQL
    /// Queries in flight at once (at least 1).
    public var concurrency: Int

    /// The Overview's metrics.
    /// - Parameters:
    ///   - source: Where the samples come from.
    ///   - queryScope: `external_services.prometheus.query_scope`.
    ///   - window: `health_config.compute.duration` (`5m`).
    ///   - limit: Rows per card (6).
    ///   - concurrency: Per-cluster queries in flight at once; default 4.
    public init(source: MetricsBackend, queryScope: [String: String] = [:], window: String = "5m", limit: Int = 6, concurrency: Int = 4) {
        self.source = source
        self.promql = OverviewPromQL(queryScope: queryScope, window: window, limit: limit)
        self.concurrency = max(1, concurrency)
    }

    /// `…/services/latency`: the services with the highest 95th-percentile latency (milliseconds).
    /// - Throws: ``MetricsError`` 503 when every query fails.
    public func serviceLatencies(scope: OverviewScope, health: OverviewHealth, time: Double) async throws(MetricsError) -> [OverviewService] {
        try await top(scope: scope, health: health, time: time, query: promql.latency)
    }

    /// `…/services/throughput`: the services receiving the most TCP bytes per second.
    /// - Throws: ``MetricsError`` 503 when every query fails.
    public func serviceThroughput(scope: OverviewScope, health: OverviewHealth, time: Double) async throws(MetricsError) -> [OverviewService] {
        try await top(scope: scope, health: health, time: time, query: promql.throughput)
    }

    /// The queries a scope sends, in cluster order (the global one alone for ``OverviewScope/global``).
    public func queries(scope: OverviewScope, _ query: (_ cluster: String?, _ namespaces: [String]) -> String) -> [String] {
        switch scope {
        case .global:
            return [query(nil, [])]
        case .clusters(let visible):
            return visible.keys.sorted(by: MetricsJSON.goOrder).compactMap { cluster in
                let namespaces = Array(Set(visible[cluster]!)).sorted(by: MetricsJSON.goOrder)
                return namespaces.isEmpty ? nil : query(cluster, namespaces)
            }
        }
    }

    private func top(
        scope: OverviewScope,
        health: OverviewHealth,
        time: Double,
        query: (_ cluster: String?, _ namespaces: [String]) -> String
    ) async throws(MetricsError) -> [OverviewService] {
        let texts = queries(scope: scope, query)
        let source = self.source
        let outcomes = try await ParallelQueries.run(count: texts.count, limit: concurrency) { i -> Result<[MetricSample], MetricsError> in
            do {
                return .success(try await source.instantQuery(texts[i], time))
            } catch let error as MetricsError {
                return .failure(error)
            } catch {
                return .failure(MetricsError(.unavailable, String(describing: error)))
            }
        }
        var samples: [MetricSample] = []
        var firstError: MetricsError?
        for outcome in outcomes {
            switch outcome {
            case .success(let s): samples += s
            case .failure(let e): if firstError == nil { firstError = e }
            }
        }
        if let firstError, outcomes.allSatisfy({ if case .failure = $0 { true } else { false } }) { throw firstError }
        var rows: [OverviewService] = []
        for s in samples where s.value.isFinite && s.value > 0 {
            let cluster = s.labels["destination_cluster"] ?? ""
            let namespace = s.labels["destination_service_namespace"] ?? ""
            let name = s.labels["destination_service_name"] ?? ""
            rows.append(
                OverviewService(
                    cluster: cluster,
                    namespace: namespace,
                    serviceName: name,
                    value: s.value,
                    healthStatus: health.serviceStatus(cluster: cluster, namespace: namespace, service: name)
                )
            )
        }
        rows.sort { a, b in
            if a.value != b.value { return a.value > b.value }
            return Self.nameOrder((a.cluster, a.namespace, a.serviceName), (b.cluster, b.namespace, b.serviceName))
        }
        return Array(rows.prefix(promql.limit))
    }

    /// `…/services/rates`: the services with traffic, by error rate then request rate, top `limit`.
    /// - Parameters:
    ///   - health: The viewer's health entries; `nil` when the health cache is disabled.
    ///   - limit: Rows (6).
    /// - Returns: The rows, or `nil` when the health cache is disabled.
    public static func serviceRates(_ health: OverviewHealth?, limit: Int = 6) -> [ServiceRate]? {
        guard let health else { return nil }
        let rows = health.serviceRates().sorted { a, b in
            if a.errorRate != b.errorRate { return a.errorRate > b.errorRate }
            if a.requestRate != b.requestRate { return a.requestRate > b.requestRate }
            return nameOrder((a.cluster, a.namespace, a.serviceName), (b.cluster, b.namespace, b.serviceName))
        }
        return Array(rows.prefix(max(0, limit)))
    }

    /// `…/apps/rates`: every app, by total (inbound + outbound) request rate.
    /// - Parameters:
    ///   - health: The viewer's health entries; `nil` when the health cache is disabled.
    ///   - limit: At most this many rows; `nil` (default) for all.
    /// - Returns: The rows, or `nil` when the health cache is disabled.
    public static func appRates(_ health: OverviewHealth?, limit: Int? = nil) -> [AppRate]? {
        guard let health else { return nil }
        let rows = health.appRates().sorted { a, b in
            let ta = a.requestRateIn + a.requestRateOut
            let tb = b.requestRateIn + b.requestRateOut
            if ta != tb { return ta > tb }
            return nameOrder((a.cluster, a.namespace, a.appName), (b.cluster, b.namespace, b.appName))
        }
        guard let limit else { return rows }
        return Array(rows.prefix(max(0, limit)))
    }

    /// Cluster, then namespace, then name, bytewise.
    static func nameOrder(_ a: (String, String, String), _ b: (String, String, String)) -> Bool {
        if a.0 != b.0 { return MetricsJSON.goOrder(a.0, b.0) }
        if a.1 != b.1 { return MetricsJSON.goOrder(a.1, b.1) }
        return MetricsJSON.goOrder(a.2, b.2)
    }
}
