public import KubeSim
public import MeshSim

/// What `skopos sim` runs: which clusters, with which mesh, where its files go.
public struct SimOptions: Sendable {
    /// Where the clusters' mesh content comes from.
    public enum Mesh: Sendable {
        /// Empty clusters: no Istio, no workloads, no telemetry (`--no-mesh`).
        case none
        /// The built-in Bookinfo scenario, for clusters east and west; other clusters start empty.
        case builtIn
        /// A scenario file's; its clusters must be among the simulated ones.
        case scenario(Scenario)
    }

    /// The clusters' names; nil for the scenario's clusters (east and west without a mesh).
    public var clusters: [String]?
    /// The mesh the clusters hold.
    public var mesh: Mesh
    /// Where `kubeconfig`, `sim.json`, `mesh.json` and the generated users file go.
    public var directory: String
    /// OpenShift (the default) or plain Kubernetes.
    public var flavor: ClusterFlavor
    /// Where the CA, tokens, ports and objects are kept across restarts; nil for a fresh start each time.
    public var stateDirectory: String?
    /// OAuth users, one `user:password[:group1,group2]` per line; nil to generate `admin` and `developer`.
    public var usersFile: String?
    /// `--run-image IMAGE=EXECUTABLE`: pods of these images run as local processes.
    public var runImages: [String: String] = [:]

    /// Options for `skopos sim`; the defaults are its command line's.
    public init(
        clusters: [String]? = nil, mesh: Mesh = .builtIn, directory: String, flavor: ClusterFlavor = .openshift,
        stateDirectory: String? = nil, usersFile: String? = nil
    ) {
        self.clusters = clusters
        self.mesh = mesh
        self.directory = directory
        self.flavor = flavor
        self.stateDirectory = stateDirectory
        self.usersFile = usersFile
    }
}
