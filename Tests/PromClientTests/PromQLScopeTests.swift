import Foundation
import PromClient
import Testing

/// `query_scope` as a pure text transform (`graph.md` §5.1 step 1).
@Suite struct PromQLScopeTests {
    @Test func oneLabelGoesFirstInTheSelector() {
        #expect(
            PromQL.applyingScope(["mesh_id": "mesh1"], to: #"istio_requests_total{reporter="source"}"#)
                == #"istio_requests_total{mesh_id="mesh1",reporter="source"}"#
        )
    }

    @Test func severalLabelsAreSortedByName() {
        let scope = ["zone": "z1", "cluster_set": "prod", "mesh_id": "mesh1", "a": "x"]
        #expect(
            PromQL.applyingScope(scope, to: #"up{job="kube"}"#)
                == #"up{a="x",cluster_set="prod",mesh_id="mesh1",zone="z1",job="kube"}"#
        )
    }

    @Test func everyBraceGetsTheScope() {
        let query = #"sum(rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo"}[60s])) by (app) / sum(rate(istio_tcp_sent_bytes_total{}[60s]))"#
        let expected =
            #"sum(rate(istio_requests_total{mesh_id="m",reporter="source",source_workload_namespace="bookinfo"}[60s])) by (app) / sum(rate(istio_tcp_sent_bytes_total{mesh_id="m",}[60s]))"#
        #expect(PromQL.applyingScope(["mesh_id": "m"], to: query) == expected)
        #expect(PromQL.applyingScope(["mesh_id": "m"], to: "{{").components(separatedBy: "mesh_id").count == 3)
    }

    @Test func labelNamesAreSanitised() {
        #expect(PromQL.sanitizedLabelName("mesh-id") == "mesh_id")
        #expect(PromQL.sanitizedLabelName("topology.kubernetes.io/zone") == "topology_kubernetes_io_zone")
        #expect(PromQL.sanitizedLabelName("1st") == "_st")
        #expect(PromQL.sanitizedLabelName("a1_B") == "a1_B")
        #expect(PromQL.sanitizedLabelName("") == "_")
        #expect(PromQL.sanitizedLabelName("zoné") == "zon_")
        #expect(PromQL.applyingScope(["mesh-id": "mesh1"], to: "x{}") == #"x{mesh_id="mesh1",}"#)
    }

    @Test func sortingUsesTheSanitisedName() {
        // "b-x" becomes "b_x", which sorts before "b_y"; "a.z" becomes "a_z".
        #expect(PromQL.applyingScope(["b_y": "2", "b-x": "1", "a.z": "0"], to: "m{}") == #"m{a_z="0",b_x="1",b_y="2",}"#)
    }

    @Test func valuesAreWrittenAsPromQLStrings() {
        #expect(PromQL.applyingScope(["l": #"a"b\c"#], to: "m{}") == #"m{l="a\"b\\c",}"#)
        #expect(PromQL.applyingScope(["l": "line1\nline2"], to: "m{}") == #"m{l="line1\nline2",}"#)
    }

    @Test func nothingToDo() {
        #expect(PromQL.applyingScope([:], to: #"up{job="x"}"#) == #"up{job="x"}"#)
        #expect(PromQL.applyingScope(["mesh_id": "m"], to: "vector(1)") == "vector(1)")
        #expect(PromQL.applyingScope(["mesh_id": "m"], to: "") == "")
    }

    @Test func theClientOffersItsConfiguredScope() async throws {
        let client = try PrometheusClient(configuration: .init(url: "http://127.0.0.1:9", queryScope: ["mesh_id": "mesh1"]))
        #expect(client.queryScope == ["mesh_id": "mesh1"])
        #expect(client.scoped("up{}") == #"up{mesh_id="mesh1",}"#)
        try await client.shutdown()
    }
}
