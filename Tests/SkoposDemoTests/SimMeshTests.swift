import AsyncHTTPClient
import Foundation
import KubeTypes
import NIOCore
import SimTestSupport
import SkoposModel
import Testing

/// `skopos sim` with mesh content: Istio and Bookinfo in the clusters, as kubectl sees them, and each cluster's
/// telemetry on its own `/metrics`.
@Suite("skopos sim with mesh content", .timeLimit(.minutes(3)))
struct SimMeshTests {
    @Test("kubectl sees istiod with CLUSTER_ID, the mesh ID and Bookinfo spread over both clusters")
    func meshObjects() async throws {
        try await withTemporaryDirectory { dir in
            let sim = try await SimProcess.start(["--dir", dir])
            defer { sim.kill() }
            #expect(sim.lines.contains { $0.hasPrefix("east metrics: http://127.0.0.1:") })
            let kubectl = Kubectl(kubeconfig: dir + "/kubeconfig", home: dir)
            for cluster in ["east", "west"] {
                let id = try await kubectl.check(["--context", cluster, "get", "deploy", "istiod", "-n", "istio-system",
                                                  "-o", "jsonpath={.spec.template.spec.containers[0].env[?(@.name==\"CLUSTER_ID\")].value}"])
                #expect(id == cluster)
                let mesh = try await kubectl.check(["--context", cluster, "get", "cm", "istio", "-n", "istio-system", "-o", "jsonpath={.data.mesh}"])
                #expect(mesh.contains("meshId: mesh1"))
                #expect(try await kubectl.check(["--context", cluster, "get", "gateway", "cross-network-gateway", "-n", "istio-system", "-o", "name"])
                    .contains("cross-network-gateway"))
            }
            // Pods come up with their sidecars: wait for the Deployments as a user would.
            _ = try await kubectl.check(["--context", "west", "rollout", "status", "deploy/reviews-v3", "-n", "bookinfo", "--timeout=60s"])
            let west = try await kubectl.check(["--context", "west", "get", "pods", "-n", "bookinfo", "-l", "app=reviews",
                                                "-o", "jsonpath={range .items[*]}{.metadata.labels.version} {.spec.containers[*].name}{\"\\n\"}{end}"])
            #expect(west.split(separator: "\n").map(String.init).sorted() == ["v2 reviews istio-proxy", "v3 reviews istio-proxy"])
            let eastDeployments = try await kubectl.check(["--context", "east", "get", "deploy", "-n", "bookinfo", "-o", "name"])
            #expect(eastDeployments.split(separator: "\n").sorted() == [
                "deployment.apps/details-v1", "deployment.apps/productpage-v1", "deployment.apps/ratings-v1",
                "deployment.apps/reviews-v1", "deployment.apps/reviews-v2",
            ])
            #expect(try await kubectl.check(["--context", "east", "get", "deploy", "istio-ingressgateway", "-n", "istio-system", "-o", "name"]) != "")

            // istiod's status through the API server's pod proxy, as a console reads it (issue 18, item 5).
            for cluster in ["east", "west"] {
                let pod = try await kubectl.check(["--context", cluster, "get", "pods", "-n", "istio-system", "-l", "app=istiod", "-o", "jsonpath={.items[0].metadata.name}"])
                let version = try await kubectl.check(["--context", cluster, "get", "--raw", "/api/v1/namespaces/istio-system/pods/\(pod):15014/proxy/version"])
                #expect(version == "1.24.2", "\(cluster): \(version)")
                #expect(try await kubectl.run(["--context", cluster, "get", "--raw", "/api/v1/namespaces/istio-system/pods/\(pod)/proxy/ready"]).succeeded)
                let syncz = try JSONParser.parse(try await kubectl.check(["--context", cluster, "get", "--raw", "/api/v1/namespaces/istio-system/pods/\(pod):15014/proxy/debug/syncz"]))
                #expect(syncz.arrayValue?.allSatisfy { $0["cluster_id"]?.stringValue == cluster } == true && syncz.arrayValue?.isEmpty == false)
            }
            // A pod nothing runs: 503 saying so, nothing dialled.
            let details = try await kubectl.check(["--context", "east", "get", "pods", "-n", "bookinfo", "-l", "app=details", "-o", "jsonpath={.items[0].metadata.name}"])
            let unserved = try await kubectl.run(["--context", "east", "get", "--raw", "/api/v1/namespaces/bookinfo/pods/\(details)/proxy/"])
            #expect(!unserved.succeeded && unserved.stderr.contains("does not run in the simulator"), "\(unserved)")

            // mesh.json names each cluster's telemetry endpoint; west's carries reviews-v3's inbound requests.
            let meshJSON = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/mesh.json"))))
            let westMetrics = try #require(meshJSON[path: ["metrics", "west"]]?.stringValue)
            let body = try await withHTTPClient { client in
                let response = try await client.execute(HTTPClientRequest(url: westMetrics), timeout: .seconds(10))
                return String(buffer: try await response.body.collect(upTo: 16 << 20))
            }
            #expect(body.contains("# TYPE istio_requests_total counter"))
            #expect(body.contains("reporter=\"destination\",source_workload=\"productpage-v1\""))
            #expect(!body.contains("reporter=\"source\",source_workload=\"productpage-v1\""))
            #expect(await sim.stop())
            #expect(!FileManager.default.fileExists(atPath: dir + "/mesh.json"))
        }
    }

    @Test("A scenario whose clusters are not simulated is refused with the reason")
    func clusterMismatch() async throws {
        let binary = try #require(SimProcess.binary)
        try await withTemporaryDirectory { dir in
            let path = dir + "/s.yaml"
            try "clusters: [north]\n".write(toFile: path, atomically: true, encoding: .utf8)
            let result = try await runProcess([binary, "sim", "--dir", dir, "--scenario", path, "--clusters", "east"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("the scenario has cluster \"north\""), "\(result.stderr)")
        }
    }
}
