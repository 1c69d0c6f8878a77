public import KubeSim
public import MeshSim

/// What `skopos demo` runs: the scenario, where its files go, and the scrape interval of its Prometheus servers.
public struct DemoOptions: Sendable {
    /// Where `demo.json`, the kubeconfig and the Prometheus data go.
    public var directory: String
    /// The clusters and their mesh.
    public var scenario: Scenario
    /// OpenShift (the default, as the seed runs on it) or plain Kubernetes.
    public var flavor: ClusterFlavor
    /// Seconds between scrapes, and between federation pulls (5, as conventions say; tests use less).
    public var scrapeInterval: Int
    /// How the console lets users in; used by the console.
    public var auth: DemoAuth
    /// The console's port; used by the console.
    public var consolePort: Int
    /// The `skopos` binary that runs the console (`skopos serve`); no console without it.
    public var consoleExecutable: String?

    /// Options with the defaults of conventions §4 for whatever is not given.
    public init(
        directory: String, scenario: Scenario, flavor: ClusterFlavor = .openshift, scrapeInterval: Int = 5,
        auth: DemoAuth = .openshift, consolePort: Int = 20001, consoleExecutable: String? = nil
    ) {
        self.consoleExecutable = consoleExecutable
        self.directory = directory
        self.scenario = scenario
        self.flavor = flavor
        self.scrapeInterval = scrapeInterval
        self.auth = auth
        self.consolePort = consolePort
    }
}
