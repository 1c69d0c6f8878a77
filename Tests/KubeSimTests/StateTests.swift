import Foundation
import KubeTypes
import SimTestSupport
import Testing

@testable import KubeSim

/// `--state`: a restart keeps CA, tokens, ports and objects; a bad state file is reported with its path.
@Suite(.serialized)
struct StateTests {
    @Test func restartKeepsObjectsIdentityAndPorts() async throws {
        try await withTemporaryDirectory { dir in
            let state = dir + "/state"
            let out = dir + "/out"
            let first = try await withSimulator(clusters: ["east", "west"], stateDirectory: state, directory: out) { sim in
                try await sim.kubectl.check(["--context", "west", "create", "namespace", "kept"])
                try await sim.kubectl.check(["--context", "west", "create", "configmap", "c", "-n", "kept", "--from-literal=k=v"])
                let kubeconfig = try String(contentsOfFile: sim.kubeconfig, encoding: .utf8)
                return (kubeconfig, sim.endpoints("west").apiURL)
            }
            try await withSimulator(clusters: ["east", "west"], stateDirectory: state, directory: out) { sim in
                // Same CA, token and port: the old kubeconfig still works.
                let kubeconfig = try String(contentsOfFile: sim.kubeconfig, encoding: .utf8)
                #expect(kubeconfig == first.0)
                #expect(sim.endpoints("west").apiURL == first.1)
                let value = try await sim.kubectl.check(["--context", "west", "get", "configmap", "c", "-n", "kept", "-o", "jsonpath={.data.k}"])
                #expect(value == "v")
                // Watches resume only from after the restart: older resourceVersions are 410.
                let rv = try #require(Int(try await sim.kubectl.check(["--context", "west", "get", "configmap", "c", "-n", "kept", "-o", "jsonpath={.metadata.resourceVersion}"])))
                #expect(rv > 0)
            }
        }
    }

    @Test func malformedStateNamesTheFile() async throws {
        try await withTemporaryDirectory { dir in
            let clusterDir = dir + "/east"
            try FileManager.default.createDirectory(atPath: clusterDir, withIntermediateDirectories: true)
            try "{not json".write(toFile: clusterDir + "/identity.json", atomically: true, encoding: .utf8)
            #expect {
                _ = try SimCluster(options: SimClusterOptions(name: "east", stateDirectory: clusterDir))
            } throws: { error in
                "\(error)".contains(clusterDir + "/identity.json")
            }
        }
    }

    @Test func usersFileErrorsNameTheLine() throws {
        #expect {
            _ = try UsersFile.parse("admin:pw\n# comment\n\nbroken-line\n", path: "/tmp/users")
        } throws: { error in
            "\(error)" == "/tmp/users:4: expected user:password[:group1,group2]"
        }
        let users = try UsersFile.parse("admin:pw:system:cluster-admins\ndev:pw2\n", path: "u")
        #expect(users == [SimUser(name: "admin", password: "pw", groups: ["system:cluster-admins"]), SimUser(name: "dev", password: "pw2")])
    }
}
