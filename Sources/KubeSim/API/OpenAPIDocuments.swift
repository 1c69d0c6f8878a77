import Crypto
import Foundation
import KubeTypes
import SkoposModel

/// OpenAPI v3 documents per group version (and a small v2 document), built from the catalog: every resource path
/// with its operations, `x-kubernetes-group-version-kind` and the `fieldValidation` parameter, so kubectl uses
/// server-side field validation; schemas come from CRDs for custom kinds.
struct OpenAPIDocuments {
    let cluster: SimCluster

    /// `/openapi/v3`: the list of group-version documents with content hashes.
    func index() -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for g in cluster.catalog.groups {
            for v in g.versions {
                let key = g.name.isEmpty ? "api/\(v)" : "apis/\(g.name)/\(v)"
                guard let doc = document(for: key) else { continue }
                let hash = SHA256.hash(data: Data(JSONWriter.write(doc))).prefix(16).map { String(format: "%02X", $0) }.joined()
                paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash)")]
            }
        }
        return ["paths": .object(paths)]
    }

    static let patchTypes = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]

    static func param(_ name: String, in location: String = "query", required: Bool = false) -> JSONValue {
        ["name": .string(name), "in": .string(location), "required": .bool(required), "schema": ["type": "string", "uniqueItems": true]]
    }

    static func schemaName(_ t: ResourceType, _ version: String) -> String {
        let group = t.group.isEmpty ? "core" : t.group
        return "\(group.split(separator: ".").reversed().joined(separator: ".")).\(version).\(t.kind)"
    }

    /// The document for `api/v1` or `apis/GROUP/VERSION`, or `nil` when nothing is served there.
    func document(for key: String) -> JSONValue? {
        let parts = key.split(separator: "/").map(String.init)
        let group: String
        let version: String
        if parts.count == 2, parts[0] == "api" {
            group = ""
            version = parts[1]
        } else if parts.count == 3, parts[0] == "apis" {
            group = parts[1]
            version = parts[2]
        } else {
            return nil
        }
        let types = cluster.catalog.types(group: group, version: version)
        guard !types.isEmpty else { return nil }
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        for t in types {
            let gvk: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(t.kind)]
            let ref: JSONValue = ["$ref": .string("#/components/schemas/\(Self.schemaName(t, version))")]
            let body: JSONValue = ["content": ["application/json": ["schema": ref], "application/yaml": ["schema": ref]]]
            func op(_ action: String, params: [JSONValue] = [], requestBody: JSONValue? = nil) -> JSONValue {
                var o: [String: JSONValue] = [
                    "operationId": .string("\(action)\(t.kind)"), "x-kubernetes-action": .string(action),
                    "x-kubernetes-group-version-kind": gvk, "parameters": .array(params),
                    "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": ref]]]],
                ]
                if let requestBody { o["requestBody"] = requestBody }
                return .object(o)
            }
            let writeParams = [Self.param("dryRun"), Self.param("fieldManager"), Self.param("fieldValidation")]
            let patchBody: JSONValue = ["content": .object(Dictionary(uniqueKeysWithValues: Self.patchTypes.map { ($0, ["schema": ["type": "object"]]) }))]
            let nsPart = t.namespaced ? "/namespaces/{namespace}" : ""
            let nsParam: [JSONValue] = t.namespaced ? [Self.param("namespace", in: "path", required: true)] : []
            let nameParam = Self.param("name", in: "path", required: true)
            var collection: [String: JSONValue] = [:]
            if t.verbs.contains("list") {
                collection["get"] = op("list", params: nsParam + ["labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "watch"].map { Self.param($0) })
            }
            if t.verbs.contains("create") { collection["post"] = op("post", params: nsParam + writeParams, requestBody: body) }
            if t.verbs.contains("deletecollection") { collection["delete"] = op("deletecollection", params: nsParam) }
            if !collection.isEmpty { paths["\(prefix)\(nsPart)/\(t.plural)"] = .object(collection) }
            var item: [String: JSONValue] = [:]
            if t.verbs.contains("get") { item["get"] = op("get", params: nsParam + [nameParam]) }
            if t.verbs.contains("update") { item["put"] = op("put", params: nsParam + [nameParam] + writeParams, requestBody: body) }
            if t.verbs.contains("patch") {
                item["patch"] = op("patch", params: nsParam + [nameParam] + writeParams + [Self.param("force")], requestBody: patchBody)
            }
            if t.verbs.contains("delete") { item["delete"] = op("delete", params: nsParam + [nameParam]) }
            if !item.isEmpty { paths["\(prefix)\(nsPart)/\(t.plural)/{name}"] = .object(item) }
            if t.namespaced && t.verbs.contains("list") {
                paths["\(prefix)/\(t.plural)"] = ["get": op("list", params: ["labelSelector", "fieldSelector", "limit", "continue", "watch"].map { Self.param($0) })]
            }
            if t.hasStatusSubresource {
                paths["\(prefix)\(nsPart)/\(t.plural)/{name}/status"] = [
                    "get": op("get", params: nsParam + [nameParam]),
                    "put": op("put", params: nsParam + [nameParam] + writeParams, requestBody: body),
                    "patch": op("patch", params: nsParam + [nameParam] + writeParams, requestBody: patchBody),
                ]
            }
            var schema = t.schemas[version] ?? [
                "type": "object",
                "properties": [
                    "apiVersion": ["type": "string"], "kind": ["type": "string"], "metadata": ["type": "object"],
                    "spec": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                    "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                ],
                "x-kubernetes-preserve-unknown-fields": true,
            ]
            schema["x-kubernetes-group-version-kind"] = [gvk]
            if schema["description"] == nil { schema["description"] = .string("\(t.kind) (served by the Skopos simulator)") }
            schemas[Self.schemaName(t, version)] = schema
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string(SimVersion.gitVersion)],
            "paths": .object(paths), "components": ["schemas": .object(schemas)],
        ]
    }

    /// A Swagger 2.0 document with the definitions of every served kind.
    func swagger() -> JSONValue {
        var definitions: [String: JSONValue] = [:]
        for t in cluster.catalog.types {
            for v in t.versions {
                definitions[Self.schemaName(t, v)] = [
                    "type": "object",
                    "x-kubernetes-group-version-kind": [["group": .string(t.group), "version": .string(v), "kind": .string(t.kind)]],
                ]
            }
        }
        return ["swagger": "2.0", "info": ["title": "Kubernetes", "version": .string(SimVersion.gitVersion)], "paths": [:], "definitions": .object(definitions)]
    }
}
