/// The time range and rate interval of one namespace's metrics queries, after Kiali's clipping (`backend.md` §2.9)
/// [COMPAT].
///
/// Clipping, with `end` = `queryTime`, `start` = `end − duration`, `ri` = `rateInterval`:
/// 1. If `end − ri` is before the namespace's creation, `ri` becomes the namespace's age in whole seconds (`<n>s`).
/// 2. The start moves to at least `creation + ri`; if that is after `end` the request fails with 400
///    `after checks, query start time is after end time`.
/// 3. The start (in whole seconds) is floored to a multiple of `step`.
///
/// An age under one second also fails with that 400: upstream would send `[0s]` (or a negative interval), which
/// Prometheus rejects (503); the range holds no data of the namespace either way.
///
/// ```swift
/// // queryTime 10 000, duration 1800, step 15, rateInterval 1m, namespace created at 9 000:
/// // start = max(8 200, 9 060) = 9 060, floored to 9 060; rateInterval stays "1m".
/// // Created at 9 970: rateInterval "30s", start 10 000 → 9 990.
/// ```
public struct MetricsWindow: Sendable, Hashable {
    /// The start in Unix seconds, a multiple of `step`.
    public var start: Int64
    /// The end in Unix seconds: `queryTime`.
    public var end: Double
    /// Seconds between points.
    public var step: Int64
    /// The rate interval of the queries, as given or clipped (`<n>s`).
    public var rateInterval: String

    /// A window as given.
    public init(start: Int64, end: Double, step: Int64, rateInterval: String) {
        self.start = start
        self.end = end
        self.step = step
        self.rateInterval = rateInterval
    }

    /// The clipped window of a request for a namespace.
    /// - Parameters:
    ///   - query: The parsed parameters (`rateInterval` already validated).
    ///   - namespaceCreation: The namespace's creation time in Unix seconds; `nil` skips steps 1 and 2.
    /// - Throws: ``MetricsError`` 400 `after checks, query start time is after end time`.
    public init(query: MetricsQuery, namespaceCreation: Double?) throws(MetricsError) {
        let step = max(1, query.step)
        let endMs = Self.milliseconds(query.queryTime)
        var startMs = endMs - query.duration * 1000
        var rateInterval = query.rateInterval
        if let creation = namespaceCreation, let riMs = PromDuration.milliseconds(query.rateInterval) {
            let creationMs = Self.milliseconds(creation)
            var intervalStartMs = endMs - riMs
            if intervalStartMs < creationMs {
                let age = (endMs - creationMs) / 1000
                guard age > 0 else { throw Self.emptyRange }
                rateInterval = "\(age)s"
                intervalStartMs = creationMs
            }
            let allowedStartMs = creationMs + (endMs - intervalStartMs)
            if startMs < allowedStartMs {
                startMs = allowedStartMs
                if startMs > endMs { throw Self.emptyRange }
            }
        }
        let startSeconds = Self.floorDiv(startMs, 1000)
        self.init(start: (startSeconds / step) * step, end: query.queryTime, step: step, rateInterval: rateInterval)
    }

    static let emptyRange = MetricsError(.badRequest, "after checks, query start time is after end time")

    /// Unix seconds as whole milliseconds (rounded down).
    static func milliseconds(_ seconds: Double) -> Int64 {
        let ms = (seconds * 1000).rounded(.down)
        guard ms.isFinite, abs(ms) < 9e15 else { return 0 }
        return Int64(ms)
    }

    /// `a / b` rounded towards minus infinity (`b` > 0), as Go's `Time.Unix()` reads a time before 1970.
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
