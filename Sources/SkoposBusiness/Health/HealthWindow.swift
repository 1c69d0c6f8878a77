/// The rate window `R` of health's PromQL (`backend.md` §7.2), with the text written between the brackets.
///
/// ```swift
/// HealthWindow(seconds: 300).text            // "5m"
/// HealthWindow(seconds: 330).text            // "330s"
/// HealthWindow(parsing: "1m30s")?.seconds    // 90
/// ```
public struct HealthWindow: Sendable, Hashable, CustomStringConvertible {
    /// The window in whole seconds.
    public var seconds: Int
    /// The text of the window in a query: as the caller gave it, or `<n>m` for whole minutes and `<n>s` otherwise.
    public var text: String

    /// A window of whole seconds, written `<n>m` when it is whole minutes and `<n>s` otherwise (`backend.md` §7.8).
    /// - Parameter seconds: The window; values below 1 become 1.
    public init(seconds: Int) {
        let s = max(1, seconds)
        self.seconds = s
        self.text = s % 60 == 0 ? "\(s / 60)m" : "\(s)s"
    }

    /// A window written as a Go/Prometheus duration (`5m`, `90s`, `1h30m`, `2h`), keeping the text as given, as Kiali
    /// puts the `rateInterval` parameter into its queries unchanged.
    /// - Parameter text: The duration text; units `h`, `m`, `s` and `ms`, in decreasing order.
    /// - Returns: `nil` when the text is not a duration or is shorter than one second.
    public init?(parsing text: String) {
        guard let s = Self.parseSeconds(text), s >= 1 else { return nil }
        self.seconds = s
        self.text = text
    }

    /// Kiali's default window, `health_config.compute.duration: 5m`.
    public static let `default` = HealthWindow(seconds: 300)

    /// `health_config.compute.duration` as Kiali reads it (`backend.md` §3.6): invalid or shorter than one minute
    /// means one minute.
    /// - Parameter text: The configured text, for example `5m`.
    public static func computeDuration(_ text: String) -> HealthWindow {
        guard let s = parseSeconds(text), s >= 60 else { return HealthWindow(seconds: 60) }
        return HealthWindow(seconds: s)
    }

    /// The window of a health-cache run (`backend.md` §7.8): the configured duration, or 1.1 × the time since the
    /// previous run's start when that is longer, rounded up to whole seconds, so no traffic between runs is missed.
    /// - Parameters:
    ///   - duration: `health_config.compute.duration`.
    ///   - sincePreviousRun: Seconds since the previous run started; `nil` for the first run.
    public static func cacheWindow(duration: HealthWindow, sincePreviousRun: Double?) -> HealthWindow {
        guard let elapsed = sincePreviousRun, elapsed.isFinite, elapsed > 0 else { return duration }
        // × 11 / 10 rather than × 1.1, so whole seconds stay whole (400 s → 440 s, not 440.00000000000006 → 441 s).
        let stretched = (elapsed * 11 / 10).rounded(.up)
        guard stretched > Double(duration.seconds), stretched < Double(Int32.max) else { return duration }
        return HealthWindow(seconds: Int(stretched))
    }

    public var description: String { text }

    /// Whole seconds of a duration text made of `<number><unit>` parts (`h`, `m`, `s`, `ms`, each at most once, in
    /// decreasing order); fractions are allowed (`1.5m`).
    static func parseSeconds(_ text: String) -> Int? {
        let units: [(name: String, seconds: Double)] = [("h", 3600), ("m", 60), ("s", 1), ("ms", 0.001)]
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        var last = -1
        while !rest.isEmpty {
            let number = rest.prefix { ($0 >= "0" && $0 <= "9") || $0 == "." }
            guard !number.isEmpty, let n = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit: Int
            if rest.hasPrefix("ms") {
                unit = 3
            } else if let i = units.firstIndex(where: { $0.name.count == 1 && rest.hasPrefix($0.name) }) {
                unit = i
            } else {
                return nil
            }
            guard unit > last else { return nil }
            last = unit
            rest = rest.dropFirst(units[unit].name.count)
            total += n * units[unit].seconds
        }
        guard total < Double(Int32.max) else { return nil }
        return Int(total)
    }
}
