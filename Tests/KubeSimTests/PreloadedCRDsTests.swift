import SkoposModel
import Testing
@testable import KubeSim
import KubeTypes

/// Checks that every preloaded CustomResourceDefinition is a well-formed `apiextensions.k8s.io/v1` object.
@Suite struct PreloadedCRDsTests {
    /// The CRD whose `spec.names.kind` and `spec.group` match.
    func crd(_ kind: String, _ group: String) -> JSONValue? {
        PreloadedCRDs.all.first { $0[path: ["spec", "names", "kind"]]?.stringValue == kind && $0[path: ["spec", "group"]]?.stringValue == group }
    }

    /// The printer column names of the CRD's storage version.
    func columnNames(_ crd: JSONValue?) -> [String] {
        let versions = crd?[path: ["spec", "versions"]]?.arrayValue ?? []
        let storage = versions.first { $0["storage"]?.boolValue == true }
        return (storage?["additionalPrinterColumns"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    @Test func everyCRDIsNamedPluralDotGroup() {
        #expect(!PreloadedCRDs.all.isEmpty)
        for crd in PreloadedCRDs.all {
            #expect(crd["apiVersion"] == "apiextensions.k8s.io/v1")
            #expect(crd["kind"] == "CustomResourceDefinition")
            let plural = crd[path: ["spec", "names", "plural"]]?.stringValue ?? ""
            let group = crd[path: ["spec", "group"]]?.stringValue ?? ""
            #expect(!plural.isEmpty && !group.isEmpty)
            #expect(crd[path: ["metadata", "name"]]?.stringValue == "\(plural).\(group)")
        }
    }

    @Test func namesAreComplete() {
        for crd in PreloadedCRDs.all {
            let names = crd[path: ["spec", "names"]]
            let kind = names?["kind"]?.stringValue ?? ""
            #expect(!kind.isEmpty)
            #expect(names?["listKind"]?.stringValue == kind + "List")
            #expect(names?["singular"]?.stringValue == kind.lowercased())
            #expect(names?["plural"]?.stringValue == names?["plural"]?.stringValue?.lowercased())
            #expect(crd[path: ["status", "acceptedNames"]] == names)
            let scope = crd[path: ["spec", "scope"]]?.stringValue
            #expect(scope == "Namespaced" || scope == "Cluster")
        }
    }

    @Test func exactlyOneStorageVersion() {
        for crd in PreloadedCRDs.all {
            let versions = crd[path: ["spec", "versions"]]?.arrayValue ?? []
            #expect(!versions.isEmpty)
            let storage = versions.filter { $0["storage"]?.boolValue == true }
            #expect(storage.count == 1, "\(crd[path: ["metadata", "name"]]?.stringValue ?? "")")
            #expect(versions.allSatisfy { $0["served"]?.boolValue == true })
            let names = versions.compactMap { $0["name"]?.stringValue }
            #expect(Set(names).count == versions.count)
            #expect(crd[path: ["status", "storedVersions"]] == .array([storage.first?["name"] ?? .null]))
        }
    }

    @Test func kindsPluralsAndShortNamesAreUnique() {
        var kinds = Set<String>()
        var plurals = Set<String>()
        var shortNames = Set<String>()
        for crd in PreloadedCRDs.all {
            let group = crd[path: ["spec", "group"]]?.stringValue ?? ""
            let names = crd[path: ["spec", "names"]]
            let kindIsNew = kinds.insert(group + "/" + (names?["kind"]?.stringValue ?? "")).inserted
            let pluralIsNew = plurals.insert(group + "/" + (names?["plural"]?.stringValue ?? "")).inserted
            #expect(kindIsNew)
            #expect(pluralIsNew)
            for short in names?["shortNames"]?.arrayValue ?? [] {
                let shortIsNew = shortNames.insert(short.stringValue ?? "").inserted
                #expect(shortIsNew, "duplicate short name \(short)")
            }
        }
    }

    @Test func printerColumnsAreComplete() {
        let types: Set<String> = ["string", "integer", "number", "boolean", "date"]
        for crd in PreloadedCRDs.all {
            for version in crd[path: ["spec", "versions"]]?.arrayValue ?? [] {
                for column in version["additionalPrinterColumns"]?.arrayValue ?? [] {
                    let name = column["name"]?.stringValue ?? ""
                    #expect(!name.isEmpty)
                    #expect(types.contains(column["type"]?.stringValue ?? ""))
                    #expect(column["jsonPath"]?.stringValue?.hasPrefix(".") == true)
                }
            }
        }
    }

    @Test func schemasAreStructural() {
        for crd in PreloadedCRDs.all {
            for version in crd[path: ["spec", "versions"]]?.arrayValue ?? [] {
                let schema = version[path: ["schema", "openAPIV3Schema"]]
                #expect(schema?["type"] == "object")
                #expect(schema?[path: ["properties", "apiVersion", "type"]] == "string")
                #expect(schema?[path: ["properties", "kind", "type"]] == "string")
                #expect(schema?[path: ["properties", "metadata", "type"]] == "object")
                #expect(schema?[path: ["properties", "spec", "x-kubernetes-preserve-unknown-fields"]] == true)
                if version[path: ["subresources", "status"]] != nil {
                    #expect(schema?[path: ["properties", "status", "type"]] == "object")
                    #expect(schema?[path: ["properties", "status", "x-kubernetes-preserve-unknown-fields"]] == true)
                }
            }
        }
    }

    @Test func istioCRDs() throws {
        let vs = try #require(crd("VirtualService", "networking.istio.io"))
        #expect(columnNames(vs) == ["Gateways", "Hosts", "Age"])
        #expect(vs[path: ["spec", "names", "shortNames"]] == ["vs"])
        #expect(vs[path: ["spec", "names", "categories"]] == ["istio-io", "networking-istio-io"])
        let versions = vs[path: ["spec", "versions"]]?.arrayValue ?? []
        #expect(Set(versions.compactMap { $0["name"]?.stringValue }) == ["v1", "v1beta1", "v1alpha3"])
        #expect(versions.first { $0["storage"] == true }?["name"] == "v1")

        let dr = try #require(crd("DestinationRule", "networking.istio.io"))
        #expect(columnNames(dr) == ["Host", "Age"])

        let envoyFilter = try #require(crd("EnvoyFilter", "networking.istio.io"))
        #expect(envoyFilter[path: ["spec", "versions"]]?.arrayValue?.count == 1)
        let proxyConfig = try #require(crd("ProxyConfig", "networking.istio.io"))
        #expect(proxyConfig[path: ["spec", "versions"]]?.arrayValue?.first?["name"] == "v1beta1")

        let status = vs[path: ["spec", "versions"]]?.arrayValue?.first?[path: ["schema", "openAPIV3Schema", "properties", "status"]]
        #expect(status?[path: ["properties", "conditions", "type"]] == "array")
        #expect(status?[path: ["properties", "validationMessages", "type"]] == "array")

        for (kind, group, short) in [("AuthorizationPolicy", "security.istio.io", "ap"), ("PeerAuthentication", "security.istio.io", "pa"),
                                     ("RequestAuthentication", "security.istio.io", "ra"), ("Telemetry", "telemetry.istio.io", "telemetry"),
                                     ("Gateway", "networking.istio.io", "gw"), ("ServiceEntry", "networking.istio.io", "se"),
                                     ("WorkloadEntry", "networking.istio.io", "we"), ("WorkloadGroup", "networking.istio.io", "wg")] {
            let found = try #require(crd(kind, group), "\(kind).\(group)")
            #expect(found[path: ["spec", "names", "shortNames"]] == [.string(short)])
            #expect(found[path: ["spec", "names", "categories"]]?.arrayValue?.first == "istio-io")
        }
        #expect(crd("Sidecar", "networking.istio.io") != nil)
        #expect(crd("WasmPlugin", "extensions.istio.io") != nil)
    }

    @Test func gatewayAPICRDs() throws {
        let group = "gateway.networking.k8s.io"
        let gateway = try #require(crd("Gateway", group))
        #expect(columnNames(gateway) == ["Class", "Address", "Programmed", "Age"])
        let route = try #require(crd("HTTPRoute", group))
        #expect(columnNames(route) == ["Hostnames", "Age"])
        let gatewayClass = try #require(crd("GatewayClass", group))
        #expect(gatewayClass[path: ["spec", "scope"]] == "Cluster")
        #expect(gatewayClass[path: ["spec", "names", "shortNames"]] == ["gc"])
        for kind in ["GRPCRoute", "ReferenceGrant", "TCPRoute", "TLSRoute", "UDPRoute"] {
            let found = try #require(crd(kind, group), "\(kind)")
            #expect(found[path: ["spec", "names", "categories"]] == ["gateway-api"])
        }
    }

    @Test func kialiHasStatusSubresource() throws {
        let kiali = try #require(PreloadedCRDs.crd(named: "kialis.kiali.io"))
        #expect(kiali[path: ["spec", "names", "kind"]] == "Kiali")
        #expect(kiali[path: ["spec", "scope"]] == "Namespaced")
        let version = try #require(kiali[path: ["spec", "versions"]]?.arrayValue?.first)
        #expect(version["name"] == "v1alpha1")
        #expect(version[path: ["subresources", "status"]] == [:])
        #expect(version[path: ["schema", "openAPIV3Schema", "properties", "status", "x-kubernetes-preserve-unknown-fields"]] == true)
        #expect(PreloadedCRDs.crd(named: "ossmconsoles.kiali.io") != nil)
    }

    @Test func openShiftRouteIsNotACRD() {
        #expect(!PreloadedCRDs.all.contains { $0[path: ["spec", "group"]] == "route.openshift.io" })
    }

    @Test func survivesAJSONRoundTrip() throws {
        for crd in PreloadedCRDs.all {
            #expect(try JSONParser.parse(JSONWriter.string(crd)) == crd)
        }
    }
}
