/// Which proxy reported a series: the caller's (`source`) or the callee's (`destination`).
public enum Reporter: String, Sendable, Hashable, CaseIterable {
    case source, destination
}

/// One series of the telemetry: a flow, how its requests ended, and who reported them.
public struct SeriesKey: Sendable, Hashable {
    public var flow: Int
    public var outcome: Outcome
    public var reporter: Reporter
}

/// One exposed sample of a series: `name{labels,le} value`.
public struct Sample: Sendable, Equatable {
    public var name: String
    public var le: String?
    public var value: Double
}

/// Turns flows and their counts into Istio's metrics with the full label set, as sidecars report them. Pure.
public struct IstioTelemetry: Sendable {
    public let topology: MeshTopology

    public init(topology: MeshTopology) {
        self.topology = topology
    }

    /// The series that `cluster`'s proxies report (every cluster's when nil), in a stable order.
    public func seriesKeys(counts: [[Outcome: Double]], cluster: String?) -> [SeriesKey] {
        var keys: [SeriesKey] = []
        for (index, flow) in topology.flows.enumerated() {
            let outcomes = counts[index].keys.sorted()
            for reporter in Reporter.allCases {
                let proxy = reporter == .source ? flow.source : flow.destination
                guard proxy.hasProxy else { continue }
                // A gateway has no inbound sidecar; traffic to it is reported by its callers only.
                if reporter == .destination && flow.destination.workload.gateway != nil { continue }
                guard cluster == nil || proxy.cluster == cluster else { continue }
                for outcome in outcomes { keys.append(SeriesKey(flow: index, outcome: outcome, reporter: reporter)) }
            }
        }
        return keys
    }

    /// What a page or a history exposes: each of `metrics` that some series carries, with those series (keys grouped
    /// by label set, see `group`), in the order of `metrics`.
    public func families(_ keys: [SeriesKey], metrics: [IstioMetric] = IstioMetric.allCases) -> [(metric: IstioMetric, series: [(labels: String, keys: [SeriesKey])])] {
        let groups = group(keys)
        return metrics.compactMap { metric in
            // The keys of a series share their labels, request_protocol included, hence their metrics.
            let carried = groups.filter { metric.applies(to: topology.flows[$0.keys[0].flow].service.portProtocol) }
            return carried.isEmpty ? nil : (metric, carried)
        }
    }

    /// The series as exposed: keys whose label sets are equal (two flows that differ only in what the labels do not
    /// show, such as sources without a proxy in two clusters) are one series, as Envoy aggregates by labels.
    /// Groups keep the order in which their labels first appear.
    public func group(_ keys: [SeriesKey]) -> [(labels: String, keys: [SeriesKey])] {
        var groups: [(labels: String, keys: [SeriesKey])] = []
        var index: [String: Int] = [:]
        for key in keys {
            let labels = labelText(key)
            if let i = index[labels] {
                groups[i].keys.append(key)
            } else {
                index[labels] = groups.count
                groups.append((labels, [key]))
            }
        }
        return groups
    }

    /// The samples of one exposed series: the sum over its keys, or nil when none of them has carried traffic yet.
    public func samples(_ metric: IstioMetric, _ keys: [SeriesKey], counts: [[Outcome: Double]]) -> [Sample]? {
        var total: [Sample]?
        for key in keys {
            guard let count = counts[key.flow][key.outcome] else { continue }
            let samples = self.samples(metric, key, count: count)
            if var sum = total {
                for i in sum.indices { sum[i].value += samples[i].value }
                total = sum
            } else {
                total = samples
            }
        }
        return total
    }

    /// The label set of a series, rendered `name="value",…` (Istio's standard labels, in Istio's order).
    public func labelText(_ key: SeriesKey) -> String {
        let flow = topology.flows[key.flow]
        let trustDomain = topology.scenario.mesh.trustDomain
        let src = flow.source
        let dst = flow.destination
        let unknownSource = !src.hasProxy
        let unknownDestination = !dst.hasProxy
        func principal(_ i: MeshTopology.Instance) -> String { "spiffe://\(trustDomain)/ns/\(i.namespace)/sa/\(i.workload.serviceAccount)" }
        let proto = flow.service.portProtocol
        var pairs: [(String, String)] = [("reporter", key.reporter.rawValue)]
        if unknownSource {
            pairs += [("source_workload", "unknown"), ("source_canonical_service", "unknown"), ("source_canonical_revision", "latest"),
                      ("source_workload_namespace", "unknown"), ("source_principal", "unknown"), ("source_app", "unknown"),
                      ("source_version", "unknown"), ("source_cluster", "unknown")]
        } else {
            pairs += [("source_workload", src.name), ("source_canonical_service", src.canonicalService), ("source_canonical_revision", src.canonicalRevision),
                      ("source_workload_namespace", src.namespace), ("source_principal", principal(src)), ("source_app", src.workload.app),
                      ("source_version", src.workload.version.isEmpty ? "unknown" : src.workload.version), ("source_cluster", src.cluster)]
        }
        if unknownDestination {
            pairs += [("destination_workload", "unknown"), ("destination_workload_namespace", "unknown"), ("destination_principal", "unknown"),
                      ("destination_app", "unknown"), ("destination_version", "unknown")]
        } else {
            pairs += [("destination_workload", dst.name), ("destination_workload_namespace", dst.namespace), ("destination_principal", principal(dst)),
                      ("destination_app", dst.workload.app), ("destination_version", dst.workload.version.isEmpty ? "unknown" : dst.workload.version)]
        }
        pairs += [("destination_service", "\(flow.service.name).\(flow.serviceNamespace).svc.cluster.local")]
        pairs += [("destination_canonical_service", unknownDestination ? "unknown" : dst.canonicalService),
                  ("destination_canonical_revision", unknownDestination ? "latest" : dst.canonicalRevision)]
        pairs += [("destination_service_name", flow.service.name), ("destination_service_namespace", flow.serviceNamespace),
                  ("destination_cluster", unknownDestination ? "unknown" : dst.cluster)]
        pairs += [("request_protocol", proto.rawValue)]
        if proto != .tcp { pairs += [("response_code", key.outcome.code), ("grpc_response_status", key.outcome.grpcStatus)] }
        pairs += [("response_flags", key.outcome.flags)]
        let policy: String
        switch key.reporter {
        case .source: policy = "unknown"
        case .destination: policy = unknownSource ? "none" : "mutual_tls"
        }
        pairs += [("connection_security_policy", policy)]
        return pairs.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
    }

    /// The samples of `metric` for a series whose flow has carried `count` requests (or connections) with this outcome.
    public func samples(_ metric: IstioMetric, _ key: SeriesKey, count: Double) -> [Sample] {
        let flow = topology.flows[key.flow]
        let edge = topology.scenario.traffic[flow.edge]
        let n = (count + 1e-6).rounded(.down)
        let name = metric.rawValue
        switch metric {
        case .requestsTotal, .requestMessages, .responseMessages, .tcpOpened, .tcpClosed:
            return [Sample(name: name, value: n)]
        case .tcpSentBytes:
            return [Sample(name: name, value: n * edge.responseBytes)]
        case .tcpReceivedBytes:
            return [Sample(name: name, value: n * edge.requestBytes)]
        case .requestDuration:
            let points = LatencyModel.points(median: edge.latencyMs)
            return histogram(name, buckets: IstioMetric.durationBuckets, count: n, points: points)
        case .requestBytes:
            return histogram(name, buckets: IstioMetric.sizeBuckets, count: n, points: [(1, edge.requestBytes)])
        case .responseBytes:
            return histogram(name, buckets: IstioMetric.sizeBuckets, count: n, points: [(1, edge.responseBytes)])
        }
    }

    /// Bucket counts for `count` observations spread over `points` (fraction, value).
    func histogram(_ name: String, buckets: [Double], count: Double, points: [(Double, Double)]) -> [Sample] {
        var samples: [Sample] = []
        for bound in buckets {
            let fraction = points.filter { $0.1 <= bound }.reduce(0) { $0 + $1.0 }
            samples.append(Sample(name: name + "_bucket", le: Self.number(bound), value: (count * fraction + 1e-6).rounded(.down)))
        }
        samples.append(Sample(name: name + "_bucket", le: "+Inf", value: count))
        let mean = points.reduce(0) { $0 + $1.0 * $1.1 }
        samples.append(Sample(name: name + "_sum", value: count * mean))
        samples.append(Sample(name: name + "_count", value: count))
        return samples
    }

    static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// `3` for whole numbers, otherwise Swift's shortest exact form (`0.5`, `1234.5`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// The latency distribution of an edge: half its requests near the median, a tail up to ten times it.
public enum LatencyModel {
    public static func points(median: Double) -> [(Double, Double)] {
        [(0.5, median * 0.9), (0.4, median * 2), (0.09, median * 4), (0.01, median * 10)]
    }
}
