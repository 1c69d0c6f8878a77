/// Turns traffic samples into nodes and edges with Kiali's rules (`graph.md` §6), for one namespace's map.
struct TrafficMapBuilder {
    var map = TrafficMap()
    let options: GraphOptions
    /// Waypoint workloads, consulted when ambient traffic is shown.
    let waypoints: WaypointSet
    /// Samples already added, per edge: Kiali's `tsHashMap` dedupe (§6.4). [PERF] A 64-bit hash of the sample's
    /// identity instead of two SHA-256 per sample; it never leaves the server.
    private var seen = Set<Int>()
    /// Samples skipped, with why, for the debug log.
    private(set) var skipped = 0

    init(options: GraphOptions, waypoints: WaypointSet) {
        self.options = options
        self.waypoints = waypoints
    }

    private static let required = [
        "source_workload_namespace", "source_workload", "source_canonical_service", "source_canonical_revision",
        "destination_service_namespace", "destination_service", "destination_service_name", "destination_workload_namespace",
        "destination_workload", "destination_canonical_service", "destination_canonical_revision",
    ]

    /// Adds every sample of one query's answer.
    mutating func add(_ samples: [MetricSample], metric: String) {
        let isRequests = metric == TrafficQueries.requests
        let isTCP = metric.hasPrefix("istio_tcp")
        for sample in samples { add(sample, metric: metric, isRequests: isRequests, isTCP: isTCP) }
    }

    private mutating func add(_ sample: MetricSample, metric: String, isRequests: Bool, isTCP: Bool) {
        let l = sample.labels
        guard let srcNs = l["source_workload_namespace"], let srcWl = l["source_workload"], let srcApp = l["source_canonical_service"],
            let srcVer = l["source_canonical_revision"], var dstSvcNs = l["destination_service_namespace"], let dstSvc = l["destination_service"],
            var dstSvcName = l["destination_service_name"], var dstWlNs = l["destination_workload_namespace"], var dstWl = l["destination_workload"],
            var dstApp = l["destination_canonical_service"], var dstVer = l["destination_canonical_revision"]
        else {
            skipped += 1
            return
        }
        var flags = ""
        if isRequests || isTCP {
            guard let f = l["response_flags"] else {
                skipped += 1
                return
            }
            flags = f
        }
        let srcClusterLabel = l["source_cluster"]
        let dstClusterLabel = l["destination_cluster"]
        let srcCluster = srcClusterLabel ?? Value.unknown
        var dstCluster = dstClusterLabel ?? Value.unknown

        // Bad source telemetry.
        if Value.ok(srcNs) {
            if !Value.ok(srcWl) && !Value.ok(srcApp) { return skip() }
            if srcClusterLabel != nil && !Value.ok(srcCluster) { return skip() }
        }
        // The egress gateway's own host (kiali#2999).
        let egress = "istio-egressgateway.istio-system.svc.cluster.local"
        if dstSvc == egress && dstSvcName == egress {
            dstCluster = srcCluster
            dstSvcNs = "istio-system"
            dstSvcName = "istio-egressgateway"
            dstWlNs = "istio-system"
            dstWl = "istio-egressgateway"
            dstApp = "istio-egressgateway"
            dstVer = "latest"
        }
        // A missing destination cluster (istio/istio#29373).
        if !Value.ok(dstCluster) && Value.ok(srcCluster) && Value.ok(dstSvcNs) { dstCluster = srcCluster }
        // Bad destination telemetry.
        if !Value.ok(dstWl), Value.ok(dstSvc), Value.ok(dstSvcName), dstSvc == dstSvcName, Self.isIPAddress(dstSvcName) { return skip() }
        if Value.ok(dstSvcNs) && dstClusterLabel != nil && !Value.ok(dstCluster) { return skip() }

        let proto: TrafficProtocol
        var code: String
        if isRequests {
            guard let p = l["request_protocol"], let responseCode = l["response_code"] else { return skip() }
            switch p {
            case "http": proto = .http
            case "grpc": proto = .grpc
            default: return skip()
            }
            if proto == .grpc && options.rates.grpc != .requests { return }
            if proto == .http && options.rates.http != .requests { return }
            let grpcStatus = l["grpc_response_status"]
            if responseCode == "0" {
                code = "-"
            } else if proto != .grpc || Self.isHTTPError(responseCode) || grpcStatus == nil {
                code = responseCode
            } else {
                code = grpcStatus!
            }
        } else if isTCP {
            proto = .tcp
            code = "-"
        } else {
            proto = .grpc
            code = ""
        }
        let host = dstSvc

        var srcWaypoint = false, dstWaypoint = false
        if options.rates.ambient != .none {
            srcWaypoint = waypoints.contains(cluster: srcCluster, namespace: srcNs, name: srcWl)
            dstWaypoint = waypoints.contains(cluster: dstCluster, namespace: dstWlNs, name: dstWl)
        }
        let srcAppUsed = srcWaypoint ? "" : srcApp
        let dstAppUsed = dstWaypoint ? "" : dstApp
        let graphType = options.graphType == .service ? GraphType.workload : options.graphType

        guard let dstIdent = NodeID.make(
            cluster: dstCluster, serviceNamespace: dstSvcNs, service: dstSvcName, workloadNamespace: dstWlNs, workload: dstWl, app: dstAppUsed,
            version: dstVer, graphType: graphType)
        else { return skip() }
        let inject = options.injectServiceNodes && Value.ok(dstSvcName) && dstSvcName != "PassthroughCluster" && dstIdent.type != .service
            && !srcWaypoint && !dstWaypoint

        guard let srcID = node(cluster: srcCluster, svcNs: srcNs, svc: "", wlNs: srcNs, wl: srcWl, app: srcAppUsed, ver: srcVer, graphType: graphType)
        else { return skip() }
        // The destination's ID was computed above: create the node from it, without a second `NodeID.make`.
        let dstID = dstIdent.id
        if map.nodes[dstID] == nil {
            let ns = Value.ok(dstWlNs) ? dstWlNs : dstSvcNs
            map.nodes[dstID] = Node(
                id: dstID, type: dstIdent.type, cluster: dstCluster, namespace: ns, workload: dstWl, app: dstAppUsed, version: dstVer, service: dstSvcName,
                graphType: graphType)
        }
        if srcWaypoint { map.nodes[srcID]!.isWaypoint = true }
        if dstWaypoint { map.nodes[dstID]!.isWaypoint = true }

        // The sample's identity: metric, both ends' identity tuples (source service is empty), code, flags, host.
        var hasher = Hasher()
        hasher.combine(metric)
        hasher.combine(srcCluster)
        hasher.combine(srcNs)
        hasher.combine(srcWl)
        hasher.combine(srcAppUsed)
        hasher.combine(srcVer)
        hasher.combine(dstCluster)
        hasher.combine(dstSvcNs)
        hasher.combine(dstSvcName)
        hasher.combine(dstWlNs)
        hasher.combine(dstWl)
        hasher.combine(dstAppUsed)
        hasher.combine(dstVer)
        hasher.combine(code)
        hasher.combine(flags)
        hasher.combine(host)
        // The protocol decides the edge too (it is not in Kiali's hash, whose set is per edge).
        hasher.combine(proto)
        let sampleHash = hasher.finalize()
        let value = sample.value.isNaN ? 0 : sample.value

        if inject {
            guard let svcID = node(cluster: dstCluster, svcNs: dstSvcNs, svc: dstSvcName, wlNs: "", wl: "", app: "", ver: "", graphType: graphType)
            else { return skip() }
            map.nodes[svcID]!.isInjected = true
            let service = ServiceName(cluster: dstCluster, namespace: dstSvcNs, name: dstSvcName)
            if addEdgeTraffic(from: srcID, to: svcID, proto, value, code: code, flags: flags, host: host, key: sampleHash, destService: service) {
                addEdgeTraffic(from: svcID, to: dstID, proto, value, code: code, flags: flags, host: host, key: sampleHash &+ 1, destService: service)
            }
        } else {
            let service = Value.ok(dstSvcName) ? ServiceName(cluster: dstCluster, namespace: dstSvcNs, name: dstSvcName) : nil
            addEdgeTraffic(from: srcID, to: dstID, proto, value, code: code, flags: flags, host: host, key: sampleHash, destService: service)
        }
    }

    private mutating func skip() { skipped += 1 }

    /// Finds or creates a node; its internal ID, or `nil` when the labels identify nothing.
    private mutating func node(cluster: String, svcNs: String, svc: String, wlNs: String, wl: String, app: String, ver: String, graphType: GraphType) -> String? {
        guard let (id, type) = NodeID.make(
            cluster: cluster, serviceNamespace: svcNs, service: svc, workloadNamespace: wlNs, workload: wl, app: app, version: ver, graphType: graphType)
        else { return nil }
        if map.nodes[id] == nil {
            let ns = Value.ok(wlNs) ? wlNs : svcNs
            map.nodes[id] = Node(id: id, type: type, cluster: cluster, namespace: ns, workload: wl, app: app, version: ver, service: svc, graphType: graphType)
        }
        return id
    }

    /// Adds a sample to the edge `src → dst`; `false` when the edge already has this sample (a duplicate).
    /// - Parameters:
    ///   - key: the sample's identity for this hop. A sample's identity (both ends' tuples, metric, protocol, code,
    ///     flags, host) decides its edge, so one set of keys does what Kiali's per-edge hash sets do.
    ///   - destService: added to the destination's `destServices` when the sample is new.
    @discardableResult
    private mutating func addEdgeTraffic(
        from src: String, to dst: String, _ proto: TrafficProtocol, _ value: Double, code: String, flags: String, host: String, key: Int,
        destService: ServiceName?
    ) -> Bool {
        let fresh = seen.insert(key).inserted
        let c = ResponseClass.of(code, protocol: proto)
        let responseKey = code.isEmpty ? "-" : code
        // One access to the source node: its edge (created even for a zero value, §6.5), its outgoing rate.
        map.nodes[src]!.withEdge(to: dst, protocol: proto) { node, edge in
            guard fresh, value > 0 else { return }
            node.rates.addOut(proto, value)
            edge.rates.add(value, c)
            // In place: a copied ResponseDetail would copy its dictionaries on every sample.
            if !flags.isEmpty { edge.responses[responseKey, default: ResponseDetail()].flags[flags, default: 0] += value }
            if !host.isEmpty { edge.responses[responseKey, default: ResponseDetail()].hosts[host, default: 0] += value }
            if flags.isEmpty && host.isEmpty && edge.responses[responseKey] == nil { edge.responses[responseKey] = ResponseDetail() }
        }
        if fresh && (value > 0 || destService != nil) {
            // One access to the destination: its incoming rate and the service it was reached through.
            map.nodes[dst]!.received(proto, value, c, through: destService)
        }
        return fresh
    }

    /// `^\d+\.\d+\.\d+\.\d+(:\d+)?$`.
    static func isIPAddress(_ s: String) -> Bool {
        var parts = 0, digits = 0, port = false
        for c in s.utf8 {
            if c >= 48 && c <= 57 {
                digits += 1
            } else if c == 46 && !port {
                guard digits > 0 else { return false }
                parts += 1
                digits = 0
            } else if c == 58 && !port && parts == 3 {
                guard digits > 0 else { return false }
                port = true
                parts += 1
                digits = 0
            } else {
                return false
            }
        }
        guard digits > 0 else { return false }
        return port ? parts == 4 : parts == 3
    }

    /// An HTTP 4xx or 5xx code.
    static func isHTTPError(_ code: String) -> Bool {
        let u = Array(code.utf8)
        return u.count == 3 && (u[0] == 52 || u[0] == 53) && u[1] >= 48 && u[1] <= 57 && u[2] >= 48 && u[2] <= 57
    }
}
