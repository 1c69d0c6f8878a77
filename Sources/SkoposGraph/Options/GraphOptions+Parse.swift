/// Parsing Kiali's graph query parameters (`graph.md` §3; upstream `graph.NewOptions` and `ParseAppenders`).
extension GraphOptions {
    /// The route a graph request came in on, with its path parameters.
    public enum Route: Sendable, Hashable {
        /// `/api/namespaces/graph`.
        case namespaces
        /// `/api/namespaces/{namespace}/workloads/{workload}/graph`.
        case workload(namespace: String, workload: String)
        /// `/api/namespaces/{namespace}/applications/{app}/graph` and `.../versions/{version}/graph`.
        case app(namespace: String, app: String, version: String?)
        /// `/api/namespaces/{namespace}/services/{service}/graph`.
        case service(namespace: String, service: String)
        /// `/api/namespaces/{namespace}/aggregates/{aggregate}/{aggregateValue}[/{service}]/graph`.
        case aggregate(namespace: String, aggregate: String, value: String, service: String?)
    }

    /// Parses the query parameters of a graph request.
    /// - Parameters:
    ///   - query: the parameters in URL order; a bare name (`appenders`) has the value `""`.
    ///   - route: the route and its path parameters.
    ///   - now: the current Unix time, the default `queryTime`.
    /// - Throws: ``GraphError`` with kind `.badRequest` naming the parameter and the bad value.
    ///   - strict: answer 400 for a parameter name the graph routes do not know (`server.strict_query_params`);
    ///     otherwise unknown names are ignored (`backend.md` §1.4 [FIX]).
    public static func parse(
        _ query: [(name: String, value: String)], route: Route = .namespaces, now: Int64, strict: Bool = false
    ) throws(GraphError) -> GraphOptions {
        var o = GraphOptions()
        o.queryTime = now
        var params: [String: String] = [:]
        for (name, value) in query where params[name] == nil {
            if strict && !knownParameters.contains(name) { throw GraphError(.badRequest, "unsupported query parameter '\(name)'") }
            params[name] = value
        }

        func bool(_ name: String) throws(GraphError) -> Bool? {
            // An empty value means the default, as Kiali reads it.
            guard let text = params[name], !text.isEmpty else { return nil }
            switch text {
            case "1", "t", "T", "TRUE", "true", "True": return true
            case "0", "f", "F", "FALSE", "false", "False": return false
            default: throw GraphError(.badRequest, "Invalid value for \(name) [\(text)]: expected true or false")
            }
        }
        func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(GraphError) -> E? where E.RawValue == String {
            guard let text = params[name], !text.isEmpty else { return nil }
            guard let value = E(rawValue: text) else {
                let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
                throw GraphError(.badRequest, "Invalid value for \(name) [\(text)]: expected one of \(allowed)")
            }
            return value
        }

        if let t = try choice("graphType", GraphType.self) { o.graphType = t }
        if let text = params["duration"], !text.isEmpty {
            guard let seconds = PromDuration.seconds(text), seconds > 0 else {
                throw GraphError(.badRequest, "Invalid duration [\(text)]: expected a Prometheus duration such as 600s or 10m")
            }
            o.duration = seconds
        }
        if let text = params["queryTime"], !text.isEmpty {
            guard let t = Int64(text), t >= 0 else {
                throw GraphError(.badRequest, "Invalid queryTime [\(text)]: expected Unix seconds")
            }
            o.queryTime = t
            o.queryTimeGiven = true
        }
        o.injectServiceNodes = try bool("injectServiceNodes") ?? false
        o.includeIdleEdges = try bool("includeIdleEdges") ?? false
        o.waypoints = try bool("waypoints") ?? true
        if let text = params["boxBy"], !text.isEmpty {
            for token in text.split(separator: ",", omittingEmptySubsequences: true).map({ $0.trimmingSpaces }) {
                switch token {
                case "app": o.boxBy.insert(.app)
                case "namespace": o.boxBy.insert(.namespace)
                case "cluster": o.boxBy.insert(.cluster)
                default: throw GraphError(.badRequest, "Invalid boxBy [\(text)]: expected a list of app, cluster, namespace")
                }
            }
        }
        if let http = try choice("rateHttp", Rates.HTTP.self) { o.rates.http = http }
        if let grpc = try choice("rateGrpc", Rates.GRPC.self) { o.rates.grpc = grpc }
        if let tcp = try choice("rateTcp", Rates.TCP.self) { o.rates.tcp = tcp }
        if let ambient = try choice("ambientTraffic", Rates.Ambient.self) { o.rates.ambient = ambient }
        if let rt = try choice("responseTime", ResponseTimeQuantile.self) { o.responseTime = rt }
        if let tt = try choice("throughputType", ThroughputType.self) { o.throughputType = tt }
        if let aggregate = params["aggregate"], !aggregate.isEmpty {
            guard PromLabel.isValidName(aggregate) else { throw GraphError(.badRequest, "Invalid aggregate [\(aggregate)]: not a metric label name") }
            o.aggregate = aggregate
        }
        for vendor in ["configVendor", "telemetryVendor"] {
            let expected = vendor == "configVendor" ? "common" : "istio"
            if let v = params[vendor], !v.isEmpty, v != expected {
                throw GraphError(.badRequest, "Invalid \(vendor) [\(v)]: the only value is \(expected)")
            }
        }
        if let text = params["refreshInterval"], !text.isEmpty {
            guard let ms = Int(text) else { throw GraphError(.badRequest, "Invalid refreshInterval [\(text)]: expected milliseconds") }
            if ms > 0, !(10_000...900_000).contains(ms) {
                throw GraphError(.badRequest, "Invalid refreshInterval [\(text)]: must be between 10000 and 900000 ms, or 0 or less to bypass the cache")
            }
            o.refreshInterval = ms
        }
        if let text = params["appenders"] {
            var set: AppenderSet = []
            for token in text.split(separator: ",", omittingEmptySubsequences: true).map({ $0.trimmingSpaces }) where !token.isEmpty {
                guard let a = AppenderSet.byName[token] else { throw GraphError(.badRequest, "Invalid appender [\(token)]") }
                set.formUnion(a)
            }
            o.appenders = set
        }
        if o.graphType == .service { o.injectServiceNodes = true }

        let clusterName = params["clusterName"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        try validateName(clusterName, "clusterName")
        switch route {
        case .namespaces:
            let list = params["namespaces"] ?? ""
            var seen = Set<String>()
            for name in list.split(separator: ",").map({ $0.trimmingSpaces }) where !name.isEmpty && seen.insert(name).inserted {
                o.namespaces.append(name)
            }
            guard !o.namespaces.isEmpty else { throw GraphError(.badRequest, "At least one namespace must be specified via the namespaces query parameter.") }
            guard o.namespaces.count <= maximumNamespaces else {
                throw GraphError(.badRequest, "Too many namespaces [\(o.namespaces.count)]: at most \(maximumNamespaces) per graph")
            }
        case .workload(let namespace, let workload):
            var node = NodeSelection(namespace: namespace)
            node.workload = workload
            node.cluster = clusterName
            o.node = node
        case .app(let namespace, let app, let version):
            guard o.graphType == .app || o.graphType == .versionedApp else {
                throw GraphError(.badRequest, "Invalid graphType [\(o.graphType.rawValue)]: an app node graph needs graphType app or versionedApp")
            }
            var node = NodeSelection(namespace: namespace)
            node.app = app
            node.version = version ?? ""
            node.cluster = clusterName
            o.node = node
        case .service(let namespace, let service):
            var node = NodeSelection(namespace: namespace)
            node.service = service
            node.cluster = clusterName
            o.node = node
        case .aggregate(let namespace, let aggregate, let value, let service):
            guard PromLabel.isValidName(aggregate) else { throw GraphError(.badRequest, "Invalid aggregate [\(aggregate)]: not a metric label name") }
            var node = NodeSelection(namespace: namespace)
            node.aggregate = aggregate
            node.aggregateValue = value
            node.service = service ?? ""
            node.cluster = clusterName
            o.node = node
            o.appenders.insert(.aggregateNode)
        }
        if let node = o.node {
            o.namespaces = [node.namespace]
            guard !node.namespace.isEmpty else { throw GraphError(.badRequest, "A node graph needs a namespace") }
            try validateName(node.workload, "workload")
            try validateName(node.app, "app")
            try validateName(node.version, "version")
            try validateName(node.service, "service")
        }
        for ns in o.namespaces { try validateName(ns, "namespace") }
        return o
    }

    /// The parameter names the graph routes read.
    public static let knownParameters: Set<String> = [
        "namespaces", "graphType", "duration", "queryTime", "injectServiceNodes", "includeIdleEdges", "boxBy", "appenders", "rateHttp",
        "rateGrpc", "rateTcp", "ambientTraffic", "responseTime", "throughputType", "aggregate", "waypoints", "clusterName", "refreshInterval",
        "configVendor", "telemetryVendor",
    ]

    /// The most namespaces one graph request may name.
    public static let maximumNamespaces = 5_000

    /// Names that go into PromQL (namespaces, workloads, apps, versions, services, clusters) may only hold the
    /// characters of Kubernetes names and label values: a quote or brace would change the query (PromQL injection).
    static func validateName(_ value: String, _ what: String) throws(GraphError) {
        guard !value.isEmpty else { return }
        let ok = value.utf8.count <= 253 && value.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 95
        }
        guard ok else { throw GraphError(.badRequest, "Invalid \(what) [\(value)]: only letters, digits, '-', '.' and '_' are allowed") }
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
