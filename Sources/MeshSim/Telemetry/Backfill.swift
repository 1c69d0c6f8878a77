/// A scenario's history, as samples every `interval` seconds from `start`, for backfilling a real Prometheus.
public struct Backfill: Sendable {
    public var start: Int
    public var interval: Int
    public var steps: Int
    public var metrics: [IstioMetric]

    /// - Parameters:
    ///   - start: Unix seconds of the first sample (the traffic starts `interval` seconds earlier).
    ///   - steps: number of samples per series.
    public init(start: Int, interval: Int = 5, steps: Int, metrics: [IstioMetric] = IstioMetric.allCases) {
        self.start = start
        self.interval = interval
        self.steps = steps
        self.metrics = metrics
    }

    /// The time of the last sample.
    public var end: Int { start + (steps - 1) * interval }

    /// OpenMetrics text with every cluster's series (each carries its cluster in its labels), ending in `# EOF`.
    /// `write` receives it in pieces, so a long history never sits in memory whole.
    public func openMetrics(_ topology: MeshTopology, write: (String) throws -> Void) rethrows {
        guard steps > 0, interval > 0 else {
            try write("# EOF\n")
            return
        }
        var state = TrafficState(topology: topology)
        var snapshots: [[[Outcome: Double]]] = []
        snapshots.reserveCapacity(steps)
        for _ in 0..<steps {
            state.advance(seconds: Double(interval))
            snapshots.append(state.counts)
        }
        let telemetry = IstioTelemetry(topology: topology)
        let keys = telemetry.seriesKeys(counts: snapshots[snapshots.count - 1], cluster: nil)
        for (metric, series) in telemetry.families(keys, metrics: metrics) {
            try write(metric.header(openMetrics: true))
            for one in series {
                var chunk = ""
                for (step, counts) in snapshots.enumerated() {
                    guard let samples = telemetry.samples(metric, one.keys, counts: counts) else { continue }
                    let time = " \(start + step * interval)\n"
                    for sample in samples {
                        chunk += MetricsExposition.line(sample, one.labels) + time
                    }
                }
                try write(chunk)
            }
        }
        try write("# EOF\n")
    }
}
