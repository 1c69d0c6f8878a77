public import KubeSim
public import MeshSim

/// Puts a scenario's objects into simulated clusters: Istio's control plane and the scenario's workloads.
public enum MeshContent {
    /// Seeds each cluster of `simulator` that the scenario names. Run before `simulator.run`, so controllers create
    /// the pods. With `--state`, a namespace that already exists is left as the user changed it.
    /// - Throws: `SimError` when a cluster does not serve a kind (a bug), `ScenarioError` when the scenario names a
    ///   cluster the simulator does not run.
    public static func seed(_ simulator: Simulator, with scenario: Scenario) throws {
        let running = Set(simulator.clusters.map(\.name))
        if let missing = scenario.clusters.first(where: { !running.contains($0.name) }) {
            throw ScenarioError(
                file: "--clusters",
                reason: "the scenario has cluster \"\(missing.name)\", which is not among the simulated clusters (\(simulator.clusters.map(\.name).joined(separator: ", ")))"
            )
        }
        let topology = MeshTopology(scenario)
        for cluster in simulator.clusters {
            try cluster.seed(ScenarioManifests.objects(for: cluster.name, in: scenario))
            // istiod answers its ports through the pod proxy, as a console reads control-plane status.
            let istiod = IstiodEndpoints(topology: topology, cluster: cluster.name)
            cluster.servePods { request in
                guard IstiodEndpoints.isIstiod(request.labels), let answer = istiod.answer(port: request.port, path: request.path) else { return nil }
                return PodProxyResponse(status: answer.status, contentType: answer.contentType, body: Array(answer.body.utf8))
            }
        }
    }
}
