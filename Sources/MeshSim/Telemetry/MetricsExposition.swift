/// Renders telemetry in Prometheus' text exposition format (what `/metrics` serves) and in OpenMetrics with
/// timestamps (what `promtool tsdb create-blocks-from openmetrics` reads).
public enum MetricsExposition {
    /// The `/metrics` page of one cluster: every series its proxies report, at the current counts.
    public static func text(_ telemetry: IstioTelemetry, counts: [[Outcome: Double]], cluster: String) -> String {
        let keys = telemetry.seriesKeys(counts: counts, cluster: cluster)
        var out = ""
        out.reserveCapacity(keys.count * 700)
        for metric in IstioMetric.allCases {
            let relevant = keys.filter { metric.applies(to: telemetry.topology.flows[$0.flow].service.portProtocol) }
            guard !relevant.isEmpty else { continue }
            out += "# HELP \(metric.rawValue) \(metric.help)\n# TYPE \(metric.rawValue) \(metric.isHistogram ? "histogram" : "counter")\n"
            for key in relevant {
                let labels = telemetry.labelText(key)
                for sample in telemetry.samples(metric, key, count: counts[key.flow][key.outcome] ?? 0) {
                    out += line(sample, labels)
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
