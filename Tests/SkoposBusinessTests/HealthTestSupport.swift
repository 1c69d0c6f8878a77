import SkoposBusiness
import SkoposGraph
import SkoposModel
import Synchronization

/// A fake Prometheus for health: holds `istio_requests_total` series with their rates and evaluates the two query
/// shapes health sends — `rate(istio_requests_total{…}[R]) > 0` and `sum by (…) (rate(istio_requests_total{…}[R])) > 0`
/// — with `=`, `!=`, `=~` and `!~` matchers (absent labels read as empty, regexes fully anchored, as in Prometheus).
final class FakeRates: Sendable {
    struct Matcher {
        var label: String
        var op: String
        var value: String
        var regex: Regex<AnyRegexOutput>?
        /// A regex that is only literal alternatives (`a|b-2|c`), matched as a set (Swift's regex engine is slow with
        /// hundreds of alternatives).
        var literals: Set<String>?

        func matches(_ labels: [String: String]) -> Bool {
            let v = labels[label] ?? ""
            switch op {
            case "=": return v == value
            case "!=": return v != value
            case "=~": return regexMatches(v)
            default: return !regexMatches(v)
            }
        }

        private func regexMatches(_ v: String) -> Bool {
            if let literals { return literals.contains(v) }
            return (try? regex?.wholeMatch(in: v)) != nil
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private struct State {
        var series: [RateSample]
        var queries: [String] = []
        var failing: @Sendable (String) -> Bool = { _ in false }
    }

    private let state: Mutex<State>

    init(_ series: [RateSample]) {
        state = Mutex(State(series: series))
    }

    /// The queries received, in order.
    var queries: [String] { state.withLock { $0.queries } }

    func setSeries(_ series: [RateSample]) { state.withLock { $0.series = series } }

    /// Makes the queries for which `predicate` holds fail.
    func fail(when predicate: @escaping @Sendable (String) -> Bool) { state.withLock { $0.failing = predicate } }

    var source: HealthMetricsSource {
        HealthMetricsSource { query, _ in try self.answer(query) }
    }

    func answer(_ query: String) throws -> [RateSample] {
        let (series, failing) = state.withLock { s in
            s.queries.append(query)
            return (s.series, s.failing)
        }
        if failing(query) { throw Failure(description: "injected failure for \(query)") }
        let matchers = try Self.matchers(query)
        let selected = series.filter { s in matchers.allSatisfy { $0.matches(s.labels) } }
        guard query.hasPrefix("sum by (") else { return selected.filter { $0.value > 0 } }
        let inner = query.dropFirst("sum by (".count)
        let by = inner.prefix { $0 != ")" }.split(separator: ",").map(String.init)
        var groups: [[String: String]: Double] = [:]
        var order: [[String: String]] = []
        for s in selected {
            var key: [String: String] = [:]
            for l in by { if let v = s.labels[l], !v.isEmpty { key[l] = v } }
            if groups[key] == nil { order.append(key) }
            groups[key, default: 0] += s.value
        }
        return order.compactMap { k in groups[k]! > 0 ? RateSample(labels: k, value: groups[k]!) : nil }
    }

    /// The matchers of the query's `istio_requests_total{…}` selector.
    static func matchers(_ query: String) throws -> [Matcher] {
        let marker = Array("istio_requests_total{")
        let all = Array(query)
        guard let start = (0...max(0, all.count - marker.count)).first(where: { all[$0..<min(all.count, $0 + marker.count)].elementsEqual(marker) }) else {
            throw Failure(description: "no selector in \(query)")
        }
        var chars = Array(all[(start + marker.count)...])
        var result: [Matcher] = []
        var i = 0
        func skipComma() { while i < chars.count, chars[i] == "," || chars[i] == " " { i += 1 } }
        while i < chars.count {
            skipComma()
            if chars[i] == "}" { break }
            var name = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" {
                name.append(chars[i])
                i += 1
            }
            var op = ""
            while i < chars.count, "=!~".contains(chars[i]) {
                op.append(chars[i])
                i += 1
            }
            guard i < chars.count, chars[i] == "\"" else { throw Failure(description: "bad matcher in \(query)") }
            i += 1
            var value = ""
            while i < chars.count, chars[i] != "\"" {
                if chars[i] == "\\", i + 1 < chars.count {
                    i += 1
                    switch chars[i] {
                    case "n": value.append("\n")
                    case "t": value.append("\t")
                    default: value.append(chars[i])
                    }
                } else {
                    value.append(chars[i])
                }
                i += 1
            }
            i += 1
            let regex = op.contains("~") ? try Regex("(?:\(value))") : nil
            let literal = value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "|" }
            let literals = op.contains("~") && literal ? Set(value.split(separator: "|", omittingEmptySubsequences: false).map(String.init)) : nil
            result.append(Matcher(label: name, op: op, value: value, regex: regex, literals: literals))
        }
        chars.removeAll()
        return result
    }
}

/// Builders of `istio_requests_total` rate samples.
enum Traffic {
    struct End {
        var cluster: String
        var namespace: String
        var workload: String
        var app: String
        var service: String = ""
    }

    static func end(_ cluster: String, _ namespace: String, _ workload: String, app: String? = nil, service: String? = nil) -> End {
        let a = app ?? String(workload.split(separator: "-").first ?? "")
        return End(cluster: cluster, namespace: namespace, workload: workload, app: a, service: service ?? a)
    }

    static func sample(
        _ reporter: String, from s: End, to d: End, proto: String = "http", code: String = "200", grpc: String? = nil, rate: Double,
        destinationCluster: String? = nil, extra: [String: String] = [:]
    ) -> RateSample {
        var labels: [String: String] = [
            "reporter": reporter, "request_protocol": proto, "response_code": code,
            "source_cluster": s.cluster, "source_workload_namespace": s.namespace, "source_workload": s.workload, "source_canonical_service": s.app,
            "destination_cluster": destinationCluster ?? d.cluster, "destination_service_namespace": d.namespace, "destination_service_name": d.service,
            "destination_workload_namespace": d.namespace, "destination_workload": d.workload, "destination_canonical_service": d.app,
        ]
        if let grpc { labels["grpc_response_status"] = grpc }
        for (k, v) in extra { labels[k] = v }
        return RateSample(labels: labels, value: rate)
    }
}

/// Compact text of GoJSONWriter output (its indentation and `": "` removed), for short expected literals.
func compact(_ bytes: [UInt8]) -> String {
    var out = ""
    var inString = false
    var escaped = false
    var skippingIndent = false
    for ch in String(decoding: bytes, as: UTF8.self) {
        if inString {
            out.append(ch)
            if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
            continue
        }
        if ch == "\n" {
            skippingIndent = true
            continue
        }
        if skippingIndent && ch == " " { continue }
        skippingIndent = false
        if ch == " " { continue }
        if ch == "\"" { inString = true }
        out.append(ch)
    }
    return out
}

/// `h` written by one of HealthJSON's writers, compacted.
func json<H>(_ h: H, _ write: (H, inout GoJSONWriter) -> Void) -> String {
    compact(HealthJSON.bytes(h, write))
}

/// Replicas with `n` desired, current and available.
func ready(_ n: Int, synced: Int = -1) -> WorkloadReplicas {
    WorkloadReplicas(desired: n, current: n, available: n, syncedProxies: synced)
}
