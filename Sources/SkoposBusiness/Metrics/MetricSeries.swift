/// One series of a range answer: its labels and its points.
public struct MetricSeries: Sendable, Hashable {
    /// The series' labels.
    public var labels: [String: String]
    /// Its points, in time order.
    public var points: [MetricPoint]

    /// A series.
    public init(labels: [String: String], points: [MetricPoint]) {
        self.labels = labels
        self.points = points
    }
}

/// A time (Unix seconds) and a value.
public struct MetricPoint: Sendable, Hashable {
    /// Unix seconds (Prometheus' precision is the millisecond).
    public var time: Double
    /// The value; `NaN` and infinities are possible (`0/0` in a histogram average).
    public var value: Double

    /// A point.
    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }
}
