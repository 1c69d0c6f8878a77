/// One series of a family in a metrics answer (Kiali's `Metric`): its labels, its points, the histogram statistic it
/// holds and the family's name.
public struct Metric: Sendable, Hashable {
    /// The series' labels (the `byLabels` and their values; empty without grouping).
    public var labels: [String: String]
    /// Its points.
    public var datapoints: [MetricPoint]
    /// `avg` or a quantile (`0.95`) for histograms; `nil` otherwise.
    public var stat: String?
    /// The family's Kiali name (`request_count`).
    public var name: String

    /// A series of a family.
    public init(labels: [String: String], datapoints: [MetricPoint], stat: String?, name: String) {
        self.labels = labels
        self.datapoints = datapoints
        self.stat = stat
        self.name = name
    }
}

/// The answer of a metrics request for one namespace: every requested family, with its series (an empty list is
/// written `null`).
public typealias MetricsMap = [MetricFamily: [Metric]]
