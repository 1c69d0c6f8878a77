import Foundation
import Hummingbird
import KubeClient
import KubeTypes
import PromClient
import SkoposBusiness
import SkoposGraph
import SkoposModel

/// `GET /api/config` (`backend.md` §2.2): what the UI needs to know about the console and the clusters, for this
/// viewer (control planes and ambient detection over the clusters they have a session for).
enum ConfigRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/config") { _, context -> Response in
            let access = await console.access(for: context.viewer)
            let prometheus = await console.prometheusSettings.current(console)
            return ErrorResponse.bytes(json(console, access: access, prometheus: prometheus))
        }
    }

    static func json(_ console: Console, access: ViewerAccess, prometheus: (scrape: Int, retention: Int)) -> [UInt8] {
        let config = console.config
        let snapshot = console.registry.snapshot()
        let clusters = ClusterListing.clusters(snapshot, statuses: console.registry.statuses)
        var w = GoJSONWriter()
        w.beginObject()
        w.member("authStrategy", config.auth.strategy.rawValue)
        let ztunnel = snapshot.clusters.contains { c in
            access.covers(cluster: c.name) && c.list(.daemonSets).contains { $0.metadata.labels["app.kubernetes.io/name"] == "ztunnel" }
        }
        w.key("ambientEnabled")
        w.bool(ztunnel)
        w.key("clusters")
        w.beginObject()
        for c in clusters {
            w.key(c.name)
            writeCluster(c, to: &w)
        }
        w.endObject()
        w.key("clusterWideAccess")
        w.bool(config.deployment.clusterWideAccess)
        w.key("controlPlanes")
        w.beginObject()
        for c in snapshot.clusters.sorted(by: { $0.name < $1.name }) where access.covers(cluster: c.name) {
            if let istiod = c.list(.deployments).filter({ $0.metadata.labels["app"] == "istiod" }).map({ $0.metadata.namespace ?? "" }).sorted().first {
                w.member(c.name, istiod)
            }
        }
        w.endObject()
        w.key("deployment")
        w.beginObject()
        w.key("viewOnlyMode")
        w.bool(config.deployment.viewOnlyMode)
        w.endObject()
        w.key("gatewayAPIClasses")
        w.beginArray()
        w.endArray()
        w.key("gatewayAPIEnabled")
        w.bool(false)
        w.key("healthConfig")
        writeHealthConfig(console, to: &w)
        w.key("ignoreHomeCluster")
        w.bool(false)
        w.member("installationTag", "")
        w.key("istioAnnotations")
        w.beginObject()
        w.member("ambientAnnotation", "ambient.istio.io/redirection")
        w.member("ambientAnnotationEnabled", "enabled")
        w.member("istioInjectionAnnotation", "sidecar.istio.io/inject")
        w.endObject()
        w.member("istioIdentityDomain", config.externalServices.istio.istioIdentityDomain.isEmpty ? "svc.cluster.local" : config.externalServices.istio.istioIdentityDomain)
        w.key("istioLabels")
        w.beginObject()
        w.member("appLabelName", "app")
        w.member("versionLabelName", "version")
        w.endObject()
        w.key("istioStatusEnabled")
        w.bool(true)
        w.key("kialiFeatureFlags")
        writeFeatureFlags(config.kialiFeatureFlags, to: &w)
        w.member("logLevel", "info")
        w.key("prometheus")
        w.beginObject()
        w.key("enabled")
        w.bool(config.externalServices.prometheus.enabled)
        w.key("globalScrapeInterval")
        w.int(Int64(prometheus.scrape))
        w.key("storageTsdbRetention")
        w.int(Int64(prometheus.retention))
        w.endObject()
        w.member("runMode", "app")
        w.endObject()
        return w.bytes
    }

    /// A `KubeCluster` (§5.4) with Skopos's `reachable` and `lastError`.
    static func writeCluster(_ c: ClusterInfo, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("accessible")
        w.bool(c.accessible)
        w.member("apiEndpoint", c.apiEndpoint)
        w.key("isKialiHome")
        w.bool(c.isKialiHome)
        w.key("kialiInstances")
        if c.kialiInstances.isEmpty {
            w.null()
        } else {
            w.beginArray()
            for k in c.kialiInstances {
                w.beginObject()
                w.member("namespace", k.namespace)
                w.member("operatorResource", k.operatorResource)
                w.member("serviceName", k.serviceName)
                w.member("url", k.url)
                w.member("version", k.version)
                w.endObject()
            }
            w.endArray()
        }
        w.member("name", c.name)
        w.member("secretName", c.secretName)
        w.key("reachable")
        w.bool(c.reachable)
        if let e = c.lastError { w.member("lastError", e) }
        w.endObject()
    }

    static func writeHealthConfig(_ console: Console, to w: inout GoJSONWriter) {
        let health = console.config.unmodelled["health_config"]
        w.beginObject()
        w.key("compute")
        w.beginObject()
        w.member("duration", health?[path: ["compute", "duration"]]?.stringValue ?? "5m")
        w.member("refreshInterval", health?[path: ["compute", "refresh_interval"]]?.stringValue ?? "3m")
        w.member("timeout", health?[path: ["compute", "timeout"]]?.stringValue ?? "10m")
        w.endObject()
        w.key("rate")
        w.beginArray()
        for rate in console.engine.settings.healthRates {
            w.beginObject()
            w.member("namespace", rate.namespace)
            w.member("kind", rate.kind)
            w.member("name", rate.name)
            w.key("tolerance")
            w.beginArray()
            for t in rate.tolerance {
                w.beginObject()
                w.member("code", t.code)
                w.key("degraded")
                w.value(.double(t.degraded))
                w.key("failure")
                w.value(.double(t.failure))
                w.member("protocol", t.protocol)
                w.member("direction", t.direction)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// `kiali_feature_flags` in the UI's camelCase, with `ui_defaults` as configured (keys camel-cased).
    static func writeFeatureFlags(_ f: KialiConfig.FeatureFlags, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("authz")
        w.beginObject()
        w.key("requireNamespaceGet")
        w.bool(f.requireNamespaceGet)
        w.endObject()
        w.key("disabledFeatures")
        w.value(.array(f.disabledFeatures.map { .string($0) }))
        w.key("istioAnnotationAction")
        w.bool(f.istioAnnotationAction)
        w.key("istioInjectionAction")
        w.bool(f.istioInjectionAction)
        w.key("istioUpgradeAction")
        w.bool(f.istioUpgradeAction)
        w.key("uiDefaults")
        w.value(camelCased(f.uiDefaults))
        w.key("validations")
        w.beginObject()
        w.key("ignore")
        w.value(.array(f.validationsIgnore.map { .string($0) }))
        w.key("skipWildcardGatewayHosts")
        w.bool(f.skipWildcardGatewayHosts)
        w.endObject()
        w.endObject()
    }

    static func camelCased(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, value) in o {
                let parts = k.split(separator: "_")
                let key = (parts.first.map(String.init) ?? "") + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
                out[key] = camelCased(value)
            }
            return .object(out)
        case .array(let a): return .array(a.map(camelCased))
        default: return v
        }
    }
}

/// Prometheus' scrape interval and retention for `/api/config`, asked at most every 5 minutes: `thanos_proxy`
/// values when set, else the server's status pages, else Kiali's fallbacks (15 s, 15 d).
actor PrometheusSettingsCache {
    private var value: (scrape: Int, retention: Int)?
    private var at: ContinuousClock.Instant?

    func current(_ console: Console) async -> (scrape: Int, retention: Int) {
        if let value, let at, ContinuousClock.now - at < .seconds(300) { return value }
        let thanos = console.config.externalServices.prometheus.thanosProxy
        var result = (scrape: 15, retention: 15 * 86400)
        if thanos.enabled {
            result = (GoDurationSeconds.parse(thanos.scrapeInterval) ?? 15, GoDurationSeconds.parse(thanos.retentionPeriod) ?? 15 * 86400)
        } else if let s = try? await console.prometheus.settings(timeout: .seconds(5)) {
            result = (s.scrapeIntervalSeconds, s.retentionSeconds ?? result.retention)
        }
        value = result
        at = .now
        return result
    }
}

/// Seconds of `30s`, `7d`, `1h30m`.
enum GoDurationSeconds {
    static func parse(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800, "y": 31_536_000]
        var total = 0
        var number = ""
        for c in text {
            if c.isNumber {
                number.append(c)
            } else if let unit = units[c], let n = Int(number) {
                total += n * unit
                number = ""
            } else {
                return nil
            }
        }
        return number.isEmpty && !text.isEmpty ? total : nil
    }
}
