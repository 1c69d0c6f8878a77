/// The live mesh: traffic flows at the scenario's rates as wall-clock time passes, and faults can be switched on and
/// off while it runs. Each cluster's `/metrics` page (`TrafficServer`) reads its series from here.
public actor TrafficGenerator {
    public nonisolated let topology: MeshTopology
    let telemetry: IstioTelemetry
    var state: TrafficState
    var last: ContinuousClock.Instant
    let clock = ContinuousClock()

    public init(topology: MeshTopology) {
        self.topology = topology
        self.telemetry = IstioTelemetry(topology: topology)
        self.state = TrafficState(topology: topology)
        self.last = clock.now
    }

    /// Brings the counts up to now, at the rates and faults in force since the previous call.
    func catchUp() {
        let now = clock.now
        let elapsed = last.duration(to: now)
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        state.advance(seconds: seconds)
    }

    /// The `/metrics` page of `cluster`'s proxies.
    public func metricsText(cluster: String) -> String {
        catchUp()
        return MetricsExposition.text(telemetry, counts: state.counts, cluster: cluster)
    }

    public func faults() -> [Scenario.Fault] { state.faults }

    /// Switches a fault on from now on (percent 0 switches it off).
    /// - Throws: `ScenarioError` when the workload is not in the scenario.
    public func setFault(_ fault: Scenario.Fault) throws(ScenarioError) {
        if let problem = topology.scenario.problem(with: fault.target) {
            throw ScenarioError(file: "fault", reason: problem)
        }
        catchUp()
        state.setFault(fault)
    }

    public func clearFaults() {
        catchUp()
        state.clearFaults()
    }
}
