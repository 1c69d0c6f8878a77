import Foundation
import KubeTypes
import Logging
import SkoposModel

/// `skopos sim`: several simulated clusters side by side, with one kubeconfig for all of them.
public struct Simulator: Sendable {
    public struct Options: Sendable {
        public var clusters: [String]
        public var directory: String
        public var flavor: ClusterFlavor
        public var stateDirectory: String?
        public var usersFile: String?
        /// `--run-image IMAGE=EXECUTABLE`: pods of these images run as local processes, in `DIR/pods/<cluster>`.
        public var runImages: [String: String]

        public init(
            clusters: [String], directory: String, flavor: ClusterFlavor = .openshift, stateDirectory: String? = nil, usersFile: String? = nil,
            runImages: [String: String] = [:]
        ) {
            self.runImages = runImages
            self.clusters = clusters
            self.directory = directory
            self.flavor = flavor
            self.stateDirectory = stateDirectory
            self.usersFile = usersFile
        }
    }

    /// What is running, once every cluster answers.
    public struct Report: Sendable {
        public var kubeconfigPath: String
        public var simJSONPath: String
        public var usersPath: String?
        public var clusters: [(name: String, endpoints: SimEndpoints)]
        public var users: [SimUser]
    }

    public let options: Options
    public let clusters: [SimCluster]
    public let users: [SimUser]
    let usersPathWritten: String?

    /// Validates options, reads or generates the users, and creates (or restores) each cluster.
    /// - Throws: `SimError` naming the bad file, line or option.
    /// - Parameter configure: adjusts each cluster's options (tests shorten bookmark intervals or event windows).
    public init(options: Options, configure: (inout SimClusterOptions) -> Void = { _ in }) throws {
        self.options = options
        guard !options.clusters.isEmpty else { throw SimError.startup("--clusters needs at least one cluster name") }
        for name in options.clusters {
            guard NameValidation.dns1123Label(name).isEmpty else {
                throw SimError.startup("--clusters: \"\(name)\" is not a valid cluster name: \(NameValidation.dns1123Label(name).joined(separator: "; "))")
            }
        }
        if Set(options.clusters).count != options.clusters.count { throw SimError.startup("--clusters: a cluster name is listed twice") }
        try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        var admins: [String] = []
        if let path = options.usersFile {
            guard let data = FileManager.default.contents(atPath: path) else { throw SimError.startup("--users: cannot read \(path)") }
            users = try UsersFile.parse(String(decoding: data, as: UTF8.self), path: path)
            usersPathWritten = nil
        } else {
            let path = options.directory + "/users"
            if let data = FileManager.default.contents(atPath: path), options.stateDirectory != nil {
                users = try UsersFile.parse(String(decoding: data, as: UTF8.self), path: path)
            } else {
                users = [SimUser(name: "admin", password: randomToken(bytes: 12)), SimUser(name: "developer", password: randomToken(bytes: 12))]
                try AtomicFile.write(Array(UsersFile.render(users).utf8), to: path, mode: 0o600)
            }
            admins = ["admin"]
            usersPathWritten = path
        }
        var clusters: [SimCluster] = []
        for name in options.clusters {
            var clusterOptions = SimClusterOptions(name: name, flavor: options.flavor, users: users, clusterAdmins: admins)
            clusterOptions.stateDirectory = options.stateDirectory.map { "\($0)/\(name)" }
            clusterOptions.runImages = options.runImages
            if !options.runImages.isEmpty { clusterOptions.podsDirectory = "\(options.directory)/pods/\(name)" }
            configure(&clusterOptions)
            clusters.append(try SimCluster(options: clusterOptions))
        }
        self.clusters = clusters
    }

    /// Runs every cluster until cancelled; once all answer, writes `kubeconfig` and `sim.json` and calls `onReady`.
    public func run(onReady: @escaping @Sendable (Report) async -> Void) async throws {
        let ready = ReadyCollector(expected: clusters.count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for cluster in clusters {
                group.addTask {
                    try await cluster.run { endpoints in
                        guard let all = await ready.add(cluster.name, endpoints) else { return }
                        do {
                            let report = try writeFiles(all)
                            await onReady(report)
                        } catch {
                            FileHandle.standardError.write(Data("skopos sim: \(error)\n".utf8))
                        }
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func writeFiles(_ endpoints: [String: SimEndpoints]) throws -> Report {
        let ordered = clusters.map { ($0, endpoints[$0.name]!) }
        let kubeconfigPath = options.directory + "/kubeconfig"
        try SimKubeconfig.write(
            ordered.map { SimKubeconfig.Entry(name: $0.0.name, server: $0.1.apiURL, caPEM: $0.0.caCertificatePEM, token: $0.0.adminToken) },
            to: kubeconfigPath
        )
        var clustersJSON: [String: JSONValue] = [:]
        for (cluster, e) in ordered {
            var entry: [String: JSONValue] = ["apiURL": .string(e.apiURL), "flavor": .string(cluster.flavor.rawValue)]
            if let o = e.oauthURL { entry["oauthURL"] = .string(o) }
            if let r = e.routerURL {
                entry["routerURL"] = .string(r)
                entry["appsDomain"] = .string(RouteAdmission.appsDomain(cluster.name))
            }
            clustersJSON[cluster.name] = .object(entry)
        }
        let simJSON: JSONValue = ["clusters": .object(clustersJSON), "kubeconfig": .string(kubeconfigPath)]
        let simPath = options.directory + "/sim.json"
        try AtomicFile.write(JSONWriter.write(simJSON) + [0x0A], to: simPath, mode: 0o600)
        return Report(kubeconfigPath: kubeconfigPath, simJSONPath: simPath, usersPath: usersPathWritten, clusters: ordered.map { ($0.0.name, $0.1) }, users: users)
    }
}

/// Collects cluster endpoints until every cluster has reported once.
actor ReadyCollector {
    let expected: Int
    var endpoints: [String: SimEndpoints] = [:]
    var done = false

    init(expected: Int) { self.expected = expected }

    /// Returns all endpoints exactly once: when the last cluster reports.
    func add(_ name: String, _ e: SimEndpoints) -> [String: SimEndpoints]? {
        endpoints[name] = e
        guard !done, endpoints.count == expected else { return nil }
        done = true
        return endpoints
    }
}
