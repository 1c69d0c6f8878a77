public import KubeSim
public import MeshSim

/// What `skopos demo` runs: the scenario, where its files go, and the scrape interval of its Prometheus servers.
public struct DemoOptions: Sendable {
    public var directory: String
    public var scenario: Scenario
    public var flavor: ClusterFlavor
    /// Seconds between scrapes, and between federation pulls (5, as conventions say; tests use less).
    public var scrapeInterval: Int
    /// `openshift` (log in to each cluster) or `anonymous`; used by the console.
    public var auth: String
    /// The console's port; used by the console.
    public var consolePort: Int

    public init(directory: String, scenario: Scenario, flavor: ClusterFlavor = .openshift, scrapeInterval: Int = 5, auth: String = "openshift", consolePort: Int = 20001) {
        self.directory = directory
        self.scenario = scenario
        self.flavor = flavor
        self.scrapeInterval = scrapeInterval
        self.auth = auth
        self.consolePort = consolePort
    }
}
