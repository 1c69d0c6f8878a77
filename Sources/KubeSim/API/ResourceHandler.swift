import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import SkoposModel

/// Serves one resource request: get, list, create, update, patch, delete, deletecollection and the subresources,
/// with the semantics of kube-apiserver (preconditions, status subresource, generation, finalizers, dry run).
struct ResourceHandler {
    let cluster: SimCluster
    let request: APIRequest
    /// `Warning` headers for the response (unknown fields under `fieldValidation=Warn`).
    let warnings = ResponseWarnings()

    var info: RequestInfo { request.info }
    var storage: ClusterStorage { cluster.storage }

    func response() async throws -> Response {
        guard let type = cluster.catalog.lookup(group: info.group, version: info.version, resource: info.resource) else {
            throw APIError.notFoundPath()
        }
        if type.namespaced == false && !info.namespace.isEmpty && info.resource != "namespaces" {
            throw APIError.notFoundPath()
        }
        if let special = try await SpecialResources(cluster: cluster, request: request, type: type).response() {
            return special
        }
        if !info.subresource.isEmpty {
            return try await subresource(type)
        }
        guard type.verbs.contains(info.verb) || info.verb == "watch" && type.verbs.contains("watch") else {
            throw APIError.methodNotAllowed()
        }
        // Methods a path does not serve, as kube-apiserver's routes: POST to an item, PUT or PATCH to a collection.
        if (info.verb == "create" && !info.name.isEmpty) || ((info.verb == "update" || info.verb == "patch") && info.name.isEmpty) {
            throw APIError.methodNotAllowed()
        }
        try Self.checkMediaTypes(verb: info.verb, contentType: request.contentType, accept: request.accept)
        // Options are checked before anything is read or changed (a bad value changes nothing).
        let bodyOptions = info.verb == "delete" || info.verb == "deletecollection" ? try deleteOptions() : nil
        try RequestOptions.validate(verb: info.verb, query: request.query, deleteOptions: bodyOptions)
        var response: Response
        switch info.verb {
        case "create": response = try create(type)
        case "update": response = try update(type, subresource: "")
        case "patch": response = try patch(type, subresource: "")
        default: return try await read(type)
        }
        warnings.addHeaders(to: &response)
        return response
    }

    /// Reads and deletes.
    func read(_ type: ResourceType) async throws -> Response {
        switch info.verb {
        case "get": return try get(type)
        case "list": return try await list(type)
        case "watch": return try await WatchHandler(cluster: cluster, request: request, fault: nil).response()
        case "delete": return try delete(type)
        case "deletecollection": return try deleteCollection(type)
        default: throw APIError.methodNotAllowed()
        }
    }

    /// Prunes and checks an object against its schema (``SchemaValidation``): a schema violation is a 422; unknown
    /// fields are refused under `fieldValidation=Strict`, become `Warning` headers under `Warn` (the default) and are
    /// dropped silently under `Ignore`.
    func applySchema(_ type: ResourceType, _ object: JSONValue, name: String) throws(APIError) -> JSONValue {
        let outcome = SchemaValidation.apply(type, version: info.version, to: object)
        if !outcome.causes.isEmpty { throw APIError.invalid(kind: type.kind, group: type.group, name: name, causes: outcome.causes) }
        if !outcome.unknownFields.isEmpty {
            let messages = outcome.unknownFields.map { "unknown field \"\($0)\"" }
            switch request.query["fieldValidation"] ?? "Warn" {
            case "Strict":
                throw APIError.badRequest(
                    "\(type.kind) in version \"\(info.version)\" cannot be handled as a \(type.kind): strict decoding error: \(messages.joined(separator: ", "))")
            case "Ignore":
                break
            default:
                warnings.add(messages)
            }
        }
        return outcome.object
    }

    var key: ObjectKey { ObjectKey(namespace: info.resource == "namespaces" ? "" : info.namespace, name: info.name) }

    // MARK: Output

    /// The object as the client asked for it: in the requested version, or as a one-row Table.
    func render(_ object: JSONValue, _ type: ResourceType, status: Int = 200) -> Response {
        if request.wantsTable && info.verb == "get" {
            let table = TableConverter.table(
                type: type, objects: [object], includeObject: request.query["includeObject"] ?? "Metadata",
                listMetadata: ["resourceVersion": object[path: ["metadata", "resourceVersion"]] ?? ""]
            )
            return APIResponder.json(table, status: status)
        }
        return APIResponder.json(Self.convert(object, type, to: info.version), status: status)
    }

    /// Sets `apiVersion` to the requested version (all versions of a simulated CRD share one schema: strategy None).
    static func convert(_ object: JSONValue, _ type: ResourceType, to version: String) -> JSONValue {
        var o = object
        if o["apiVersion"]?.stringValue != type.apiVersion(version) { o["apiVersion"] = .string(type.apiVersion(version)) }
        if o["kind"] == nil { o["kind"] = .string(type.kind) }
        return o
    }

    func ensureNamespace(forWriteOf type: ResourceType) throws(APIError) {
        guard type.namespaced else { return }
        guard let ns = storage.get(GroupResource.namespaces, ObjectKey(namespace: "", name: info.namespace)) else {
            throw APIError.notFound(GroupResource.namespaces, info.namespace)
        }
        if info.verb == "create" && ns.object[path: ["metadata", "deletionTimestamp"]] != nil {
            throw APIError(
                .forbidden,
                message: "\(type.plural) \"\(info.name)\" is forbidden: unable to create new content in namespace \(info.namespace) because it is being terminated",
                details: KubeStatus.Details(
                    causes: [KubeStatus.Cause(reason: "NamespaceTerminating", message: "namespace \(info.namespace) is being terminated", field: "metadata.namespace")]
                )
            )
        }
    }

    // MARK: get / list

    func get(_ type: ResourceType) throws -> Response {
        guard let stored = storage.get(type.groupResource, key) else { throw APIError.notFound(type.groupResource, info.name) }
        if !request.wantsTable && type.apiVersion(info.version) == stored.object["apiVersion"]?.stringValue {
            return APIResponder.bytes(stored.json)
        }
        return render(stored.object, type)
    }

    struct ContinueToken: Codable {
        var rv: Int
        var start: String
    }

    func list(_ type: ResourceType) async throws -> Response {
        let selection = try Selection(request: request, type: type)
        let namespace = type.namespaced && !info.namespace.isEmpty ? info.namespace : nil
        var continueToken: String? = nil
        var remaining: Int? = nil
        let requestedRV = request.query["resourceVersion"].flatMap { Int($0) } ?? 0
        let match = request.query["resourceVersionMatch"] ?? ""
        let limited = ((try request.queryInt("limit")) ?? 0) > 0
        var decodedToken: ContinueToken?
        if let token = request.query["continue"], !token.isEmpty {
            guard let data = Data(base64Encoded: token), let decoded = try? JSONDecoder().decode(ContinueToken.self, from: data) else {
                throw APIError.badRequest("invalid continue token: the token is not one this server issued")
            }
            decodedToken = decoded
        }
        // Which state is listed, as kube-apiserver decides: a continued list stays at its first page's
        // resourceVersion; Exact (or a non-zero resourceVersion with a limit) lists at that version; NotOlderThan (or a
        // non-zero resourceVersion alone) waits briefly for it and lists the current state; unset or "0" is current.
        var at: Int?
        if let decodedToken {
            at = decodedToken.rv
        } else if requestedRV > 0 && (match == "Exact" || (match.isEmpty && limited)) {
            at = requestedRV
        } else if requestedRV > 0 {
            let deadline = ContinuousClock.now + .seconds(3)
            while storage.resourceVersion < requestedRV {
                if ContinuousClock.now >= deadline {
                    throw APIError.tooLargeResourceVersion(requested: requestedRV, current: storage.resourceVersion)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        var all: [StoredObject]
        var listRV: Int
        if let at {
            do {
                all = try storage.list(type.groupResource, namespace: namespace, at: at)
                listRV = at
            } catch .tooLarge(let requested, let current) {
                throw APIError.tooLargeResourceVersion(requested: requested, current: current)
            } catch .expired(let requested, let oldest) {
                if decodedToken != nil {
                    throw APIError(
                        .expired,
                        message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list."
                    )
                }
                throw APIError.gone("too old resource version: \(requested) (\(oldest))")
            }
        } else {
            (all, listRV) = storage.list(type.groupResource, namespace: namespace)
        }
        var items = all.filter { selection.matches($0) }
        if let decodedToken { items = items.filter { $0.key.description > decodedToken.start } }
        if let limit = try request.queryInt("limit"), limit > 0, items.count > limit {
            remaining = items.count - limit
            items = Array(items.prefix(limit))
            let token = ContinueToken(rv: listRV, start: items.last!.key.description)
            continueToken = (try? JSONEncoder().encode(token))?.base64EncodedString()
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(listRV))]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remaining { metadata["remainingItemCount"] = .int(remaining) }

        if request.wantsTable {
            let objects = items.map(\.object)
            let table = TableConverter.table(type: type, objects: objects, includeObject: request.query["includeObject"] ?? "Metadata", listMetadata: .object(metadata))
            return APIResponder.json(table)
        }
        // Assemble the list from each object's stored encoding.
        var out: [UInt8] = []
        out.reserveCapacity(items.reduce(128) { $0 + $1.json.count + 1 })
        out += Array("{\"apiVersion\":".utf8)
        JSONWriter.writeString(type.apiVersion(info.version), into: &out)
        out += Array(",\"items\":[".utf8)
        let wantVersion = type.apiVersion(info.version)
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if item.object["apiVersion"]?.stringValue == wantVersion {
                out += item.json
            } else {
                JSONWriter.write(Self.convert(item.object, type, to: info.version), into: &out)
            }
        }
        out += Array("],\"kind\":".utf8)
        JSONWriter.writeString(type.listKind, into: &out)
        out += Array(",\"metadata\":".utf8)
        JSONWriter.write(.object(metadata), into: &out)
        out.append(UInt8(ascii: "}"))
        return APIResponder.bytes(out)
    }

    // MARK: create

    func create(_ type: ResourceType) throws -> Response {
        var object = try request.decodedBody()
        guard object.objectValue != nil else { throw APIError.badRequest("the body of the request must be a JSON object") }
        try checkKind(&object, type)
        var name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if name.isEmpty, let generate = object[path: ["metadata", "generateName"]]?.stringValue, !generate.isEmpty {
            name = generate + Self.randomSuffix()
        }
        if let bodyNS = object[path: ["metadata", "namespace"]]?.stringValue, !bodyNS.isEmpty, type.namespaced, bodyNS != info.namespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        object[path: ["metadata", "name"]] = .string(name)
        if type.namespaced { object[path: ["metadata", "namespace"]] = .string(info.namespace) }
        ObjectDefaults.mergeStringData(type, &object)
        object = try applySchema(type, object, name: name)
        var problems = ObjectValidation.validate(type, object, isCreate: true)
        if name.isEmpty { problems.insert((field: "metadata.name", message: "Required value: name or generateName is required"), at: 0) }
        if !problems.isEmpty { throw APIError.invalid(kind: type.kind, group: type.group, name: name, causes: problems) }
        var request = self.request
        request.info.name = name
        try ResourceHandler(cluster: cluster, request: request).ensureNamespace(forWriteOf: type)
        // Server-owned fields a client cannot set on create.
        for field in ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation", "managedFields"] {
            object[path: ["metadata", field]] = nil
        }
        // With a status subresource, status is not set on create (controllers and admission fill it).
        if type.hasStatusSubresource { object["status"] = nil }
        ObjectDefaults.applyOnCreate(type, &object, allocateClusterIP: cluster.allocateClusterIP)
        try Admission.mutateOnCreate(cluster: cluster, type: type, object: &object)
        let key = ObjectKey(namespace: type.namespaced ? info.namespace : "", name: name)
        let final = object
        let stored = try storage.modify(type.groupResource, key, dryRun: self.request.isDryRun) { (current) throws(APIError) in
            if current != nil { throw APIError.alreadyExists(type.groupResource, name) }
            return .put(final)
        }
        return render(stored!.object, type, status: 201)
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }

    /// Checks `apiVersion`/`kind` in the body against the URL, filling them in when absent.
    func checkKind(_ object: inout JSONValue, _ type: ResourceType) throws(APIError) {
        let expected = type.apiVersion(info.version)
        if let av = object["apiVersion"]?.stringValue, !av.isEmpty, av != expected {
            throw APIError.badRequest("the API version in the data (\(av)) does not match the expected API version (\(expected))")
        }
        if let kind = object["kind"]?.stringValue, !kind.isEmpty, kind != type.kind {
            throw APIError.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(type.kind))")
        }
        object["apiVersion"] = .string(type.apiVersion(type.storageVersion))
        object["kind"] = .string(type.kind)
    }

    // MARK: update / patch

    func update(_ type: ResourceType, subresource: String) throws -> Response {
        var object = try request.decodedBody()
        guard object.objectValue != nil else { throw APIError.badRequest("the body of the request must be a JSON object") }
        try checkKind(&object, type)
        if let bodyName = object[path: ["metadata", "name"]]?.stringValue, !bodyName.isEmpty, bodyName != info.name {
            throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(info.name))")
        }
        if let bodyNS = object[path: ["metadata", "namespace"]]?.stringValue, !bodyNS.isEmpty, type.namespaced, bodyNS != info.namespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let precondition = object[path: ["metadata", "resourceVersion"]]?.stringValue
        let stored = try commitUpdate(type, subresource: subresource, precondition: precondition) { _ in object }
        return render(stored.object, type)
    }

    func patch(_ type: ResourceType, subresource: String) throws -> Response {
        let contentType = request.contentType.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        if contentType == "application/apply-patch+yaml" {
            guard let manager = request.query["fieldManager"], !manager.isEmpty else {
                throw APIError.badRequest("PATCH requests with apply content type require fieldManager to be set")
            }
            let applied = try request.decodedBody()
            if storage.get(type.groupResource, key) == nil && subresource.isEmpty {
                var r = request
                r.method = "POST"
                r.info.verb = "create"
                r.body = JSONWriter.write(applied)
                r.contentType = "application/json"
                var created = try ResourceHandler(cluster: cluster, request: r).create(type)
                created.status = .ok
                return created
            }
        }
        let patchBody = try request.decodedBody()
        let stored = try commitUpdate(type, subresource: subresource, precondition: nil, patchPrecondition: true) { (current) throws(APIError) in
            do {
                switch contentType {
                case "application/merge-patch+json", "application/json":
                    return JSONMergePatch.apply(patchBody, to: current)
                case "application/json-patch+json":
                    return try JSONPatch.apply(patchBody, to: current)
                case "application/strategic-merge-patch+json":
                    guard let schema = StrategicMergePatch.patchSchema(group: type.group, kind: type.kind), !type.isCustom else {
                        throw APIError.unsupportedMediaType(contentType)
                    }
                    return try StrategicMergePatch.apply(patchBody, to: current, schema: schema)
                case "application/apply-patch+yaml":
                    if let schema = StrategicMergePatch.patchSchema(group: type.group, kind: type.kind), !type.isCustom {
                        return try StrategicMergePatch.apply(patchBody, to: current, schema: schema)
                    }
                    return JSONMergePatch.apply(patchBody, to: current)
                default:
                    throw APIError.unsupportedMediaType(contentType)
                }
            } catch let error as PatchError {
                throw APIError(.invalid, message: "the server rejected our request due to an error in our request: \(error.message)")
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.internalError("\(error)")
            }
        }
        return render(stored.object, type)
    }

    /// The shared path of update and patch: reads the current object, builds the new one with `build`, applies the
    /// status-subresource split, preconditions, validation and generation, and commits atomically.
    func commitUpdate(
        _ type: ResourceType, subresource: String, precondition: String?, patchPrecondition: Bool = false,
        build: (JSONValue) throws(APIError) -> JSONValue
    ) throws(APIError) -> StoredObject {
        try ensureNamespace(forWriteOf: type)
        let gr = type.groupResource
        let name = info.name
        let stored = try storage.modify(gr, key, dryRun: request.isDryRun) { (current) throws(APIError) -> ClusterStorage.Mutation in
            guard let current else { throw APIError.notFound(gr, name) }
            var new = try build(current.object)
            guard new.objectValue != nil else { throw APIError.badRequest("the patched object is not a JSON object") }
            let currentRV = String(current.resourceVersion)
            if let precondition, !precondition.isEmpty, precondition != currentRV {
                throw APIError.conflict(gr, name, "the object has been modified; please apply your changes to the latest version and try again")
            }
            if patchPrecondition, let rv = new[path: ["metadata", "resourceVersion"]]?.stringValue, !rv.isEmpty, rv != currentRV {
                throw APIError.conflict(gr, name, "the object has been modified; please apply your changes to the latest version and try again")
            }
            // An update or patch may not move the object: its kind, group, name and namespace are the URL's.
            if let kind = new["kind"]?.stringValue, !kind.isEmpty, kind != type.kind {
                throw APIError.badRequest("the kind of the object (\(kind)) does not match the kind on the URL (\(type.kind))")
            }
            if let apiVersion = new["apiVersion"]?.stringValue, !apiVersion.isEmpty,
                (apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : "") != type.group
            {
                throw APIError.badRequest("the API group of the object (\(apiVersion)) does not match the group on the URL (\(type.group))")
            }
            if let newName = new[path: ["metadata", "name"]]?.stringValue, !newName.isEmpty, newName != name {
                throw APIError.badRequest("the name of the object (\(newName)) does not match the name on the URL (\(name))")
            }
            if type.namespaced, let ns = new[path: ["metadata", "namespace"]]?.stringValue, !ns.isEmpty, ns != info.namespace {
                throw APIError.badRequest("the namespace of the object (\(ns)) does not match the namespace on the URL (\(info.namespace))")
            }
            new["apiVersion"] = .string(type.apiVersion(type.storageVersion))
            new["kind"] = .string(type.kind)
            if subresource == "status" {
                // Only status changes through the status subresource.
                var merged = current.object
                merged["status"] = new["status"]
                new = merged
            } else if type.hasStatusSubresource {
                new["status"] = current.object["status"]
            }
            for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"] {
                new[path: ["metadata", field]] = current.object[path: ["metadata", field]]
            }
            new[path: ["metadata", "name"]] = .string(name)
            // generation follows changes of everything but metadata and status.
            var generation = current.object[path: ["metadata", "generation"]]?.intValue ?? 1
            if Self.specPart(new) != Self.specPart(current.object) { generation += 1 }
            new[path: ["metadata", "generation"]] = .int(generation)
            if type.kind == "Namespace" && subresource != "finalize" {
                new[path: ["spec"]] = current.object["spec"]
            }
            ObjectDefaults.mergeStringData(type, &new)
            new = try applySchema(type, new, name: name)
            let problems = ObjectValidation.validate(type, new, isCreate: false)
            if !problems.isEmpty { throw APIError.invalid(kind: type.kind, group: type.group, name: name, causes: problems) }
            try Admission.validateUpdate(type: type, old: current.object, new: new)
            if new[path: ["metadata", "deletionTimestamp"]] != nil && (new[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty
                && type.kind != "Namespace"
            {
                return .delete
            }
            return .put(new)
        }
        guard let stored else { throw APIError.notFound(gr, name) }
        return stored
    }

    /// Everything but `metadata` and `status`: what `metadata.generation` tracks.
    static func specPart(_ object: JSONValue) -> JSONValue {
        var o = object
        o["metadata"] = nil
        o["status"] = nil
        return o
    }

    // MARK: delete

    func deleteOptions() throws(APIError) -> JSONValue {
        guard !request.body.isEmpty else { return [:] }
        return try BodyDecoder.decode(request.body, contentType: request.contentType)
    }

    func delete(_ type: ResourceType) throws -> Response {
        let options = try deleteOptions()
        let propagation = options["propagationPolicy"]?.stringValue ?? request.query["propagationPolicy"] ?? "Background"
        let stored = try deleteOne(type, key: key, options: options, propagation: propagation)
        return render(stored.object, type)
    }

    /// Deletes one object, honouring preconditions, finalizers (and the namespace lifecycle) and the propagation policy.
    func deleteOne(_ type: ResourceType, key: ObjectKey, options: JSONValue, propagation: String) throws(APIError) -> StoredObject {
        let gr = type.groupResource
        let dryRun = request.isDryRun || (options["dryRun"]?.arrayValue?.contains("All") ?? false)
        let stored = try storage.modify(gr, key, dryRun: dryRun) { (current) throws(APIError) -> ClusterStorage.Mutation in
            guard let current else { throw APIError.notFound(gr, key.name) }
            if let uid = options[path: ["preconditions", "uid"]]?.stringValue, uid != current.uid {
                throw APIError.conflict(gr, key.name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(current.uid)")
            }
            if let rv = options[path: ["preconditions", "resourceVersion"]]?.stringValue, rv != String(current.resourceVersion) {
                throw APIError.conflict(gr, key.name, "Precondition failed: ResourceVersion in precondition: \(rv), ResourceVersion in object meta: \(current.resourceVersion)")
            }
            var finalizers = current.object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
            // A pod with processes is deleted gracefully: marked, then removed by the kubelet once they stopped.
            if gr == .pods, let kubelet = cluster.kubelet, kubelet.isRunning(uid: current.uid) {
                let grace = options["gracePeriodSeconds"]?.intValue ?? request.query["gracePeriodSeconds"].flatMap { Int($0) }
                    ?? current.object[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
                let pending = current.object[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue
                if grace > 0 && (pending == nil || grace < pending!) {
                    var o = current.object
                    o[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.format(Date().addingTimeInterval(Double(grace))))
                    o[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(grace)
                    return .put(o)
                }
                if grace > 0 { return .none }
            }
            if propagation == "Orphan" && !finalizers.contains("orphan") { finalizers.append("orphan") }
            if propagation == "Foreground" && !finalizers.contains("foregroundDeletion") { finalizers.append("foregroundDeletion") }
            if type.kind == "Namespace" || !finalizers.isEmpty {
                var o = current.object
                if o[path: ["metadata", "deletionTimestamp"]] == nil {
                    o[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.now())
                    o[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
                }
                if !finalizers.isEmpty { o[path: ["metadata", "finalizers"]] = .array(finalizers) }
                if type.kind == "Namespace" { o[path: ["status", "phase"]] = "Terminating" }
                return .put(o)
            }
            return .delete
        }
        guard let stored else { throw APIError.notFound(gr, key.name) }
        return stored
    }

    func deleteCollection(_ type: ResourceType) throws -> Response {
        let selection = try Selection(request: request, type: type)
        let options = try deleteOptions()
        let propagation = options["propagationPolicy"]?.stringValue ?? request.query["propagationPolicy"] ?? "Background"
        let (items, rv) = storage.list(type.groupResource, namespace: type.namespaced && !info.namespace.isEmpty ? info.namespace : nil)
        var deleted: [JSONValue] = []
        for item in items where selection.matches(item) {
            if let d = try? deleteOne(type, key: item.key, options: options, propagation: propagation) { deleted.append(d.object) }
        }
        return APIResponder.json([
            "apiVersion": .string(type.apiVersion(info.version)), "kind": .string(type.listKind),
            "metadata": ["resourceVersion": .string(String(rv))], "items": .array(deleted),
        ])
    }

    // MARK: Subresources

    func subresource(_ type: ResourceType) async throws -> Response {
        guard type.subresources.contains(info.subresource) else { throw APIError.notFoundPath() }
        switch (info.subresource, info.verb) {
        case ("status", "get"):
            return try get(type)
        case ("status", "update"), ("finalize", "update"):
            return try update(type, subresource: info.subresource)
        case ("status", "patch"):
            return try patch(type, subresource: "status")
        case ("scale", _):
            return try scale(type)
        case ("proxy", _) where type.groupResource == GroupResource.pods:
            if let forwarded = try await RunningPodProxy(cluster: cluster, request: request).pod() { return forwarded }
            let answer = try PodProxy.respond(cluster: cluster, request: request)
            return Response(
                status: .init(code: answer.status), headers: [.contentType: answer.contentType], body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        case ("proxy", _) where type.groupResource == GroupResource.services:
            return try await RunningPodProxy(cluster: cluster, request: request).service()
        case ("log", "get"):
            return try PodLogs(cluster: cluster, request: request).response()
        default:
            throw APIError.methodNotAllowed()
        }
    }

    /// `autoscaling/v1 Scale` over `spec.replicas`.
    func scale(_ type: ResourceType) throws -> Response {
        func scaleObject(_ o: JSONValue) -> JSONValue {
            [
                "kind": "Scale", "apiVersion": "autoscaling/v1",
                "metadata": [
                    "name": o[path: ["metadata", "name"]] ?? "", "namespace": o[path: ["metadata", "namespace"]] ?? "",
                    "uid": o[path: ["metadata", "uid"]] ?? "", "resourceVersion": o[path: ["metadata", "resourceVersion"]] ?? "",
                    "creationTimestamp": o[path: ["metadata", "creationTimestamp"]] ?? "",
                ],
                "spec": ["replicas": o[path: ["spec", "replicas"]] ?? 0],
                "status": ["replicas": o[path: ["status", "replicas"]] ?? 0, "selector": .string(Selection.selectorString(o[path: ["spec", "selector"]]))],
            ]
        }
        switch info.verb {
        case "get":
            guard let stored = storage.get(type.groupResource, key) else { throw APIError.notFound(type.groupResource, info.name) }
            return APIResponder.json(scaleObject(stored.object))
        case "update", "patch":
            let body = try request.decodedBody()
            let stored = try commitUpdate(type, subresource: "", precondition: nil) { (current) throws(APIError) in
                var replicasSource = body
                if info.verb == "patch" {
                    replicasSource = JSONMergePatch.apply(body, to: scaleObject(current))
                }
                guard let replicas = replicasSource[path: ["spec", "replicas"]]?.intValue, replicas >= 0 else {
                    throw APIError.invalid(kind: "Scale", group: "autoscaling", name: info.name, causes: [(field: "spec.replicas", message: "Invalid value: must be greater than or equal to 0")])
                }
                var o = current
                o[path: ["spec", "replicas"]] = .int(replicas)
                return o
            }
            return APIResponder.json(scaleObject(stored.object))
        default:
            throw APIError.methodNotAllowed()
        }
    }

    /// 415 for a request body in a format the server does not read; 406 when nothing the client accepts can be produced.
    static func checkMediaTypes(verb: String, contentType: String, accept: String) throws(APIError) {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch verb {
        case "create", "update":
            let readable = ["", "application/json", "application/yaml", "application/vnd.kubernetes.protobuf", "*/*"]
            guard readable.contains(type) else {
                throw APIError(
                    .unsupportedMediaType,
                    message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")
            }
        case "patch":
            let patches = [
                "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml",
                "application/apply-patch+cbor",
            ]
            guard patches.contains(type) else {
                throw APIError(
                    .unsupportedMediaType,
                    message: "the body of the request was in an unknown format - accepted media types include: \(patches.dropLast().joined(separator: ", "))")
            }
        default:
            break
        }
        let wanted = accept.lowercased()
        guard !wanted.isEmpty else { return }
        let producible = ["json", "yaml", "protobuf", "*/*", "application/*"]
        guard producible.contains(where: { wanted.contains($0) }) else {
            throw APIError(.notAcceptable, message: "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf")
        }
    }
}

/// Warnings a response carries as `Warning: 299 - "…"` headers, as kube-apiserver sends them.
final class ResponseWarnings {
    private(set) var messages: [String] = []

    func add(_ more: [String]) {
        for m in more where !messages.contains(m) { messages.append(m) }
    }

    func addHeaders(to response: inout Response) {
        for m in messages {
            let escaped = m.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            response.headers.append(HTTPField(name: HTTPField.Name("Warning")!, value: "299 - \"\(escaped)\""))
        }
    }
}
