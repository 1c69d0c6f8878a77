import Foundation

extension PrometheusClient {
    /// What the console shows of the server's settings (`backend.md` §2.2 `/api/config` `prometheus`): the global
    /// scrape interval and the TSDB retention, in seconds.
    public struct Settings: Sendable, Hashable {
        /// `global.scrape_interval` of the loaded configuration (Prometheus' default 1m when it is not set).
        public var scrapeIntervalSeconds: Int
        /// `storageRetention` of the runtime information (e.g. `15d`, `15d or 10GiB`); `nil` when not given.
        public var retentionSeconds: Int?
    }

    struct ConfigData: Decodable { var yaml: String }
    struct RuntimeData: Decodable { var storageRetention: String? }

    /// Reads `/api/v1/status/config` and `/api/v1/status/runtimeinfo`. Thanos and Mimir may not serve them: callers
    /// fall back to Kiali's 15 s and 15 d.
    /// - Throws: ``PrometheusError`` naming the endpoint and the reason.
    public func settings(timeout: Duration? = nil) async throws(PrometheusError) -> Settings {
        let config: ConfigData = try await call("/api/v1/status/config", form: [], method: .get, timeout: timeout ?? configuration.timeout, requestID: nil)
        var scrape = 60
        // `global:` then an indented `scrape_interval: 15s`, as Prometheus prints its loaded YAML.
        var inGlobal = false
        for line in config.yaml.split(separator: "\n") {
            if !line.hasPrefix(" ") { inGlobal = line.hasPrefix("global:") }
            let trimmed = line.trimmingPrefix(while: { $0 == " " })
            if inGlobal, trimmed.hasPrefix("scrape_interval:") {
                scrape = Self.seconds(String(trimmed.dropFirst("scrape_interval:".count))) ?? scrape
                break
            }
        }
        let runtime: RuntimeData? = try? await call("/api/v1/status/runtimeinfo", form: [], method: .get, timeout: timeout ?? configuration.timeout, requestID: nil)
        let retention = runtime?.storageRetention.flatMap { Self.seconds(String($0.split(separator: " ").first ?? "")) }
        return Settings(scrapeIntervalSeconds: scrape, retentionSeconds: retention)
    }

    /// Seconds of a Prometheus duration such as `15s`, `1m30s`, `15d`, `2w`; `nil` when it is not one.
    static func seconds(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800, "y": 31_536_000]
        var total = 0
        var number = ""
        var sawUnit = false
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        if chars.isEmpty { return nil }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isNumber {
                number.append(c)
            } else if c == "m" && i + 1 < chars.count && chars[i + 1] == "s" {
                guard let n = Int(number) else { return nil }
                total += n / 1000
                number = ""
                sawUnit = true
                i += 1
            } else if let unit = units[c], let n = Int(number) {
                total += n * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
            i += 1
        }
        return sawUnit && number.isEmpty ? total : nil
    }
}
