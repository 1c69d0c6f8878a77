import Foundation
import Testing

@testable import MeshSim

@Suite("Scenario files")
struct ScenarioParserTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("The built-in scenario is scenarios/bookinfo-multicluster.yaml, and it parses")
    func builtIn() throws {
        let file = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("scenarios/bookinfo-multicluster.yaml"), encoding: .utf8)
        #expect(DefaultScenario.text + "\n" == file)
        let scenario = try ScenarioParser.parse(file, file: "bookinfo-multicluster.yaml")
        #expect(scenario.clusters.map(\.name) == ["east", "west"])
        let bookinfo = try #require(scenario.namespaces.first { $0.name == "bookinfo" })
        func runs(_ cluster: String) -> [String] { bookinfo.workloads.filter { $0.clusters.contains(cluster) }.map(\.name).sorted() }
        // Conventions §4: the seed's spread of Bookinfo over the two clusters.
        #expect(runs("east") == ["details-v1", "productpage-v1", "ratings-v1", "reviews-v1", "reviews-v2"])
        #expect(runs("west") == ["ratings-v1", "reviews-v2", "reviews-v3"])
        #expect(scenario.namespaces.contains { $0.name == "travel-agency" && $0.workloads.count >= 8 })
    }

    @Test("A minimal scenario takes defaults")
    func minimal() throws {
        let scenario = try ScenarioParser.parse(
            """
            clusters: [one]
            namespaces:
              - name: shop
                services: [{name: web}]
                workloads: [{name: web-v1, app: web, version: v1, clusters: one}]
              - name: ops
                workloads: [{name: client, clusters: [one]}]
            traffic:
              - {from: ops/client, to: web.shop, rate: 3}
            """,
            file: "min.yaml"
        )
        #expect(scenario.mesh == Scenario.Mesh())
        #expect(scenario.clusters == [Scenario.Cluster(name: "one", network: "network-one")])
        let edge = try #require(scenario.traffic.first)
        #expect(edge.rate == 3 && edge.latencyMs == 20 && edge.locality == .all && edge.line == 9)
        let web = scenario.namespaces[0].services[0]
        #expect(web.port == 9080 && web.portProtocol == .http && web.app == "web")
        #expect(scenario.namespaces[1].workloads[0].app == "client")
    }

    static let base = """
        clusters: [east, west]
        namespaces:
          - name: shop
            services:
              - {name: web, port: 8080}
            workloads:
              - {name: web-v1, app: web, version: v1, clusters: [east]}
              - {name: client, clusters: [east, west]}
        traffic:

        """

    /// Each malformed file, the line the error names, and words of its reason.
    static let malformed: [(String, Int, String)] = [
        ("clusters: [east\nnamespaces: []\n", 2, "malformed YAML"),
        ("clusters: [east]\nnamespace: []\n", 2, "unknown key \"namespace\""),
        ("namespaces: []\n", 1, "no \"clusters\" list"),
        ("clusters: [East]\n", 1, "not a valid name"),
        ("clusters: [east, east]\n", 1, "listed twice"),
        (base + "  - {from: shop/client, to: web.shop, rate: 1, latancy: 5ms}\n", 10, "unknown key \"latancy\""),
        (base + "  - {from: shop/nobody, to: web.shop, rate: 1}\n", 10, "no workload \"nobody\""),
        (base + "  - {from: west/shop/web-v1, to: web.shop, rate: 1}\n", 10, "does not run in cluster \"west\""),
        (base + "  - {from: shop/client, to: web, rate: 1}\n", 10, "service.namespace"),
        (base + "  - {from: shop/client, to: db.shop, rate: 1}\n", 10, "no service \"db\""),
        (base + "  - {from: shop/client, to: web.shop}\n", 10, "has no rate"),
        (base + "  - {from: shop/client, to: web.shop, rate: fast}\n", 10, "rate must be a number"),
        (base + "  - {from: shop/client, to: web.shop, rate: -1}\n", 10, "at least 0"),
        (base + "  - {from: shop/client, to: web.shop, rate: 1, errors: {\"503\": 0.7, \"500\": 0.5}}\n", 10, "more than 1"),
        (base + "  - {from: shop/client, to: web.shop, rate: 1, latency: soon}\n", 10, "duration"),
        (base + "  - {from: shop/client, to: web.shop, rate: 1, split: {web-v9: 1}}\n", 10, "not a workload behind service"),
        (base + "  - from: shop/client\n    to: web.shop\n    rate: 1\n    locality: near\n", 13, "locality must be all or local"),
        ("clusters: [east]\nnamespaces:\n  - name: a\n    workloads:\n      - {name: w, clusters: [west]}\n", 5, "not in the clusters list"),
        ("clusters: [east]\nnamespaces:\n  - name: a\n    services:\n      - {name: s, protocol: udp}\n", 5, "protocol must be one of http, grpc, tcp"),
        ("clusters: [east]\nnamespaces:\n  - name: a\n    workloads:\n      - {name: w, clusters: [east], replicas: 0}\n", 5, "replicas must be between 1 and 100"),
        ("clusters: [east]\nfaults:\n  - {workload: east/a/w}\n", 3, "namespace \"a\""),
    ]

    @Test("A malformed scenario gets an error with its line and reason", arguments: 0..<malformed.count)
    func malformedFiles(_ index: Int) {
        let (text, line, reason) = Self.malformed[index]
        do {
            _ = try ScenarioParser.parse(text, file: "bad.yaml")
            Issue.record("case \(index) parsed")
        } catch {
            #expect(error.line == line, "case \(index): \(error)")
            #expect(error.reason.contains(reason), "case \(index): \(error)")
            #expect(error.description.hasPrefix("scenario bad.yaml:\(line):"), "case \(index): \(error)")
        }
    }

    @Test("A missing file is named in the error")
    func missingFile() {
        #expect(throws: ScenarioError(file: "/nonexistent/s.yaml", reason: "no such file")) {
            try ScenarioParser.load(path: "/nonexistent/s.yaml")
        }
    }
}
