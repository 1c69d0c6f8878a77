/// Renders telemetry in Prometheus' text exposition format (what `/metrics` serves) and in OpenMetrics with
/// timestamps (what `promtool tsdb create-blocks-from openmetrics` reads).
public enum MetricsExposition {
    /// The `/metrics` page of one cluster: every series its proxies report, at the current counts.
    public static func text(_ telemetry: IstioTelemetry, counts: [[Outcome: Double]], cluster: String) -> String {
        let keys = telemetry.seriesKeys(counts: counts, cluster: cluster)
        var out = ""
        out.reserveCapacity(keys.count * 700)
        let groups = telemetry.group(keys)
        for metric in IstioMetric.allCases {
            // The keys of a series share their labels, request_protocol included, hence their metrics.
            let relevant = groups.filter { metric.applies(to: telemetry.topology.flows[$0.keys[0].flow].service.portProtocol) }
            guard !relevant.isEmpty else { continue }
            out += "# HELP \(metric.rawValue) \(metric.help)\n# TYPE \(metric.rawValue) \(metric.isHistogram ? "histogram" : "counter")\n"
            for series in relevant {
                guard let samples = telemetry.samples(metric, series.keys, counts: counts) else { continue }
                for sample in samples {
                    out += line(sample, series.labels)
                    out += "\n"
                }
            }
        }
        return out
    }

    static func line(_ sample: Sample, _ labels: String) -> String {
        var text = sample.name + "{" + labels
        if let le = sample.le { text += ",le=\"\(le)\"" }
        return text + "} " + IstioTelemetry.number(sample.value)
    }
}
