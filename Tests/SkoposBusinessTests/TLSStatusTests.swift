import KubeClient
import KubeTypes
import SkoposBusiness
import SkoposModel
import Testing

/// The mTLS statuses (`backend.md` §2.4, §2.8) from PeerAuthentications and DestinationRules: mesh-wide, per namespace,
/// the TLS routes' answers and their JSON.
@Suite struct TLSStatusTests {
    typealias F = IstioFixture

    static let root = "istio-system"
    static let namespaces = ["istio-system", "bookinfo", "travel", "hidden"]

    /// A namespace-wide PeerAuthentication (`mode` nil: no `mtls`).
    static func pa(
        _ namespace: String,
        _ mode: String?,
        name: String = "default",
        created: String = "2026-01-01T00:00:00Z",
        selector: [String: String]? = nil
    )
        -> UnstructuredObject
    {
        var spec: [String: JSONValue] = [:]
        if let mode { spec["mtls"] = ["mode": .string(mode)] }
        if let selector { spec["selector"] = ["matchLabels": .object(selector.mapValues { .string($0) })] }
        return F.object("security.istio.io/v1", "PeerAuthentication", name, namespace, created: created, spec: .object(spec))
    }

    /// A DestinationRule with a TLS mode.
    static func dr(
        _ namespace: String,
        host: String,
        _ mode: String,
        name: String? = nil,
        created: String = "2026-01-01T00:00:00Z",
        workloadSelector: Bool = false
    ) -> UnstructuredObject {
        var spec: [String: JSONValue] = ["host": .string(host), "trafficPolicy": ["tls": ["mode": .string(mode)]]]
        if workloadSelector { spec["workloadSelector"] = ["matchLabels": ["app": "reviews"]] }
        return F.object(
            "networking.istio.io/v1",
            "DestinationRule",
            name ?? "dr-\(namespace)-\(mode.lowercased())",
            namespace,
            created: created,
            spec: .object(spec)
        )
    }

    static func index(_ objects: [UnstructuredObject], settings: MeshTLSSettings = MeshTLSSettings()) -> TLSPolicyIndex {
        var c = F.Cluster("east", isHome: true, namespaces: namespaces)
        c.istio = objects
        return TLSPolicyIndex(c.snapshot, settings: settings)
    }

    static let noAuto = MeshTLSSettings(autoMTLSEnabled: false)

    // MARK: - Mesh-wide

    @Test func meshWideStatuses() {
        #expect(Self.index([]).meshStatus == .notEnabled)
        #expect(Self.index([Self.pa(Self.root, "STRICT")]).meshStatus == .enabled)
        #expect(Self.index([Self.pa(Self.root, "STRICT")], settings: Self.noAuto).meshStatus == .partiallyEnabled)
        #expect(
            Self.index([Self.pa(Self.root, "STRICT"), Self.dr(Self.root, host: "*.local", "ISTIO_MUTUAL")], settings: Self.noAuto).meshStatus
                == .enabled
        )
        #expect(Self.index([Self.pa(Self.root, "STRICT"), Self.dr(Self.root, host: "*", "DISABLE")]).meshStatus == .partiallyEnabled)
        #expect(Self.index([Self.pa(Self.root, "PERMISSIVE")]).meshStatus == .partiallyEnabled)
        #expect(Self.index([Self.pa(Self.root, "DISABLE")]).meshStatus == .disabled)
        #expect(Self.index([Self.pa(Self.root, "DISABLE")], settings: Self.noAuto).meshStatus == .partiallyEnabled)
        #expect(
            Self.index([Self.pa(Self.root, "DISABLE"), Self.dr(Self.root, host: "*.local", "DISABLE")], settings: Self.noAuto).meshStatus == .disabled
        )
        #expect(Self.index([Self.pa(Self.root, "DISABLE"), Self.dr(Self.root, host: "*.local", "ISTIO_MUTUAL")]).meshStatus == .partiallyEnabled)
        // Only clients configured.
        #expect(Self.index([Self.dr(Self.root, host: "*.local", "ISTIO_MUTUAL")]).meshStatus == .partiallyEnabled)
        // UNSET and a missing mode are "nothing set".
        #expect(Self.index([Self.pa(Self.root, "UNSET")]).meshStatus == .notEnabled)
        #expect(Self.index([Self.pa(Self.root, nil)]).meshStatus == .notEnabled)
        // A policy with a selector is workload-level; a wildcard rule outside the root namespace is not mesh-wide.
        #expect(Self.index([Self.pa(Self.root, "STRICT", selector: ["app": "x"])]).meshStatus == .notEnabled)
        #expect(Self.index([Self.dr("bookinfo", host: "*.local", "ISTIO_MUTUAL")]).meshStatus == .notEnabled)
    }

    @Test func oldestMeshWidePolicyWins() {
        let index = Self.index([
            Self.pa(Self.root, "DISABLE", name: "newer", created: "2026-02-01T00:00:00Z"),
            Self.pa(Self.root, "STRICT", name: "older", created: "2026-01-01T00:00:00Z"),
        ])
        #expect(index.meshPeerMode == .strict)
        #expect(index.meshStatus == .enabled)
    }

    @Test func rootNamespaceComesFromTheSettings() {
        let settings = MeshTLSSettings(rootNamespace: "travel")
        #expect(Self.index([Self.pa("travel", "STRICT")], settings: settings).meshStatus == .enabled)
        #expect(Self.index([Self.pa(Self.root, "STRICT")], settings: settings).meshStatus == .notEnabled)
    }

    // MARK: - Per namespace

    @Test func namespaceWithoutPoliciesIsNotEnabled() {
        #expect(Self.index([]).status(of: "bookinfo") == .notEnabled)
        // Whatever the mesh-wide policy: the UI shows it as inherited.
        #expect(Self.index([Self.pa(Self.root, "STRICT")]).status(of: "bookinfo") == .notEnabled)
        // Workload-level policies and rules do not count.
        #expect(Self.index([Self.pa("bookinfo", "STRICT", selector: ["app": "reviews"])]).status(of: "bookinfo") == .notEnabled)
        #expect(Self.index([Self.dr("bookinfo", host: "*", "ISTIO_MUTUAL", workloadSelector: true)]).status(of: "bookinfo") == .notEnabled)
        // A rule for one service is not namespace-level.
        #expect(Self.index([Self.dr("bookinfo", host: "reviews", "ISTIO_MUTUAL")]).status(of: "bookinfo") == .notEnabled)
    }

    @Test func namespacePeerAuthenticationModes() {
        #expect(Self.index([Self.pa("bookinfo", "STRICT")]).status(of: "bookinfo") == .enabled)
        #expect(Self.index([Self.pa("bookinfo", "STRICT")], settings: Self.noAuto).status(of: "bookinfo") == .partiallyEnabled)
        #expect(Self.index([Self.pa("bookinfo", "PERMISSIVE")]).status(of: "bookinfo") == .partiallyEnabled)
        #expect(Self.index([Self.pa("bookinfo", "DISABLE")]).status(of: "bookinfo") == .disabled)
        // Other namespaces are not affected.
        #expect(Self.index([Self.pa("bookinfo", "STRICT")]).status(of: "travel") == .notEnabled)
        // A PERMISSIVE namespace under a STRICT mesh is still partial.
        #expect(Self.index([Self.pa(Self.root, "STRICT"), Self.pa("bookinfo", "PERMISSIVE")]).status(of: "bookinfo") == .partiallyEnabled)
    }

    @Test func namespaceDestinationRules() {
        // A rule for every Service of the namespace, from the root namespace, turns mTLS off for clients.
        let off = Self.dr(Self.root, host: "*.bookinfo.svc.cluster.local", "DISABLE")
        #expect(Self.index([Self.pa("bookinfo", "STRICT"), off]).status(of: "bookinfo") == .partiallyEnabled)
        #expect(Self.index([Self.pa("bookinfo", "DISABLE"), off], settings: Self.noAuto).status(of: "bookinfo") == .disabled)
        // Without auto mTLS, a namespace rule sending ISTIO_MUTUAL completes a STRICT namespace; a short host resolves.
        let on = Self.dr("bookinfo", host: "*.bookinfo", "ISTIO_MUTUAL")
        #expect(Self.index([Self.pa("bookinfo", "STRICT"), on], settings: Self.noAuto).status(of: "bookinfo") == .enabled)
        // The mesh-wide rule applies when the namespace has none.
        let mesh = Self.dr(Self.root, host: "*.local", "ISTIO_MUTUAL")
        #expect(Self.index([Self.pa("bookinfo", "STRICT"), mesh], settings: Self.noAuto).status(of: "bookinfo") == .enabled)
        // A namespace rule alone inherits the mesh-wide server mode.
        #expect(Self.index([Self.pa(Self.root, "STRICT"), on]).status(of: "bookinfo") == .enabled)
        #expect(Self.index([on]).status(of: "bookinfo") == .partiallyEnabled)
        // A wildcard rule in the namespace itself is namespace-level.
        #expect(Self.index([Self.pa("bookinfo", "STRICT"), Self.dr("bookinfo", host: "*", "DISABLE")]).status(of: "bookinfo") == .partiallyEnabled)
        // SIMPLE/MUTUAL are not Istio's mTLS.
        #expect(Self.index([Self.pa("bookinfo", "STRICT"), Self.dr("bookinfo", host: "*", "SIMPLE")]).status(of: "bookinfo") == .partiallyEnabled)
        // The most specific rule wins over a wildcard.
        let both = [
            Self.pa("bookinfo", "STRICT"), Self.dr("bookinfo", host: "*", "DISABLE"),
            Self.dr(Self.root, host: "*.bookinfo.svc.cluster.local", "ISTIO_MUTUAL"),
        ]
        #expect(Self.index(both, settings: Self.noAuto).clientMode(of: "bookinfo") == .istioMutual)
        #expect(Self.index(both, settings: Self.noAuto).status(of: "bookinfo") == .enabled)
    }

    @Test func unsetNamespaceInheritsTheMeshMode() {
        #expect(Self.index([Self.pa("bookinfo", "UNSET")]).status(of: "bookinfo") == .unset)
        #expect(Self.index([Self.pa("bookinfo", nil)]).status(of: "bookinfo") == .unset)
        #expect(Self.index([Self.pa(Self.root, "STRICT"), Self.pa("bookinfo", "UNSET")]).status(of: "bookinfo") == .unsetInheritedStrict)
        #expect(Self.index([Self.pa(Self.root, "DISABLE"), Self.pa("bookinfo", "UNSET")]).status(of: "bookinfo") == .unsetInheritedDisabled)
        #expect(Self.index([Self.pa(Self.root, "PERMISSIVE"), Self.pa("bookinfo", "UNSET")]).status(of: "bookinfo") == .unset)
        // With a namespace rule, the inherited mode is combined with it.
        let off = Self.dr("bookinfo", host: "*", "DISABLE")
        #expect(Self.index([Self.pa(Self.root, "STRICT"), Self.pa("bookinfo", "UNSET"), off]).status(of: "bookinfo") == .partiallyEnabled)
        #expect(Self.index([Self.pa(Self.root, "DISABLE"), Self.pa("bookinfo", "UNSET"), off]).status(of: "bookinfo") == .disabled)
    }

    @Test func contradictoryNamespacePoliciesAreAValidationError() {
        let conflicting = [Self.pa("bookinfo", "STRICT", name: "a"), Self.pa("bookinfo", "DISABLE", name: "b")]
        #expect(Self.index(conflicting).status(of: "bookinfo") == .validationError)
        let agreeing = [Self.pa("bookinfo", "STRICT", name: "a"), Self.pa("bookinfo", "STRICT", name: "b")]
        #expect(Self.index(agreeing).status(of: "bookinfo") == .enabled)
    }

    @Test func rootNamespaceStatusUsesTheMeshWidePolicies() {
        #expect(Self.index([Self.pa(Self.root, "STRICT")]).status(of: Self.root) == .enabled)
        #expect(Self.index([]).status(of: Self.root) == .notEnabled)
    }

    @Test func everyStatusValueIsSpelledAsKialiDoes() {
        #expect(
            TLSStatus.allCases.map(\.rawValue) == [
                "MTLS_ENABLED", "MTLS_PARTIALLY_ENABLED", "MTLS_NOT_ENABLED", "MTLS_DISABLED", "UNSET", "UNSET_INHERITED_STRICT",
                "UNSET_INHERITED_DISABLED", "MTLS_ENABLED_EXTENDED", "MTLS_VALIDATION_ERROR",
            ]
        )
    }

    // MARK: - Settings

    @Test func settingsFromMeshConfig() {
        let defaults = MeshTLSSettings(meshConfig: nil)
        #expect(defaults == MeshTLSSettings())
        #expect(defaults.rootNamespace == "istio-system" && defaults.autoMTLSEnabled && defaults.minTLS == "TLSV1_2")
        let custom = MeshTLSSettings(
            meshConfig: ["rootNamespace": "mesh-root", "enableAutoMtls": false, "meshMTLS": ["minProtocolVersion": "TLSV1_3"]],
            istiodNamespace: "istio-cp"
        )
        #expect(custom == MeshTLSSettings(rootNamespace: "mesh-root", autoMTLSEnabled: false, minTLS: "TLSV1_3"))
        #expect(MeshTLSSettings(meshConfig: ["rootNamespace": ""], istiodNamespace: "istio-cp").rootNamespace == "istio-cp")
    }

    // MARK: - Routes and JSON

    static func config(_ objects: [UnstructuredObject], visible: Set<String> = ["istio-system", "bookinfo", "travel"]) throws -> IstioConfig {
        var east = F.Cluster("east", isHome: true, namespaces: namespaces)
        east.istio = objects
        var west = F.Cluster("west", namespaces: ["bookinfo"])
        west.istio = [Self.pa("bookinfo", "DISABLE")]
        return try IstioConfig(F.mesh(east, west), cluster: nil, visibleNamespaces: visible)
    }

    @Test func clustersTLSListsVisibleNamespaces() throws {
        let config = try Self.config([Self.pa(Self.root, "STRICT"), Self.pa("bookinfo", "PERMISSIVE"), Self.pa("hidden", "DISABLE")])
        let index = config.tlsIndex(settings: MeshTLSSettings(minTLS: "TLSV1_3"))
        let listed = config.clustersTLS(namespaces: ["travel", "hidden", "nowhere", "bookinfo", "travel"], index: index)
        #expect(listed.map(\.namespace) == ["travel", "bookinfo"])
        #expect(listed.map(\.status) == [.notEnabled, .partiallyEnabled])
        #expect(listed.allSatisfy { $0.cluster == "east" && $0.autoMTLSEnabled && $0.minTLS == "TLSV1_3" })
        #expect(config.clustersTLS(index: index).map(\.namespace) == ["bookinfo", "istio-system", "travel"])

        #expect(try config.namespaceTLS("bookinfo", index: index).status == .partiallyEnabled)
        let forbidden = #expect(throws: IstioConfigError.self) { try config.namespaceTLS("hidden", index: index) }
        #expect(forbidden?.status == 403)

        // West's policies are its own.
        var westConfig = try IstioConfig(
            F.mesh(
                F.Cluster("east", isHome: true),
                {
                    var west = F.Cluster("west", namespaces: ["bookinfo"])
                    west.istio = [Self.pa("bookinfo", "DISABLE")]
                    return west
                }()
            ),
            cluster: "west",
            visibleNamespaces: ["bookinfo"]
        )
        #expect(westConfig.clustersTLS(index: westConfig.tlsIndex()).map(\.status) == [.disabled])
        westConfig = try IstioConfig(F.mesh(F.Cluster("east", isHome: true)), cluster: nil, visibleNamespaces: [])
        #expect(westConfig.clustersTLS(index: westConfig.tlsIndex()).isEmpty)
    }

    @Test func meshTLSOfACluster() throws {
        let config = try Self.config([Self.pa(Self.root, "STRICT")])
        #expect(config.meshTLS() == MeshTLS(status: .enabled, autoMTLSEnabled: true, minTLS: "TLSV1_2"))
        #expect(config.meshTLS(settings: MeshTLSSettings(rootNamespace: "travel")).status == .notEnabled)
    }

    @Test func tlsJSONShapes() throws {
        let t = NamespaceTLS(status: .enabled, autoMTLSEnabled: true, minTLS: "TLSV1_2", namespace: "bookinfo", cluster: "east")
        func compact(_ bytes: [UInt8]) -> String { String(String(decoding: bytes, as: UTF8.self).filter { $0 != "\n" && $0 != " " }) }
        #expect(
            compact(IstioConfigJSON.tls(t))
                == #"{"status":"MTLS_ENABLED","autoMTLSEnabled":true,"minTLS":"TLSV1_2","namespace":"bookinfo","cluster":"east"}"#
        )
        #expect(compact(IstioConfigJSON.tls([t, t])).hasPrefix(#"[{"status":"MTLS_ENABLED""#))
        #expect(try F.parse(IstioConfigJSON.tls([t])).arrayValue?.count == 1)
        #expect(compact(IstioConfigJSON.tls([NamespaceTLS]())) == "[]")
        let m = MeshTLS(status: .partiallyEnabled, autoMTLSEnabled: false, minTLS: "TLSV1_3")
        #expect(compact(IstioConfigJSON.tls(m)) == #"{"status":"MTLS_PARTIALLY_ENABLED","autoMTLSEnabled":false,"minTLS":"TLSV1_3"}"#)
    }

    /// Many namespaces from one index: every status is computed from the index (no assertion on time).
    @Test func manyNamespacesFromOneIndex() throws {
        let names = (0..<1000).map { "ns-\($0)" }
        var c = F.Cluster("east", isHome: true, namespaces: names + [Self.root])
        c.istio = [Self.pa(Self.root, "STRICT")]
        for (i, name) in names.enumerated() {
            switch i % 4 {
            case 0: c.istio.append(Self.pa(name, "STRICT"))
            case 1: c.istio.append(Self.pa(name, "PERMISSIVE"))
            case 2: c.istio.append(Self.dr(Self.root, host: "*.\(name).svc.cluster.local", "DISABLE", name: "dr-\(name)"))
            default: break
            }
        }
        let config = IstioConfig(c.snapshot, visibleNamespaces: Set(names))
        let index = config.tlsIndex()
        let chunk = Array(names.prefix(100))
        let statuses = config.clustersTLS(namespaces: chunk, index: index).map(\.status)
        #expect(statuses.count == 100)
        #expect(statuses.filter { $0 == .enabled }.count == 25)
        #expect(statuses.filter { $0 == .partiallyEnabled }.count == 50)
        #expect(statuses.filter { $0 == .notEnabled }.count == 25)
        #expect(config.clustersTLS(index: index).count == 1000)
    }
}
