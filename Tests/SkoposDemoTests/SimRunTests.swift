import Foundation
import MeshSim
import SimTestSupport
import SkoposDemo
import Synchronization
import Testing

/// `skopos sim`'s choices before anything runs: which clusters, with which mesh, and what it refuses.
@Suite("skopos sim setup")
struct SimRunTests {
    @Test("Without --clusters, the clusters are the scenario's; without a mesh, east and west")
    func defaultClusters() async throws {
        try await withTemporaryDirectory { dir in
            let builtIn = try SimRun(options: SimOptions(directory: dir + "/mesh")) { _ in }
            #expect(builtIn.clusterNames == ["east", "west"])
            #expect(builtIn.scenario?.clusters.map(\.name) == ["east", "west"])
            let empty = try SimRun(options: SimOptions(mesh: .none, directory: dir + "/empty")) { _ in }
            #expect(empty.clusterNames == ["east", "west"])
            #expect(empty.scenario == nil)
            let file = try ScenarioParser.parse("clusters: [north, south]\n", file: "s.yaml")
            let custom = try SimRun(options: SimOptions(mesh: .scenario(file), directory: dir + "/custom")) { _ in }
            #expect(custom.clusterNames == ["north", "south"])
        }
    }

    @Test("The built-in scenario on other clusters leaves them empty, with a warning that says why")
    func builtInOnOtherClusters() async throws {
        try await withTemporaryDirectory { dir in
            let warnings = Mutex<[String]>([])
            let run = try SimRun(options: SimOptions(clusters: ["north"], directory: dir)) { warning in
                warnings.withLock { $0.append(warning) }
            } onReady: { _ in }
            #expect(run.clusterNames == ["north"])
            #expect(run.scenario == nil)
            #expect(warnings.withLock { $0 } == ["no mesh content: the built-in scenario needs clusters east,west (use --scenario for others)"])
        }
    }

    @Test("A scenario whose clusters are not simulated is refused, naming the cluster and the way out")
    func clusterMismatch() async throws {
        try await withTemporaryDirectory { dir in
            let file = try ScenarioParser.parse("clusters: [north]\n", file: "s.yaml")
            #expect {
                try SimRun(options: SimOptions(clusters: ["east"], mesh: .scenario(file), directory: dir)) { _ in }
            } throws: { error in
                guard let error = error as? SimRunError, case .mesh = error else { return false }
                return error.description.contains("the scenario has cluster \"north\"")
                    && error.description.hasSuffix("(choose them with --clusters, or use --no-mesh)")
            }
        }
    }

    @Test("Options the simulator refuses are reported as they are")
    func badClusterName() async throws {
        try await withTemporaryDirectory { dir in
            #expect {
                try SimRun(options: SimOptions(clusters: ["East_1"], mesh: .none, directory: dir)) { _ in }
            } throws: { error in
                guard let error = error as? SimRunError, case .simulator = error else { return false }
                return error.description.contains("not a valid cluster name")
            }
        }
    }
}
