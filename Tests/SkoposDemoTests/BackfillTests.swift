import AsyncHTTPClient
import Foundation
import LocalPrometheus
import MeshSim
import PromClient
import SimTestSupport
import SkoposModel
import Testing

/// A real Prometheus on history generated for the built-in scenario and loaded with promtool: exact values at a
/// fixed time.
@Suite("Backfilled Prometheus", .timeLimit(.minutes(3)))
struct BackfillTests {
    static let start = 1_700_000_000  // a multiple of the 5 s interval
    static let at = Double(start + 600)

    @Test("Exact rates for known edges, by cluster, with errors and TCP bytes")
    func exactRates() async throws {
        let tools = try TestPrometheus.tools()
        let topology = MeshTopology(DefaultScenario.load())
        try await withHTTPClient { httpClient in
            try await withTemporaryDirectory { dir in
                let file = dir + "/history.om"
                _ = FileManager.default.createFile(atPath: file, contents: nil)
                let handle = try #require(FileHandle(forWritingAtPath: file))
                try Backfill(start: Self.start, interval: 5, steps: 180, metrics: [.requestsTotal, .tcpSentBytes]).openMetrics(topology) { chunk in
                    try handle.write(contentsOf: Data(chunk.utf8))
                }
                try handle.close()
                try await tools.createBlocks(from: file, into: dir + "/prometheus/data")
                let prometheus = try await LocalPrometheus.start(
                    name: "backfill", tools: tools, configuration: PrometheusConfig.empty(), directory: dir + "/prometheus", httpClient: httpClient
                )
                do {
                    try await check(PrometheusClient(url: prometheus.url, httpClient: httpClient), topology)
                } catch {
                    await prometheus.stop()
                    throw error
                }
                await prometheus.stop()
                #expect(await ProcessTable.waitUntilGone(dir).isEmpty)
            }
        }
    }

    func check(_ prom: PrometheusClient, _ topology: MeshTopology) async throws {
        func value(_ query: String) async throws -> Double? {
            try await prom.query(query, time: Self.at).samples.first?.value
        }
        // productpage (east) sends 8 rps to reviews, a quarter to each of the four reviews in both clusters.
        #expect(try await value(#"sum(rate(istio_requests_total{reporter="source",source_workload="productpage-v1",destination_service_name="reviews"}[1m]))"#) == 8)
        #expect(try await value(#"sum(rate(istio_requests_total{reporter="destination",source_workload="productpage-v1",destination_workload="reviews-v3",destination_cluster="west"}[1m]))"#) == 2)
        // details answers 5% of its 8 rps with 503.
        let errors = try #require(try await value(#"sum(rate(istio_requests_total{reporter="destination",destination_workload="details-v1",response_code="503"}[1m]))"#))
        #expect(abs(errors - 0.4) < 1e-12)
        // mysqldb sends 1200 bytes to each hotels connection and 800 to each flights connection, 1 per second each.
        #expect(try await value(#"sum(rate(istio_tcp_sent_bytes_total{reporter="destination",destination_workload="mysqldb-v1"}[1m]))"#) == 4000)

        // The seed's aggregated query: one row per cluster pair, equal to the scenario's flows.
        let rows = try await prom.query(#"sum(rate(istio_requests_total{reporter="destination"}[1m])) by (source_cluster,destination_cluster)"#, time: Self.at).samples
        var expected: [String: Double] = [:]
        for flow in topology.flows where flow.service.portProtocol != .tcp && flow.destination.hasProxy && flow.destination.workload.gateway == nil {
            expected["\(flow.source.cluster)->\(flow.destination.cluster)", default: 0] += flow.rate
        }
        #expect(rows.count == expected.count)
        for row in rows {
            let key = "\(row.metric["source_cluster"] ?? "?")->\(row.metric["destination_cluster"] ?? "?")"
            let want = try #require(expected[key], "unexpected row \(row.metric)")
            #expect(abs(row.value - want) < 1e-9, "\(key): \(row.value) != \(want)")
        }
        #expect(expected["east->east"] ?? 0 > 0 && expected["east->west"] ?? 0 > 0 && expected["west->west"] ?? 0 > 0)
    }

    @Test("A query Prometheus rejects says why")
    func rejectedQuery() async throws {
        let tools = try TestPrometheus.tools()
        try await withHTTPClient { httpClient in
            try await withTemporaryDirectory { dir in
                let prometheus = try await LocalPrometheus.start(name: "empty", tools: tools, configuration: PrometheusConfig.empty(), directory: dir, httpClient: httpClient)
                let prom = PrometheusClient(url: prometheus.url, httpClient: httpClient)
                await #expect {
                    try await prom.query("sum(rate(istio_requests_total[1m]) by")
                } throws: { error in
                    guard let error = error as? PrometheusError, case .query("bad_data") = error.kind else { return false }
                    return error.description.contains("rejected the query")
                }
                #expect(try await prom.query("vector(1)").samples.first?.value == 1)
                await prometheus.stop()
            }
        }
    }

    @Test("Without Prometheus, the message says how to install it")
    func notInstalled() {
        #expect {
            try PrometheusTools.locate(environment: ["PATH": "/nonexistent"])
        } throws: { error in
            "\(error)".contains("apt-get install --no-install-recommends prometheus")
        }
    }
}

@Suite("Child processes")
struct ChildProcessTests {
    @Test("A child that ignores SIGTERM is killed after the grace period, with everything it started")
    func stubbornChild() async throws {
        try await withTemporaryDirectory { dir in
            let marker = "stubborn-\(UUID().uuidString.prefix(8))"
            let child = try ChildProcess(
                name: "stubborn", executable: "/bin/sh",
                arguments: ["-c", "trap '' TERM; while :; do sleep 0.2; done", marker], logFile: dir + "/stubborn.log"
            )
            try await Task.sleep(for: .milliseconds(300))
            #expect(!ProcessTable.commandLines(containing: marker).isEmpty)
            await child.stop(grace: .seconds(1))
            #expect(await child.exitStatus != nil)
            #expect(await ProcessTable.waitUntilGone(marker, timeout: .seconds(5)).isEmpty)
        }
    }
}
