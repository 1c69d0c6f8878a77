import KubeTypes
import SkoposModel

/// Discovery documents, legacy (`APIVersions`, `APIGroupList`, `APIResourceList`) and aggregated
/// (`apidiscovery.k8s.io` v2 and v2beta1), built from the cluster's current catalog.
struct Discovery {
    let cluster: SimCluster

    static func wantsAggregated(_ accept: String) -> Bool {
        accept.contains("as=APIGroupDiscoveryList")
    }

    /// The content type to answer an aggregated request with: v2 unless the client only asked for v2beta1.
    static func aggregatedContentType(_ accept: String) -> String {
        let version = accept.contains("v=v2;") || accept.contains("v=v2,") || accept.hasSuffix("v=v2") ? "v2" : "v2beta1"
        return "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList"
    }

    func version() -> JSONValue {
        [
            "major": .string(SimVersion.major), "minor": .string(SimVersion.minor), "gitVersion": .string(SimVersion.gitVersion),
            "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
            "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc", "platform": "linux/amd64",
        ]
    }

    func apiVersions() -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    var serverAddress: String {
        guard let url = cluster.endpoints?.apiURL else { return "127.0.0.1:6443" }
        return String(url.dropFirst("https://".count))
    }

    func groupJSON(name: String, versions: [String]) -> JSONValue {
        let vs: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return [
            "name": .string(name), "versions": .array(vs), "preferredVersion": vs.first ?? [:],
        ]
    }

    func apiGroupList() -> JSONValue {
        let groups = cluster.catalog.groups.filter { !$0.name.isEmpty }.map { groupJSON(name: $0.name, versions: $0.versions) }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    func apiGroup(_ name: String) -> JSONValue? {
        guard let g = cluster.catalog.groups.first(where: { $0.name == name && !name.isEmpty }) else { return nil }
        var json = groupJSON(name: g.name, versions: g.versions)
        json["kind"] = "APIGroup"
        json["apiVersion"] = "v1"
        return json
    }

    static func subresourceVerbs(_ sub: String) -> [String] {
        switch sub {
        case "status", "scale": return ["get", "patch", "update"]
        case "token": return ["create"]
        case "finalize": return ["update"]
        case "log": return ["get"]
        case "exec", "portforward", "proxy": return ["create", "get"]
        default: return ["get"]
        }
    }

    func resourceList(group: String, version: String) -> JSONValue {
        var resources: [JSONValue] = []
        for t in cluster.catalog.types(group: group, version: version) {
            var r: [String: JSONValue] = [
                "name": .string(t.plural), "singularName": .string(t.singular), "namespaced": .bool(t.namespaced),
                "kind": .string(t.kind), "verbs": .array(t.verbs.map { .string($0) }),
            ]
            if !t.shortNames.isEmpty { r["shortNames"] = .array(t.shortNames.map { .string($0) }) }
            if !t.categories.isEmpty { r["categories"] = .array(t.categories.map { .string($0) }) }
            resources.append(.object(r))
            for sub in t.subresources {
                let kind = sub == "scale" ? "Scale" : (sub == "token" ? "TokenRequest" : t.kind)
                var s: [String: JSONValue] = [
                    "name": .string("\(t.plural)/\(sub)"), "singularName": "", "namespaced": .bool(t.namespaced),
                    "kind": .string(kind), "verbs": .array(Self.subresourceVerbs(sub).map { .string($0) }),
                ]
                if sub == "scale" {
                    s["group"] = "autoscaling"
                    s["version"] = "v1"
                }
                if sub == "token" {
                    s["group"] = "authentication.k8s.io"
                    s["version"] = "v1"
                }
                resources.append(.object(s))
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
            "resources": .array(resources),
        ]
    }

    /// The aggregated discovery document for `/api` (legacy) or `/apis`.
    func aggregated(legacy: Bool, contentType: String) -> JSONValue {
        let catalog = cluster.catalog
        var items: [JSONValue] = []
        for g in catalog.groups where legacy == g.name.isEmpty {
            var versions: [JSONValue] = []
            for v in g.versions {
                let resources: [JSONValue] = catalog.types(group: g.name, version: v).map { t in
                    var r: [String: JSONValue] = [
                        "resource": .string(t.plural),
                        "responseKind": ["group": .string(t.group), "version": .string(v), "kind": .string(t.kind)],
                        "scope": .string(t.namespaced ? "Namespaced" : "Cluster"), "singularResource": .string(t.singular),
                        "verbs": .array(t.verbs.map { .string($0) }),
                    ]
                    if !t.shortNames.isEmpty { r["shortNames"] = .array(t.shortNames.map { .string($0) }) }
                    if !t.categories.isEmpty { r["categories"] = .array(t.categories.map { .string($0) }) }
                    if !t.subresources.isEmpty {
                        r["subresources"] = .array(
                            t.subresources.map { sub in
                                let kind: JSONValue =
                                    sub == "scale"
                                    ? ["group": "autoscaling", "version": "v1", "kind": "Scale"]
                                    : sub == "token"
                                        ? ["group": "authentication.k8s.io", "version": "v1", "kind": "TokenRequest"]
                                        : ["group": .string(t.group), "version": .string(v), "kind": .string(t.kind)]
                                return [
                                    "subresource": .string(sub), "responseKind": kind,
                                    "verbs": .array(Self.subresourceVerbs(sub).map { .string($0) }),
                                ]
                            }
                        )
                    }
                    return .object(r)
                }
                versions.append(["version": .string(v), "resources": .array(resources), "freshness": "Current"])
            }
            items.append(["metadata": ["name": .string(g.name), "creationTimestamp": .null], "versions": .array(versions)])
        }
        let apiVersion = contentType.contains("v=v2beta1") ? "apidiscovery.k8s.io/v2beta1" : "apidiscovery.k8s.io/v2"
        return ["kind": "APIGroupDiscoveryList", "apiVersion": .string(apiVersion), "metadata": [:], "items": .array(items)]
    }
}
