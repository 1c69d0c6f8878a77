public import SkoposGraph

/// The request maps of apps and workloads of one namespace, by name.
public struct AppWorkloadRequests: Sendable, Hashable {
    /// By canonical service (app) name.
    public var apps: [String: RequestHealth]
    /// By workload name.
    public var workloads: [String: RequestHealth]

    /// Request maps by app and by workload.
    public init(apps: [String: RequestHealth] = [:], workloads: [String: RequestHealth] = [:]) {
        self.apps = apps
        self.workloads = workloads
    }
}

/// From rate samples to request maps `[protocol][code] → requests/s` (`backend.md` §7.3), as pure functions.
///
/// - Code: `response_code`, `"0"` ⇒ `"-"` (no response); for `request_protocol="grpc"` with a
///   `grpc_response_status`, that status (so gRPC's OK `"0"` stays `"0"`). Samples without a protocol or a code, TCP
///   samples and non-finite or negative values are skipped.
/// - Inbound, per entity: samples of reporters other than `source` and `destination` (waypoints) are summed straight
///   into the result; then each (protocol, code) seen by the `source` reporter takes the source value, and each seen
///   by the `destination` reporter takes the destination value when it is larger than the value there — inbound is
///   about the larger of the two views, without double counting a waypoint's view of the same requests.
/// - Outbound: only `reporter="source"`.
/// - Matching [COMPAT]: apps by `destination_canonical_service` / `source_canonical_service`, workloads by
///   `destination_workload` / `source_workload`, services by `destination_service_name` (inbound only).
/// - **[FIX]** Names are matched inside their namespace and cluster: an app or workload sample is inbound only when
///   `destination_workload_namespace` is the namespace, a service sample only when `destination_service_namespace`
///   is; and `destination_cluster` is the cluster (or `unknown` with `source_cluster` the cluster). A sample is
///   outbound only when `source_workload_namespace` and `source_cluster` are the namespace and cluster. Upstream
///   counts east's calls to west's `reviews` as inbound of east's `reviews`.
public enum HealthRequests {
    /// The response code of a sample, or `nil` when it has none.
    public static func code(_ labels: [String: String]) -> String? {
        if labels["request_protocol"] == "grpc", let status = labels["grpc_response_status"], !status.isEmpty { return status }
        guard let code = labels["response_code"], !code.isEmpty else { return nil }
        return code == "0" ? "-" : code
    }

    /// The request maps of the apps and workloads of `namespace` in `cluster`, from the samples of the namespace's
    /// "all rates" queries (part 1 and part 2 concatenated) or of a batch split for that namespace.
    public static func appsAndWorkloads(_ samples: [RateSample], cluster: String, namespace: String) -> AppWorkloadRequests {
        var appIn: [String: InboundViews] = [:]
        var workloadIn: [String: InboundViews] = [:]
        var result = AppWorkloadRequests()
        for s in samples {
            guard let t = Traffic(s) else { continue }
            if isInbound(s.labels, namespaceLabel: "destination_workload_namespace", namespace: namespace, cluster: cluster) {
                if let app = s.labels["destination_canonical_service"] { appIn[app, default: InboundViews()].add(t) }
                if let workload = s.labels["destination_workload"] { workloadIn[workload, default: InboundViews()].add(t) }
            }
            if t.reporter == "source" && isOutbound(s.labels, namespace: namespace, cluster: cluster) {
                if let app = s.labels["source_canonical_service"] { result.apps[app, default: RequestHealth()].addOutbound(t.proto, t.code, t.value) }
                if let workload = s.labels["source_workload"] {
                    result.workloads[workload, default: RequestHealth()].addOutbound(t.proto, t.code, t.value)
                }
            }
        }
        for (name, views) in appIn { result.apps[name, default: RequestHealth()].inbound = views.merged() }
        for (name, views) in workloadIn { result.workloads[name, default: RequestHealth()].inbound = views.merged() }
        return result
    }

    /// The request maps of the services of `namespace` in `cluster` (inbound only), from the samples of the
    /// namespace's services query or of a batch split for that namespace.
    public static func services(_ samples: [RateSample], cluster: String, namespace: String) -> [String: RequestHealth] {
        var views: [String: InboundViews] = [:]
        for s in samples {
            guard let t = Traffic(s), let name = s.labels["destination_service_name"],
                isInbound(s.labels, namespaceLabel: "destination_service_namespace", namespace: namespace, cluster: cluster)
            else { continue }
            views[name, default: InboundViews()].add(t)
        }
        var result: [String: RequestHealth] = [:]
        for (name, v) in views {
            var r = RequestHealth()
            r.inbound = v.merged()
            result[name] = r
        }
        return result
    }

    /// One entity's request map, from the samples of its own inbound and outbound queries (`backend.md` §7.2).
    /// - Parameters:
    ///   - inbound: The samples of the entity's inbound query (a service's only query).
    ///   - outbound: The samples of its outbound query (none for a service).
    public static func entity(
        _ kind: HealthEntityKind, name: String, inbound: [RateSample], outbound: [RateSample], cluster: String, namespace: String
    ) -> RequestHealth {
        let (inLabel, outLabel, nsLabel): (String, String?, String) =
            switch kind {
            case .app: ("destination_canonical_service", "source_canonical_service", "destination_workload_namespace")
            case .workload: ("destination_workload", "source_workload", "destination_workload_namespace")
            case .service: ("destination_service_name", nil, "destination_service_namespace")
            }
        var views = InboundViews()
        for s in inbound where s.labels[inLabel] == name {
            guard let t = Traffic(s), isInbound(s.labels, namespaceLabel: nsLabel, namespace: namespace, cluster: cluster) else { continue }
            views.add(t)
        }
        var result = RequestHealth()
        result.inbound = views.merged()
        if let outLabel {
            for s in outbound where s.labels[outLabel] == name {
                guard let t = Traffic(s), t.reporter == "source", isOutbound(s.labels, namespace: namespace, cluster: cluster) else { continue }
                result.addOutbound(t.proto, t.code, t.value)
            }
        }
        return result
    }

    // MARK: - Rules

    /// [FIX] Whether a sample is inbound traffic of an entity of `namespace` in `cluster`.
    static func isInbound(_ labels: [String: String], namespaceLabel: String, namespace: String, cluster: String) -> Bool {
        guard labels[namespaceLabel] == namespace else { return false }
        let destination = labels["destination_cluster"] ?? "unknown"
        return destination == cluster || (destination == "unknown" && labels["source_cluster"] == cluster)
    }

    /// [FIX] Whether a sample was sent from `namespace` in `cluster`.
    static func isOutbound(_ labels: [String: String], namespace: String, cluster: String) -> Bool {
        labels["source_workload_namespace"] == namespace && labels["source_cluster"] == cluster
    }

    /// The parts of a sample that go into a request map.
    struct Traffic {
        var reporter: String
        var proto: String
        var code: String
        var value: Double

        init?(_ s: RateSample) {
            guard let proto = s.labels["request_protocol"], !proto.isEmpty, proto != "tcp", let code = HealthRequests.code(s.labels),
                s.value.isFinite, s.value >= 0
            else { return nil }
            self.reporter = s.labels["reporter"] ?? ""
            self.proto = proto
            self.code = code
            self.value = s.value
        }
    }

    /// Inbound rates of one entity as each reporter saw them.
    struct InboundViews {
        var other: [String: [String: Double]] = [:]
        var source: [String: [String: Double]] = [:]
        var destination: [String: [String: Double]] = [:]

        mutating func add(_ t: Traffic) {
            switch t.reporter {
            case "source": source[t.proto, default: [:]][t.code, default: 0] += t.value
            case "destination": destination[t.proto, default: [:]][t.code, default: 0] += t.value
            default: other[t.proto, default: [:]][t.code, default: 0] += t.value
            }
        }

        /// Other reporters' rates, then the source view's, then the destination view's where larger.
        func merged() -> [String: [String: Double]] {
            var result = other
            for (p, codes) in source {
                for (c, v) in codes { result[p, default: [:]][c] = v }
            }
            for (p, codes) in destination {
                for (c, v) in codes where v > (result[p]?[c] ?? 0) { result[p, default: [:]][c] = v }
            }
            return result
        }
    }
}
