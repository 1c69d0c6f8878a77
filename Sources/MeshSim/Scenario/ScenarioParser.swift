import Foundation
import Yams

/// Reads a scenario from YAML, checking every name and number, and reporting the line of the first problem.
public enum ScenarioParser {
    /// - Parameter file: the name used in error messages (a path, or `built-in`).
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ScenarioError(file: file, reason: "malformed YAML: \(error)")
        }
        guard let root else { throw ScenarioError(file: file, line: 1, reason: "the file is empty") }
        let reader = NodeReader(file: file)
        return try reader.scenario(root)
    }

    static func yamlError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioError(file: file, line: mark.line, column: mark.column, reason: "malformed YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ScenarioError(file: file, line: context.mark.line, column: context.mark.column, reason: "duplicate key \(keys)")
        default:
            return ScenarioError(file: file, reason: "malformed YAML: \(error)")
        }
    }
}

/// Walks composed YAML nodes, turning each into a scenario value or a `ScenarioError` at the node's line.
struct NodeReader {
    let file: String

    func fail(_ node: Node?, _ reason: String) -> ScenarioError {
        ScenarioError(file: file, line: node?.mark?.line, column: node?.mark?.column, reason: reason)
    }

    /// The mapping's entries by key, after checking that every key is one of `allowed`.
    func fields(_ node: Node, _ what: String, allowed: Set<String>) throws(ScenarioError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw fail(node, "\(what) must be a mapping") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, "\(what): keys must be strings") }
            guard allowed.contains(name) else {
                throw fail(key, "unknown key \"\(name)\" in \(what) (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node?, _ what: String) throws(ScenarioError) -> [Node] {
        guard let node else { return [] }
        if case .scalar = node, node.null != nil { return [] }
        guard case .sequence(let items) = node else { throw fail(node, "\(what) must be a list") }
        return Array(items)
    }

    func string(_ node: Node?, _ what: String, required: Bool = true, parent: Node? = nil) throws(ScenarioError) -> String? {
        guard let node else {
            if required { throw fail(parent, "\(what) is missing") }
            return nil
        }
        guard case .scalar(let scalar) = node, node.null == nil else { throw fail(node, "\(what) must be a string") }
        guard !scalar.string.isEmpty else { throw fail(node, "\(what) must not be empty") }
        return scalar.string
    }

    func name(_ node: Node?, _ what: String, parent: Node?) throws(ScenarioError) -> String {
        let value = try string(node, what, parent: parent)!
        guard Self.isDNSLabel(value) else {
            throw fail(node, "\(what) \"\(value)\" is not a valid name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters")
        }
        return value
    }

    func number(_ node: Node?, _ what: String, default value: Double, minimum: Double = 0) throws(ScenarioError) -> Double {
        guard let node else { return value }
        guard case .scalar(let scalar) = node, let number = Double(scalar.string), number.isFinite else {
            throw fail(node, "\(what) must be a number")
        }
        guard number >= minimum else { throw fail(node, "\(what) must be at least \(minimum.formatted)") }
        return number
    }

    func integer(_ node: Node?, _ what: String, default value: Int, range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        guard let node else { return value }
        guard case .scalar(let scalar) = node, let number = Int(scalar.string) else { throw fail(node, "\(what) must be a whole number") }
        guard range.contains(number) else { throw fail(node, "\(what) must be between \(range.lowerBound) and \(range.upperBound)") }
        return number
    }

    func bool(_ node: Node?, _ what: String, default value: Bool) throws(ScenarioError) -> Bool {
        guard let node else { return value }
        guard let b = node.bool else { throw fail(node, "\(what) must be true or false") }
        return b
    }

    /// A list of names, or one name.
    func names(_ node: Node?, _ what: String, parent: Node?) throws(ScenarioError) -> [String] {
        guard let node else { return [] }
        if case .scalar = node { return [try name(node, what, parent: parent)] }
        var result: [String] = []
        for item in try sequence(node, what) { result.append(try name(item, what, parent: node)) }
        return result
    }

    /// Milliseconds from `25`, `25ms` or `1.5s`.
    func milliseconds(_ node: Node?, _ what: String, default value: Double) throws(ScenarioError) -> Double {
        guard let node else { return value }
        guard case .scalar(let scalar) = node else { throw fail(node, "\(what) must be a duration such as 25ms or 1.5s") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        let parsed: Double?
        if text.hasSuffix("ms") {
            parsed = Double(text.dropLast(2))
        } else if text.hasSuffix("s") {
            parsed = Double(text.dropLast()).map { $0 * 1000 }
        } else {
            parsed = Double(text)
        }
        guard let parsed, parsed.isFinite, parsed > 0 else { throw fail(node, "\(what) must be a positive duration such as 25ms or 1.5s, not \"\(text)\"") }
        return parsed
    }

    // MARK: The scenario's parts

    func scenario(_ root: Node) throws(ScenarioError) -> Scenario {
        let top = try fields(root, "the scenario", allowed: ["mesh", "clusters", "namespaces", "traffic", "faults"])
        var mesh = Scenario.Mesh()
        if let node = top["mesh"] {
            let f = try fields(node, "mesh", allowed: ["id", "trustDomain", "istioVersion"])
            mesh.id = try string(f["id"], "mesh.id", required: false) ?? mesh.id
            mesh.trustDomain = try string(f["trustDomain"], "mesh.trustDomain", required: false) ?? mesh.trustDomain
            mesh.istioVersion = try string(f["istioVersion"], "mesh.istioVersion", required: false) ?? mesh.istioVersion
        }
        guard top["clusters"] != nil else { throw fail(root, "the scenario has no \"clusters\" list") }
        var clusters: [Scenario.Cluster] = []
        for item in try sequence(top["clusters"], "clusters") {
            if case .scalar = item {
                let n = try name(item, "cluster name", parent: item)
                clusters.append(.init(name: n, network: "network-\(n)"))
                continue
            }
            let f = try fields(item, "a cluster", allowed: ["name", "network"])
            let n = try name(f["name"], "cluster name", parent: item)
            clusters.append(.init(name: n, network: try string(f["network"], "network", required: false) ?? "network-\(n)"))
        }
        guard !clusters.isEmpty else { throw fail(top["clusters"], "clusters must list at least one cluster") }
        var seenClusters = Set<String>()
        for (item, cluster) in zip(try sequence(top["clusters"], "clusters"), clusters) where !seenClusters.insert(cluster.name).inserted {
            throw fail(item, "cluster \"\(cluster.name)\" is listed twice")
        }
        var namespaces: [Scenario.Namespace] = []
        for item in try sequence(top["namespaces"], "namespaces") {
            let ns = try namespace(item, clusters: seenClusters)
            if namespaces.contains(where: { $0.name == ns.name }) { throw fail(item, "namespace \"\(ns.name)\" is listed twice") }
            namespaces.append(ns)
        }
        let partial = Scenario(mesh: mesh, clusters: clusters, namespaces: namespaces, traffic: [])
        var traffic: [Scenario.Edge] = []
        for item in try sequence(top["traffic"], "traffic") { traffic.append(try edge(item, in: partial)) }
        var faults: [Scenario.Fault] = []
        for item in try sequence(top["faults"], "faults") {
            let f = try fault(item)
            if let problem = partial.problem(with: f.target) { throw fail(item, problem) }
            faults.append(f)
        }
        return Scenario(mesh: mesh, clusters: clusters, namespaces: namespaces, traffic: traffic, faults: faults)
    }

    func namespace(_ node: Node, clusters known: Set<String>) throws(ScenarioError) -> Scenario.Namespace {
        let f = try fields(node, "a namespace", allowed: ["name", "clusters", "injection", "services", "workloads"])
        let n = try name(f["name"], "namespace name", parent: node)
        var services: [Scenario.Service] = []
        for item in try sequence(f["services"], "services") {
            let s = try fields(item, "a service", allowed: ["name", "app", "port", "targetPort", "protocol", "type"])
            let sname = try name(s["name"], "service name", parent: item)
            let protocolText = try string(s["protocol"], "protocol", required: false) ?? "http"
            guard let proto = Scenario.PortProtocol(rawValue: protocolText) else {
                throw fail(s["protocol"], "protocol must be one of http, grpc, tcp, not \"\(protocolText)\"")
            }
            let type = try string(s["type"], "type", required: false) ?? "ClusterIP"
            guard ["ClusterIP", "NodePort", "LoadBalancer"].contains(type) else {
                throw fail(s["type"], "type must be ClusterIP, NodePort or LoadBalancer, not \"\(type)\"")
            }
            let port = try integer(s["port"], "port", default: 9080, range: 1...65535)
            if services.contains(where: { $0.name == sname }) { throw fail(item, "service \"\(sname)\" is listed twice in namespace \"\(n)\"") }
            services.append(.init(
                name: sname,
                app: try s["app"].map { (node: Node) throws(ScenarioError) in try name(node, "app", parent: item) },
                port: port,
                targetPort: try integer(s["targetPort"], "targetPort", default: port, range: 1...65535),
                portProtocol: proto,
                type: type
            ))
        }
        var workloads: [Scenario.Workload] = []
        for item in try sequence(f["workloads"], "workloads") {
            let w = try fields(item, "a workload", allowed: ["name", "app", "version", "clusters", "replicas", "serviceAccount", "gateway"])
            let wname = try name(w["name"], "workload name", parent: item)
            let clusters = try names(w["clusters"], "cluster name", parent: item)
            guard !clusters.isEmpty else { throw fail(item, "workload \"\(wname)\" has no \"clusters\" to run in") }
            if let unknown = clusters.first(where: { !known.contains($0) }) {
                throw fail(w["clusters"], "workload \"\(wname)\" runs in cluster \"\(unknown)\", which is not in the clusters list")
            }
            if workloads.contains(where: { $0.name == wname }) { throw fail(item, "workload \"\(wname)\" is listed twice in namespace \"\(n)\"") }
            let gateway = try string(w["gateway"], "gateway", required: false)
            if let gateway, !["ingress", "egress"].contains(gateway) {
                throw fail(w["gateway"], "gateway must be ingress or egress, not \"\(gateway)\"")
            }
            let app = try w["app"].map { (node: Node) throws(ScenarioError) in try name(node, "app", parent: item) } ?? wname
            workloads.append(.init(
                name: wname,
                app: app,
                version: try string(w["version"], "version", required: false) ?? "",
                clusters: clusters,
                replicas: try integer(w["replicas"], "replicas", default: 1, range: 1...100),
                serviceAccount: try w["serviceAccount"].map { (node: Node) throws(ScenarioError) in try name(node, "serviceAccount", parent: item) },
                gateway: gateway
            ))
        }
        let extra = try names(f["clusters"], "cluster name", parent: node)
        if let unknown = extra.first(where: { !known.contains($0) }) {
            throw fail(f["clusters"], "namespace \"\(n)\" lists cluster \"\(unknown)\", which is not in the clusters list")
        }
        return .init(
            name: n,
            clusters: extra,
            injection: try bool(f["injection"], "injection", default: true),
            services: services,
            workloads: workloads
        )
    }

    func edge(_ node: Node, in scenario: Scenario) throws(ScenarioError) -> Scenario.Edge {
        let f = try fields(node, "a traffic entry", allowed: ["from", "to", "rate", "errors", "latency", "requestBytes", "responseBytes", "locality", "split"])
        let fromText = try string(f["from"], "from", parent: node)!
        guard let from = Scenario.WorkloadRef(parsing: fromText) else {
            throw fail(f["from"], "from must be namespace/workload or cluster/namespace/workload, not \"\(fromText)\"")
        }
        let toText = try string(f["to"], "to", parent: node)!
        let toParts = toText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard toParts.count == 2, toParts.allSatisfy({ !$0.isEmpty }) else {
            throw fail(f["to"], "to must be service.namespace, not \"\(toText)\"")
        }
        if let problem = scenario.problem(with: from) { throw fail(f["from"], problem) }
        guard let targetNamespace = scenario.namespaces.first(where: { $0.name == toParts[1] }) else {
            throw fail(f["to"], "to: namespace \"\(toParts[1])\" is not in the namespaces list")
        }
        guard let targetService = targetNamespace.services.first(where: { $0.name == toParts[0] }) else {
            throw fail(f["to"], "to: namespace \"\(toParts[1])\" has no service \"\(toParts[0])\"")
        }
        let backends = targetNamespace.workloads.filter { $0.app == targetService.app }
        guard !backends.isEmpty else {
            throw fail(f["to"], "to: service \"\(toText)\" selects no workload (none has app \"\(targetService.app)\")")
        }
        guard f["rate"] != nil else { throw fail(node, "the traffic entry from \(fromText) to \(toText) has no rate") }
        var errors: [String: Double] = [:]
        if let errorsNode = f["errors"] {
            guard case .mapping(let mapping) = errorsNode else { throw fail(errorsNode, "errors must map response codes to fractions, e.g. {\"503\": 0.05}") }
            for (key, value) in mapping {
                guard let code = key.string, !code.isEmpty, code.allSatisfy(\.isNumber), let numeric = Int(code) else {
                    throw fail(key, "errors: a response code must be a number")
                }
                switch targetService.portProtocol {
                case .tcp:
                    throw fail(errorsNode, "errors: service \"\(toText)\" is TCP, which has no response codes (use faults to refuse connections)")
                case .grpc:
                    guard (1...16).contains(numeric) else { throw fail(key, "errors: \(code) is not a gRPC status code (1 to 16; 14 is UNAVAILABLE)") }
                case .http:
                    guard (100...599).contains(numeric), code.count == 3 else { throw fail(key, "errors: \(code) is not an HTTP status code (100 to 599)") }
                }
                let fraction = try number(value, "errors[\(code)]", default: 0)
                guard fraction <= 1 else { throw fail(value, "errors[\(code)] is a fraction of requests and must be at most 1") }
                errors[code] = fraction
            }
            if errors.values.reduce(0, +) > 1 + 1e-9 { throw fail(errorsNode, "errors add up to more than 1 (all requests)") }
        }
        var split: [String: Double] = [:]
        if let splitNode = f["split"] {
            guard case .mapping(let mapping) = splitNode else { throw fail(splitNode, "split must map workloads to weights, e.g. {reviews-v1: 80, reviews-v2: 20}") }
            for (key, value) in mapping {
                guard let target = key.string, !target.isEmpty else { throw fail(key, "split: keys must be workload or cluster/workload") }
                let parts = target.split(separator: "/").map(String.init)
                guard parts.count <= 2, backends.contains(where: { $0.name == parts.last! && (parts.count == 1 || $0.clusters.contains(parts[0])) }) else {
                    throw fail(key, "split: \"\(target)\" is not a workload behind service \"\(toText)\" (those are: \(backends.map(\.name).joined(separator: ", ")))")
                }
                split[target] = try number(value, "split[\(target)]", default: 0)
            }
        }
        let localityText = try string(f["locality"], "locality", required: false) ?? "all"
        guard let locality = Scenario.Locality(rawValue: localityText) else {
            throw fail(f["locality"], "locality must be all or local, not \"\(localityText)\"")
        }
        return Scenario.Edge(
            from: from,
            toNamespace: toParts[1],
            toService: toParts[0],
            rate: try number(f["rate"], "rate", default: 0),
            errors: errors,
            latencyMs: try milliseconds(f["latency"], "latency", default: 20),
            requestBytes: try number(f["requestBytes"], "requestBytes", default: 400),
            responseBytes: try number(f["responseBytes"], "responseBytes", default: 2_000),
            locality: locality,
            split: split,
            line: node.mark?.line ?? 0
        )
    }

    func fault(_ node: Node) throws(ScenarioError) -> Scenario.Fault {
        let f = try fields(node, "a fault", allowed: ["workload", "code", "percent"])
        let text = try string(f["workload"], "workload", parent: node)!
        guard let target = Scenario.WorkloadRef(parsing: text) else {
            throw fail(f["workload"], "workload must be namespace/workload or cluster/namespace/workload, not \"\(text)\"")
        }
        let code = try string(f["code"], "code", required: false) ?? "503"
        guard code.count == 3, code.allSatisfy(\.isNumber) else { throw fail(f["code"], "code must be an HTTP status such as 503") }
        let percent = try number(f["percent"], "percent", default: 100)
        guard percent <= 100 else { throw fail(f["percent"], "percent must be between 0 and 100") }
        return .init(target: target, code: code, percent: percent)
    }

    static func isDNSLabel(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 63 else { return false }
        let bytes = Array(s.utf8)
        func ok(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard ok(bytes.first!), ok(bytes.last!) else { return false }
        return bytes.allSatisfy { ok($0) || $0 == 0x2D }
    }
}

extension Double {
    /// `10` for whole numbers, `0.5` otherwise: numbers in messages as a user wrote them.
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

extension Scenario {
    /// Why `ref` names no running workload, or nil when it does.
    func problem(with ref: WorkloadRef) -> String? {
        guard let ns = namespaces.first(where: { $0.name == ref.namespace }) else {
            return "namespace \"\(ref.namespace)\" (in \(ref)) is not in the namespaces list"
        }
        guard let workload = ns.workloads.first(where: { $0.name == ref.workload }) else {
            return "namespace \"\(ref.namespace)\" has no workload \"\(ref.workload)\""
        }
        if let cluster = ref.cluster, !workload.clusters.contains(cluster) {
            return "workload \"\(ref.namespace)/\(ref.workload)\" does not run in cluster \"\(cluster)\" (it runs in \(workload.clusters.joined(separator: ", ")))"
        }
        return nil
    }
}

extension ScenarioParser {
    /// Reads the scenario at `path`, or the built-in one when `path` is nil.
    public static func load(path: String?) throws(ScenarioError) -> Scenario {
        guard let path else { return DefaultScenario.load() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ScenarioError(file: path, reason: "is not UTF-8 text") }
        return try parse(text, file: path)
    }
}
