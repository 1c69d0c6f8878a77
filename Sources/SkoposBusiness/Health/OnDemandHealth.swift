public import SkoposGraph

/// Health computed when asked, with upstream's queries (`backend.md` §7.2) [COMPAT]: for `/api/clusters/health` with
/// the health cache off, and for the health of one app, workload or service.
///
/// ```swift
/// let health = OnDemandHealth(rates: HealthRate.withDefault(userRates), queryScope: scope, metrics: .prometheus(client))
/// let reviews = try await health.app("reviews", in: input, window: .default, time: now)
/// ```
public struct OnDemandHealth: Sendable {
    /// `health_config.rate`, Kiali's default entry appended (``HealthRate/withDefault(_:)``).
    public var rates: [HealthRate]
    /// The query builder, with the `query_scope`.
    public var queries: HealthQueries
    /// Where the rates come from.
    public var metrics: HealthMetricsSource

    /// A computer of health on demand.
    public init(rates: [HealthRate], queryScope: [String: String] = [:], metrics: HealthMetricsSource) {
        self.rates = rates
        self.queries = HealthQueries(queryScope: queryScope)
        self.metrics = metrics
    }

    /// A namespace's health for the kinds asked for: the two "all rates" queries when apps or workloads are asked for
    /// and some workload can carry HTTP traffic, the services query when services are asked for and there are some.
    /// A kind whose query fails is `nil` (shown as an empty map; `backend.md` §7.7: errors give empty maps).
    public func namespace(_ input: NamespaceHealthInput, types: HealthTypes = .all, window: HealthWindow, time: Double) async -> NamespaceHealth {
        let c = input.cluster, ns = input.namespace
        let wantsAppWorkload = (types.contains(.app) || types.contains(.workload)) && input.needsAppWorkloadRates
        let wantsServices = types.contains(.service) && input.needsServiceRates
        async let part1 = fetch(wantsAppWorkload ? queries.namespaceRatesPart1(namespace: ns, cluster: c, window: window) : nil, time)
        async let part2 = fetch(wantsAppWorkload ? queries.namespaceRatesPart2(namespace: ns, cluster: c, window: window) : nil, time)
        async let services = fetch(wantsServices ? queries.namespaceServices(namespace: ns, cluster: c, window: window) : nil, time)
        let (p1, p2, s) = await (part1, part2, services)
        var appWorkload: AppWorkloadRequests?
        if case .success(let a) = p1, case .success(let b) = p2 {
            appWorkload = HealthRequests.appsAndWorkloads(a.filter { HealthCache.isPart1($0.labels, namespace: ns, cluster: c) } + b, cluster: c, namespace: ns)
        }
        var serviceRequests: [String: RequestHealth]?
        if case .success(let samples) = s { serviceRequests = HealthRequests.services(samples, cluster: c, namespace: ns) }
        return HealthComputation.namespace(
            input, types: types, appWorkloadRequests: appWorkload, serviceRequests: serviceRequests, calculator: HealthCalculator(rates: rates))
    }

    /// One app's health; its rates are read only when one of its workloads can carry HTTP traffic.
    /// - Returns: `nil` when no workload of the namespace has that app label.
    /// - Throws: ``HealthError/metricsUnavailable(_:)`` when Prometheus fails (503).
    public func app(_ name: String, in input: NamespaceHealthInput, window: HealthWindow, time: Double) async throws(HealthError) -> AppHealth? {
        guard let members = input.apps.first(where: { $0.name == name })?.workloads else { return nil }
        var requests = RequestHealth()
        if members.contains(where: \.hasHTTPTraffic) {
            requests = try await entityRequests(
                .app, name, input,
                inbound: queries.appInbound(name, namespace: input.namespace, cluster: input.cluster, window: window),
                outbound: queries.appOutbound(name, namespace: input.namespace, cluster: input.cluster, window: window), time: time)
        }
        let scoped = NamespaceHealthInput(cluster: input.cluster, namespace: input.namespace, workloads: members)
        return HealthComputation.apps(scoped, requests: [name: requests], calculator: HealthCalculator(rates: rates))[name]
    }

    /// One workload's health; its rates are read only when it can carry HTTP traffic.
    /// - Returns: `nil` when the namespace has no workload of that name.
    /// - Throws: ``HealthError/metricsUnavailable(_:)`` when Prometheus fails (503).
    public func workload(_ name: String, in input: NamespaceHealthInput, window: HealthWindow, time: Double) async throws(HealthError) -> WorkloadHealth? {
        guard let w = input.workloads.first(where: { $0.name == name }) else { return nil }
        var requests = RequestHealth()
        if w.hasHTTPTraffic {
            requests = try await entityRequests(
                .workload, name, input,
                inbound: queries.workloadInbound(name, namespace: input.namespace, cluster: input.cluster, window: window),
                outbound: queries.workloadOutbound(name, namespace: input.namespace, cluster: input.cluster, window: window), time: time)
        }
        let scoped = NamespaceHealthInput(cluster: input.cluster, namespace: input.namespace, workloads: [w])
        return HealthComputation.workloads(scoped, requests: [name: requests], calculator: HealthCalculator(rates: rates))[name]
    }

    /// One service's health (namespace `unknown` for an `External` service).
    /// - Parameter healthAnnotations: The service's `health.kiali.io/*` annotations.
    /// - Throws: ``HealthError/metricsUnavailable(_:)`` when Prometheus fails (503).
    public func service(
        _ name: String, namespace: String, cluster: String, healthAnnotations: [String: String] = [:], window: HealthWindow, time: Double
    ) async throws(HealthError) -> ServiceHealth {
        let input = NamespaceHealthInput(cluster: cluster, namespace: namespace, services: [.init(name: name, healthAnnotations: healthAnnotations)])
        let requests = try await entityRequests(
            .service, name, input, inbound: queries.service(name, namespace: namespace, cluster: cluster, window: window), outbound: nil, time: time)
        return HealthComputation.services(input, requests: [name: requests], calculator: HealthCalculator(rates: rates))[name]!
    }

    /// The request map of one entity from its inbound and outbound queries, run concurrently.
    private func entityRequests(
        _ kind: HealthEntityKind, _ name: String, _ input: NamespaceHealthInput, inbound: String, outbound: String?, time: Double
    ) async throws(HealthError) -> RequestHealth {
        async let i = fetch(inbound, time)
        async let o = fetch(outbound, time)
        let (inSamples, outSamples) = await (i, o)
        switch (inSamples, outSamples) {
        case (.success(let a), .success(let b)):
            return HealthRequests.entity(kind, name: name, inbound: a, outbound: b, cluster: input.cluster, namespace: input.namespace)
        case (.failure(let e), _), (_, .failure(let e)):
            throw e
        }
    }

    /// The samples of a query; none without a query.
    private func fetch(_ query: String?, _ time: Double) async -> Result<[RateSample], HealthError> {
        guard let query else { return .success([]) }
        do {
            return .success(try await metrics.vector(query, time))
        } catch let e as HealthError {
            return .failure(e)
        } catch {
            return .failure(.metricsUnavailable("\(error)"))
        }
    }
}
