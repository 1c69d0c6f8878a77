import AsyncHTTPClient
import Foundation
import KubeClient
import PromClient
import SimTestSupport
import SkoposGraph
import SkoposModel
import Testing

/// Kiali's golden graph tests (conventions, section 2): every case file in `Tests/Fixtures/kiali-graph/cases/`, run
/// against an in-process fake Prometheus that matches the exact query text and simulated clusters holding the case's
/// objects, compared byte for byte with Kiali's `.expected` output. `make golden` prints one line per case.
@Suite(.serialized)
struct GoldenGraphTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kiali-graph")

    /// Cases whose feature a later issue builds.
    static let skipped: [String: String] = [:]

    @Test("Every Kiali graph case gives Kiali's bytes")
    func everyCase() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.appendingPathComponent("cases").path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        var passed = 0, failed = 0, skipped = 0
        for file in files {
            let name = String(file.dropLast(5))
            if let reason = Self.skipped[name] {
                print("SKIP \(name): \(reason)")
                skipped += 1
                continue
            }
            do {
                if let difference = try await GoldenCase.run(Self.fixtures.appendingPathComponent("cases/\(file)")) {
                    print("FAIL \(name): \(difference)")
                    failed += 1
                } else {
                    print("PASS \(name)")
                    passed += 1
                }
            } catch {
                print("FAIL \(name): \(error)")
                failed += 1
            }
        }
        print("\(passed) passed, \(failed) failed, \(skipped) skipped")
        #expect(failed == 0)
    }
}

/// One golden case: its request, canned Prometheus answers, Kubernetes objects and expected bytes.
struct GoldenCase {
    /// Runs a case; the first difference from Kiali's output, or `nil` when the bytes are equal.
    static func run(_ url: URL) async throws -> String? {
        let c = try JSONParser.parse(Array(try Data(contentsOf: url)))
        let request = c["request"] ?? .null
        if request["path"]?.stringValue == "/api/mesh/graph" {
            let fixtures = url.deletingLastPathComponent().deletingLastPathComponent()
            let expected = try Data(contentsOf: fixtures.appendingPathComponent(c["expected"]?.stringValue ?? ""))
            return try await GoldenMeshCase.run(c, expected: Array(expected))
        }
        let home = request["cluster"]?.stringValue ?? "east"
        // Objects by cluster; objects without one belong to the home cluster. Go's fake objects have no
        // creationTimestamp (Go's zero time, older than any query); the simulator keeps the one given when seeding.
        var objects: [String: [JSONValue]] = [:]
        for var o in c["kubernetes"]?.arrayValue ?? [] {
            let cluster = o["cluster"]?.stringValue ?? home
            if var m = o["metadata"]?.objectValue {
                if m["creationTimestamp"] == nil { m["creationTimestamp"] = "1970-01-01T00:00:00Z" }
                o = .object((o.objectValue ?? [:]).merging(["metadata": .object(m)]) { $1 }.filter { $0.key != "cluster" })
            }
            objects[cluster, default: []].append(o)
        }
        let prometheus = FakePrometheus()
        for mock in c["prometheus"]?.arrayValue ?? [] {
            // Samples carry no timestamp in the fixtures; Prometheus writes [time, "value"].
            let result: [JSONValue] = (mock["result"]?.arrayValue ?? []).map { s in
                let value = s["value"]
                let text: String = value?.intValue.map(String.init) ?? value.flatMap { if case .double(let d) = $0 { String(d) } else { nil } } ?? "0"
                return ["metric": s["metric"] ?? [:], "value": [.int(1_523_364_075), .string(text)]]
            }
            prometheus.answer(mock["query"]?.stringValue ?? "", with: .array(result))
        }
        let expected = try Data(contentsOf: url.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(c["expected"]?.stringValue ?? ""))
        let scope = (c[path: ["config", "ExternalServices.Prometheus.QueryScope"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)

        var query: [(name: String, value: String)] = []
        for item in (request["rawQuery"]?.stringValue ?? "").split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            query.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }
        if let ambient = request[path: ["optionOverrides", "Rates.Ambient"]]?.stringValue { query.append(("ambientTraffic", ambient)) }
        let route = Self.route(request)
        var options = try GraphOptions.parse(query, route: route, now: 0)
        if let ambient = request[path: ["optionOverrides", "Rates.Ambient"]]?.stringValue { options.rates.ambient = Rates.Ambient(rawValue: ambient)! }

        let objectsByCluster = objects
        let requestOptions = options
        let actual: [UInt8] = try await prometheus.run { promURL in
            try await MeshHarness.withClusters(objectsByCluster, home: home) { registry in
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                defer { Task { try? await http.shutdown() } }
                let engine = GraphEngine(metrics: .prometheus(PrometheusClient(url: promURL, httpClient: http), queryScope: scope))
                let kube = KubeView.snapshot(registry.snapshot())
                return try await engine.graphJSON(requestOptions, kube: kube)
            }
        }
        if !prometheus.unmatched.isEmpty { return "queries without a canned answer: \(prometheus.unmatched)" }
        return Self.firstDifference(expected: Array(expected), actual: actual)
    }

    static func route(_ request: JSONValue) -> GraphOptions.Route {
        let p = request["pathParams"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        switch request["route"]?.stringValue ?? "" {
        case "/api/namespaces/{namespace}/workloads/{workload}/graph": return .workload(namespace: p["namespace"]!, workload: p["workload"]!)
        case "/api/namespaces/{namespace}/applications/{app}/graph": return .app(namespace: p["namespace"]!, app: p["app"]!, version: nil)
        case "/api/namespaces/{namespace}/applications/{app}/versions/{version}/graph":
            return .app(namespace: p["namespace"]!, app: p["app"]!, version: p["version"])
        case "/api/namespaces/{namespace}/services/{service}/graph": return .service(namespace: p["namespace"]!, service: p["service"]!)
        default: return .namespaces
        }
    }

    /// The line where two outputs first differ, with both lines.
    static func firstDifference(expected: [UInt8], actual: [UInt8]) -> String? {
        guard expected != actual else { return nil }
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<end>"
            let al = i < a.count ? String(a[i]) : "<end>"
            if el != al { return "line \(i + 1): expected `\(el.trimmingCharacters(in: .whitespaces))`, got `\(al.trimmingCharacters(in: .whitespaces))`" }
        }
        return "the outputs differ in bytes but not by line (trailing newline?)"
    }
}
