import Foundation
import KubeSim
import SimTestSupport
import SkoposModel
import Testing

/// Objects are checked against their schema before storage (issue 18, items 7 and 8): custom resources against the
/// CRD's structural schema with pruning, `fieldValidation` Strict/Warn/Ignore for unknown fields.
@Suite(.serialized)
struct SchemaValidationTests {
    static let crd = """
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "widgets.example.com"},
         "spec": {"group": "example.com", "scope": "Namespaced",
          "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
          "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {
            "type": "object",
            "properties": {"spec": {"type": "object", "required": ["size"], "properties": {
              "size": {"type": "integer", "minimum": 1, "maximum": 10},
              "color": {"type": "string", "enum": ["red", "blue"]},
              "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 8},
              "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
              "labels": {"type": "object", "additionalProperties": {"type": "string"}},
              "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
              "port": {"x-kubernetes-int-or-string": true}}}}}}}]}}
        """

    static func widget(_ spec: String, name: String = "w") -> String {
        #"{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "\#(name)"}, "spec": \#(spec)}"#
    }

    @Test("A custom resource is checked against its CRD's schema and pruned; fieldValidation Strict refuses unknown fields, Warn warns, Ignore drops them")
    func customResources() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            #expect(try await http.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: Self.crd).status == 201)
            let base = "/apis/example.com/v1/namespaces/default/widgets"
            var served = false
            for _ in 0..<50 where !served {
                served = try await http.request("GET", base).status == 200
                if !served { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(served)

            // Warn (the default): stored without the unknown field, with a Warning header naming it.
            let warned = try await http.request(
                "POST", base, body: Self.widget(#"{"size": 3, "extra": 1, "free": {"any": {"thing": true}}, "port": "http", "labels": {"a": "b"}}"#, name: "w1"))
            #expect(warned.status == 201, "\(warned.body)")
            #expect(warned.headers["warning"]?.contains(#"unknown field \"spec.extra\""#) == true, "\(warned.headers)")
            let stored = try await http.request("GET", "\(base)/w1").json
            #expect(stored?[path: ["spec", "extra"]] == nil)
            #expect(stored?[path: ["spec", "free", "any", "thing"]] == true, "x-kubernetes-preserve-unknown-fields keeps what it holds")
            #expect(stored?[path: ["spec", "port"]] == "http")

            // Strict: refused, nothing stored.
            let strict = try await http.request("POST", "\(base)?fieldValidation=Strict", body: Self.widget(#"{"size": 3, "extra": 1}"#, name: "w2"))
            #expect(strict.status == 400 && strict.body.contains(#"strict decoding error: unknown field \"spec.extra\""#), "\(strict.body)")
            #expect(try await http.request("GET", "\(base)/w2").status == 404)
            // Ignore: stored, pruned, no warning.
            let ignored = try await http.request("POST", "\(base)?fieldValidation=Ignore", body: Self.widget(#"{"size": 3, "extra": 1}"#, name: "w3"))
            #expect(ignored.status == 201 && ignored.headers["warning"] == nil)

            // Schema violations are 422s naming the field; nothing is stored.
            let bad: [(String, String)] = [
                (#"{"size": "big"}"#, "spec.size"), (#"{"color": "red"}"#, "spec.size"), (#"{"size": 11}"#, "spec.size"),
                (#"{"size": 1, "color": "green"}"#, "spec.color"), (#"{"size": 1, "name": "Bad-Name"}"#, "spec.name"),
                (#"{"size": 1, "tags": ["a", "b", "c"]}"#, "spec.tags"), (#"{"size": 1, "labels": {"a": 1}}"#, "spec.labels.a"),
                (#"{"size": 1, "port": 1.5}"#, "spec.port"),
            ]
            for (i, (spec, field)) in bad.enumerated() {
                let r = try await http.request("POST", base, body: Self.widget(spec, name: "bad\(i)"))
                let causes = r.json?[path: ["details", "causes"]]?.arrayValue ?? []
                #expect(r.status == 422 && causes.contains { $0["field"]?.stringValue == field }, "\(spec): \(r.status) \(r.body)")
                #expect(try await http.request("GET", "\(base)/bad\(i)").status == 404)
            }
            // The same on update and patch.
            let patched = try await http.request("PATCH", "\(base)/w1", body: #"{"spec": {"size": 0}}"#, contentType: "application/merge-patch+json")
            #expect(patched.status == 422)
            let strictPatch = try await http.request(
                "PATCH", "\(base)/w1?fieldValidation=Strict", body: #"{"spec": {"sizes": 2}}"#, contentType: "application/merge-patch+json")
            #expect(strictPatch.status == 400)
            #expect(try await http.request("GET", "\(base)/w1").json?[path: ["spec", "size"]] == 3)
        }
    }

    @Test("Unknown fields of built-in kinds, at the top level and in metadata, follow fieldValidation; kubectl's Strict refuses a typo")
    func builtins() async throws {
        let kubectl = try #require(Kubectl.executable)
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            let typo = #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c1", "labelz": {"a": "b"}}, "date": {"k": "v"}}"#
            let strict = try await http.request("POST", "\(base)?fieldValidation=Strict", body: typo)
            #expect(strict.status == 400 && strict.body.contains(#"unknown field \"date\""#) && strict.body.contains(#"unknown field \"metadata.labelz\""#), "\(strict.body)")
            let warned = try await http.request("POST", base, body: typo)
            #expect(warned.status == 201 && warned.headers["warning"]?.contains("date") == true)
            #expect(try await http.request("GET", "\(base)/c1").json?["date"] == nil)

            let k = sim.kubectl(kubectl)
            let applied = try await k.run(["--context", "east", "apply", "-f", "-"], stdin: """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c2, namespace: default}
                dta: {k: v}
                """)
            #expect(applied.status != 0 && applied.stderr.contains("unknown field \"dta\""), "\(applied)")
        }
    }
}
