/// Renders telemetry in Prometheus' text exposition format (what `/metrics` serves) and in OpenMetrics with
/// timestamps (what `promtool tsdb create-blocks-from openmetrics` reads).
public enum MetricsExposition {
    /// The `/metrics` page of one cluster: every series its proxies report, at the current counts.
    public static func text(_ telemetry: IstioTelemetry, counts: [[Outcome: Double]], cluster: String) -> String {
        let keys = telemetry.seriesKeys(counts: counts, cluster: cluster)
        var out = ""
        out.reserveCapacity(keys.count * 700)
        for (metric, series) in telemetry.families(keys) {
            out += metric.header(openMetrics: false)
            for one in series {
                guard let samples = telemetry.samples(metric, one.keys, counts: counts) else { continue }
                for sample in samples {
                    out += line(sample, one.labels)
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
