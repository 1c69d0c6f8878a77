import KubeTypes
import SkoposModel

/// Kubernetes strategic merge patch (`Content-Type: application/strategic-merge-patch+json`), applied the way the
/// API server applies what `kubectl apply` and `kubectl patch` send for built-in kinds.
///
/// Rules, per field of the schema (`PatchSchema`):
/// - Maps merge recursively; a `null` value deletes the key (a `null` for a key that is absent is dropped).
/// - Lists whose field has patch strategy `merge` and a merge key are merged element-wise: a patch element updates
///   the live element with the same merge-key value (recursively) or is added. Lists of primitives with strategy
///   `merge` are unioned. Every other list is replaced by the patch list.
/// - Order of a merged list, as in apimachinery: patch elements keep their patch order, live-only elements keep their
///   live order, and the two are interleaved by live position, so brand-new elements come first unless
///   `$setElementOrder` says otherwise.
///
/// Directives:
/// - `$patch: replace` in a map replaces the map with the rest of the patch map; as a list element it replaces the
///   whole list with the other elements.
/// - `$patch: delete` in a map empties the map; as a list element it deletes the live element with that merge key.
/// - `$patch: merge` in a map is the default behaviour; as a list element it asks to merge a list that would
///   otherwise be replaced (primitives are unioned, maps need a merge key in the schema).
/// - `$setElementOrder/<field>` gives the final relative order of the listed elements of `<field>`; live elements
///   it does not mention are interleaved by their live position (elements added at the end stay at the end).
/// - `$deleteFromPrimitiveList/<field>` removes those values from the primitive list `<field>`.
/// - `$retainKeys: [...]` clears every key of the live map that is not listed (and every non-null patch key must be
///   listed), as sent for fields with the `retainKeys` strategy (e.g. a Deployment's `spec.strategy`, pod volumes).
///
/// Directive-bearing values added where the live object has nothing are cleaned the same way (no `$` keys and no
/// `null`s reach the result). Unknown `$`-prefixed keys are kept as ordinary fields.
enum StrategicMergePatch {
    /// Applies a strategic merge patch to an object.
    /// - Parameters:
    ///   - patch: the patch: a JSON object.
    ///   - original: the live object (`null` counts as `{}`).
    ///   - schema: the patch metadata of the object's kind, from `patchSchema(group:kind:)`.
    /// - Returns: the patched object.
    /// - Throws: `PatchError` for a patch that is not an object, an element lacking its merge key, an unknown
    ///   `$patch` value, a malformed `$setElementOrder`/`$deleteFromPrimitiveList`/`$retainKeys`, and so on, naming
    ///   the field path.
    static func apply(_ patch: JSONValue, to original: JSONValue, schema: PatchSchema) throws(PatchError) -> JSONValue {
        guard case .object(let patchMembers) = patch else {
            throw PatchError("invalid JSON document: a strategic merge patch must be a JSON object, not \(patch.typeName)")
        }
        let originalMembers: [String: JSONValue]
        switch original {
        case .object(let members): originalMembers = members
        case .null: originalMembers = [:]
        default: throw PatchError("cannot apply a strategic merge patch to a \(original.typeName): the object must be a JSON object")
        }
        return .object(try mergeMap(originalMembers, patchMembers, schema: schema, path: ""))
    }

    /// The patch metadata Kubernetes declares for a built-in kind (its `patchStrategy`/`patchMergeKey` Go tags), or
    /// `nil` for kinds without one (custom resources), for which the real API server refuses strategic merge patch.
    /// - Parameters:
    ///   - group: the API group, `""` (or `"core"`) for the core group.
    ///   - kind: the kind, e.g. `"Deployment"`.
    static func patchSchema(group: String, kind: String) -> PatchSchema? {
        PatchSchema.builtIn(group: group, kind: kind)
    }

    // MARK: - Directive names

    /// The key of the `$patch` directive.
    static let patchDirective = "$patch"
    /// The key of the `$retainKeys` directive.
    static let retainKeysDirective = "$retainKeys"
    /// The prefix of `$setElementOrder/<field>` keys.
    static let setElementOrderPrefix = "$setElementOrder"
    /// The prefix of `$deleteFromPrimitiveList/<field>` keys.
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList"

    // MARK: - Maps

    /// Merges `patch` into the map `original`, following the directives in `patch` and the field rules of `schema`.
    private static func mergeMap(
        _ original: [String: JSONValue], _ patch: [String: JSONValue], schema: PatchSchema, path: String
    ) throws(PatchError) -> [String: JSONValue] {
        var patch = patch
        if let directive = patch[patchDirective] {
            switch directive.stringValue {
            case "replace":
                patch.removeValue(forKey: patchDirective)
                return try mergeMap([:], patch, schema: schema, path: path)
            case "delete":
                return [:]
            case "merge":
                patch.removeValue(forKey: patchDirective)
            default:
                throw PatchError(
                    "unknown patch type: \(JSONWriter.string(directive)) in map: \(JSONWriter.string(.object(patch)))"
                        + location(path))
            }
        }

        var result = original
        if let retainKeys = patch.removeValue(forKey: retainKeysDirective) {
            try applyRetainKeys(retainKeys, patch: patch, to: &result, path: path)
        }

        let keys = patch.keys.sorted()
        for key in keys where key.hasPrefix(setElementOrderPrefix) {
            try applySetElementOrder(key: key, patch: &patch, to: &result, schema: schema, path: path)
        }

        var deleteLists: [String] = []
        for key in patch.keys.sorted() {
            if key.hasPrefix(deleteFromPrimitiveListPrefix) {
                deleteLists.append(key)
                continue
            }
            if key.hasPrefix(setElementOrderPrefix) { continue }
            guard let patchValue = patch[key] else { continue }
            if patchValue.isNull {
                result.removeValue(forKey: key)
                continue
            }
            let current = result.removeValue(forKey: key)
            let merged = try mergeValue(current, patchValue, field: schema.fields[key], path: join(path, key))
            result[key] = merged
        }

        for key in deleteLists {
            let field = try directiveTarget(key, prefix: deleteFromPrimitiveListPrefix, what: "primitive list", path: path)
            guard let toDelete = patch[key], !toDelete.isNull else { continue }
            guard case .array(let values) = toDelete else {
                throw PatchError("invalid patch format of primitive list: \(key) must be a list" + location(path))
            }
            guard case .array(let current)? = result[field] else { continue }
            let doomed = Set(values.map(\.canonicalNumbers))
            result[field] = .array(current.filter { !doomed.contains($0.canonicalNumbers) })
        }
        return result
    }

    /// Merges one patch value into the current value of a field (`nil` when the field is absent).
    /// - Returns: the new value, or `nil` when the field should be absent.
    private static func mergeValue(
        _ original: JSONValue?, _ patch: JSONValue, field: PatchSchema.Field?, path: String
    ) throws(PatchError) -> JSONValue? {
        let schema = field?.schema ?? .empty
        switch (original, patch) {
        case (.object(let live)?, .object(let members)):
            if field?.strategy == .replace {
                return .object(try mergeMap([:], members, schema: schema, path: path))
            }
            return .object(try mergeMap(live, members, schema: schema, path: path))
        case (.array(let live)?, .array(let elements)):
            return .array(try mergeListField(live, elements, field: field, path: path))
        case (_, .object(let members)):
            // Nothing (or a different type) to merge with: the patch value, with its directives resolved.
            if members[patchDirective]?.stringValue == "delete" { return nil }
            return .object(try mergeMap([:], members, schema: schema, path: path))
        case (_, .array(let elements)):
            return .array(try mergeListField([], elements, field: field, path: path))
        default:
            return patch
        }
    }

    /// Applies `$retainKeys`: checks that every non-null patch key is listed and drops unlisted keys from `result`.
    private static func applyRetainKeys(
        _ directive: JSONValue, patch: [String: JSONValue], to result: inout [String: JSONValue], path: String
    ) throws(PatchError) {
        guard case .array(let names) = directive else {
            throw PatchError("invalid patch format of retainKeys: $retainKeys must be a list of field names" + location(path))
        }
        let retained = Set(names.compactMap(\.stringValue))
        for (key, value) in patch where !value.isNull && !isListDirective(key) && !retained.contains(key) {
            throw PatchError(
                "invalid patch format of retainKeys: field \"\(key)\" is in the patch but not in $retainKeys "
                    + "\(JSONWriter.string(directive))" + location(path))
        }
        result = result.filter { retained.contains($0.key) }
    }

    /// Whether `key` is a `$setElementOrder/...` or `$deleteFromPrimitiveList/...` key.
    private static func isListDirective(_ key: String) -> Bool {
        key.hasPrefix(setElementOrderPrefix) || key.hasPrefix(deleteFromPrimitiveListPrefix)
    }

    /// The field a `$prefix/<field>` directive key is about.
    private static func directiveTarget(_ key: String, prefix: String, what: String, path: String) throws(PatchError) -> String {
        let rest = key.dropFirst(prefix.count)
        guard rest.first == "/", rest.count > 1 else {
            throw PatchError("invalid patch format of \(what): \"\(key)\" must have the form \(prefix)/<field>" + location(path))
        }
        return String(rest.dropFirst())
    }

    // MARK: - Lists

    /// Merges a patch list into the live list of a field, by the field's strategy.
    private static func mergeListField(
        _ original: [JSONValue], _ patch: [JSONValue], field: PatchSchema.Field?, path: String
    ) throws(PatchError) -> [JSONValue] {
        let schema = field?.schema ?? .empty
        let isMergeDirective = { (element: JSONValue) in element.objectValue?[patchDirective]?.stringValue == "merge" }
        if patch.contains(where: isMergeDirective) {
            let elements = patch.filter { !isMergeDirective($0) }
            return try mergeList(original, elements, mergeKey: field?.mergeKey, schema: schema, path: path)
        }
        if field?.strategy == .merge {
            return try mergeList(original, patch, mergeKey: field?.mergeKey, schema: schema, path: path)
        }
        return try replacementList(patch, schema: schema, path: path)
    }

    /// The elements of a list that replaces the live one: directive elements dropped, maps cleaned of directives
    /// and `null`s.
    private static func replacementList(_ patch: [JSONValue], schema: PatchSchema, path: String) throws(PatchError) -> [JSONValue] {
        var result: [JSONValue] = []
        result.reserveCapacity(patch.count)
        for (index, element) in patch.enumerated() {
            switch element {
            case .object(let members):
                if members[patchDirective] != nil { continue }
                result.append(.object(try mergeMap([:], members, schema: schema, path: "\(path)[\(index)]")))
            case .array(let nested):
                result.append(.array(try replacementList(nested, schema: .empty, path: "\(path)[\(index)]")))
            default:
                result.append(element)
            }
        }
        return result
    }

    /// The kind of elements of a merged list.
    private enum ElementKind {
        case none, primitive, map
    }

    /// Checks that all elements of the lists are maps, or all primitives; lists of lists are not supported.
    private static func elementKind(_ lists: [JSONValue]..., path: String) throws(PatchError) -> ElementKind {
        var kind = ElementKind.none
        for list in lists {
            for element in list {
                let elementKind: ElementKind
                switch element {
                case .array: throw PatchError("lists of lists are not supported" + location(path))
                case .object: elementKind = .map
                default: elementKind = .primitive
                }
                if kind == .none {
                    kind = elementKind
                } else if kind != elementKind {
                    throw PatchError("list element types are not identical: a list mixes maps and primitive values" + location(path))
                }
            }
        }
        return kind
    }

    /// Merges lists with the `merge` strategy: by merge key for maps, as a set union for primitives.
    private static func mergeList(
        _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String?, schema: PatchSchema, path: String
    ) throws(PatchError) -> [JSONValue] {
        if original.isEmpty && patch.isEmpty { return original }
        switch try elementKind(original, patch, path: path) {
        case .none:
            return original
        case .primitive:
            var seen = Set<JSONValue>()
            var merged: [JSONValue] = []
            for value in original + patch {
                if seen.insert(value.canonicalNumbers).inserted { merged.append(value) }
            }
            return interleave(merged, patchOrder: patch, liveOrder: original, mergeKey: nil)
        case .map:
            guard let mergeKey else {
                throw PatchError("cannot merge lists without merge key" + location(path))
            }
            return try mergeMapList(original, patch, mergeKey: mergeKey, schema: schema, path: path)
        }
    }

    /// Merges lists of maps by `mergeKey`, handling `$patch` list elements.
    private static func mergeMapList(
        _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String, schema: PatchSchema, path: String
    ) throws(PatchError) -> [JSONValue] {
        var live = original
        var items: [[String: JSONValue]] = []
        var replace = false
        for element in patch {
            guard case .object(let members) = element else { continue }
            guard let directive = members[patchDirective] else {
                items.append(members)
                continue
            }
            switch directive.stringValue {
            case "delete":
                guard let keyValue = members[mergeKey] else { throw noMergeKey(members, mergeKey, path: path) }
                let doomed = keyValue.canonicalNumbers
                live.removeAll { $0.objectValue?[mergeKey]?.canonicalNumbers == doomed }
            case "replace":
                replace = true
            case "merge":
                continue
            default:
                throw PatchError(
                    "unknown patch type: \(JSONWriter.string(directive)) in map: \(JSONWriter.string(element))" + location(path))
            }
        }

        if replace {
            var replacement: [JSONValue] = []
            for item in items {
                replacement.append(.object(try mergeMap([:], item, schema: schema, path: elementPath(path, item, mergeKey))))
            }
            return replacement
        }

        var merged = live
        var patchOrder: [JSONValue] = []
        for item in items {
            guard let keyValue = item[mergeKey] else { throw noMergeKey(item, mergeKey, path: path) }
            patchOrder.append(.object(item))
            let wanted = keyValue.canonicalNumbers
            let itemPath = elementPath(path, item, mergeKey)
            if let index = merged.firstIndex(where: { $0.objectValue?[mergeKey]?.canonicalNumbers == wanted }),
                case .object(let liveItem) = merged[index]
            {
                merged[index] = .null
                merged[index] = .object(try mergeMap(liveItem, item, schema: schema, path: itemPath))
            } else {
                merged.append(.object(try mergeMap([:], item, schema: schema, path: itemPath)))
            }
        }
        return interleave(merged, patchOrder: patchOrder, liveOrder: live, mergeKey: mergeKey)
    }

    /// Handles `$setElementOrder/<field>` together with the patch list of `<field>`: merges the list, then orders
    /// it, and removes both from `patch` so the main loop does not process them again.
    private static func applySetElementOrder(
        key: String, patch: inout [String: JSONValue], to result: inout [String: JSONValue], schema: PatchSchema, path: String
    ) throws(PatchError) {
        guard let orderValue = patch.removeValue(forKey: key) else { return }
        let name = try directiveTarget(key, prefix: setElementOrderPrefix, what: "setElementOrder list", path: path)
        guard case .array(let order) = orderValue else {
            throw PatchError("invalid patch format of setElementOrder list: \(key) must be a list" + location(path))
        }
        let field = schema.fields[name]
        let fieldPath = join(path, name)

        var liveList: [JSONValue]?
        switch result[name] {
        case nil: liveList = nil
        case .array(let elements)?: liveList = elements
        case let other?:
            throw PatchError("invalid patch format of setElementOrder list: \(name) is a \(other.typeName), not a list" + location(path))
        }
        var patchList: [JSONValue]?
        switch patch[name] {
        case nil: patchList = nil
        case .null?: return  // the field is being deleted; the main loop removes it
        case .array(let elements)?: patchList = elements
        case let other?:
            throw PatchError("invalid patch format of setElementOrder list: \(name) is a \(other.typeName), not a list" + location(path))
        }

        if let patchList {
            try validateOrder(patchList, order: order, mergeKey: field?.mergeKey, path: fieldPath)
        }
        let merged: [JSONValue]
        switch (liveList, patchList) {
        case (let live?, nil): merged = live
        case (nil, let elements?): merged = try mergeListField([], elements, field: field, path: fieldPath)
        case (let live?, let elements?): merged = try mergeListField(live, elements, field: field, path: fieldPath)
        case (nil, nil): return
        }
        patch.removeValue(forKey: name)
        result[name] = .array(interleave(merged, patchOrder: order, liveOrder: liveList ?? [], mergeKey: field?.mergeKey))
    }

    /// Checks that the non-directive elements of the patch list appear in `$setElementOrder` in the same relative
    /// order (the patch list must be a subsequence of the order list).
    private static func validateOrder(
        _ patchList: [JSONValue], order: [JSONValue], mergeKey: String?, path: String
    ) throws(PatchError) {
        if patchList.isEmpty || order.isEmpty { return }
        var orderIndex = 0
        for element in patchList {
            if element.objectValue?[patchDirective] != nil { continue }
            let wanted = try identity(of: element, mergeKey: mergeKey, path: path)
            var found = false
            while orderIndex < order.count {
                let candidate = try identity(of: order[orderIndex], mergeKey: mergeKey, path: path)
                orderIndex += 1
                if candidate == wanted {
                    found = true
                    break
                }
            }
            if !found {
                throw PatchError(
                    "the order in patch list: \(JSONWriter.string(.array(patchList))) doesn't match $setElementOrder list: "
                        + "\(JSONWriter.string(.array(order)))" + location(path))
            }
        }
    }

    /// The value that identifies a list element: its merge-key value for maps, the value itself for primitives.
    private static func identity(of element: JSONValue, mergeKey: String?, path: String) throws(PatchError) -> JSONValue {
        guard let mergeKey else { return element.canonicalNumbers }
        guard case .object(let members) = element else {
            throw PatchError("expected a map with merge key \(mergeKey), but received a \(element.typeName)" + location(path))
        }
        guard let value = members[mergeKey] else { throw noMergeKey(members, mergeKey, path: path) }
        return value.canonicalNumbers
    }

    /// Orders a merged list as apimachinery does: elements named in `patchOrder` follow that order, the others
    /// keep their order in `liveOrder`, and the two sequences are interleaved by position in `liveOrder` (an element
    /// of the live list goes before a patch element only when both are live and it was earlier).
    private static func interleave(
        _ merged: [JSONValue], patchOrder: [JSONValue], liveOrder: [JSONValue], mergeKey: String?
    ) -> [JSONValue] {
        func key(_ element: JSONValue) -> JSONValue? {
            guard let mergeKey else { return element.canonicalNumbers }
            return element.objectValue?[mergeKey]?.canonicalNumbers
        }
        func positions(_ list: [JSONValue]) -> [JSONValue: Int] {
            var result: [JSONValue: Int] = [:]
            for (index, element) in list.enumerated() {
                if let key = key(element), result[key] == nil { result[key] = index }
            }
            return result
        }
        func ordered(_ list: [JSONValue], by order: [JSONValue: Int]) -> [JSONValue] {
            list.enumerated()
                .map { (rank: key($0.element).flatMap { order[$0] } ?? Int.max, offset: $0.offset, element: $0.element) }
                .sorted { ($0.rank, $0.offset) < ($1.rank, $1.offset) }
                .map(\.element)
        }

        let patchPositions = positions(patchOrder)
        let livePositions = positions(liveOrder)
        var fromPatch: [JSONValue] = []
        var liveOnly: [JSONValue] = []
        for element in merged {
            if let key = key(element), patchPositions[key] != nil {
                fromPatch.append(element)
            } else {
                liveOnly.append(element)
            }
        }
        fromPatch = ordered(fromPatch, by: patchPositions)
        liveOnly = ordered(liveOnly, by: livePositions)

        var result: [JSONValue] = []
        result.reserveCapacity(merged.count)
        var left = 0
        var right = 0
        while left < liveOnly.count || right < fromPatch.count {
            if right >= fromPatch.count {
                result.append(liveOnly[left])
                left += 1
            } else if left >= liveOnly.count {
                result.append(fromPatch[right])
                right += 1
            } else if let leftPosition = key(liveOnly[left]).flatMap({ livePositions[$0] }),
                let rightPosition = key(fromPatch[right]).flatMap({ livePositions[$0] }),
                leftPosition < rightPosition
            {
                result.append(liveOnly[left])
                left += 1
            } else {
                result.append(fromPatch[right])
                right += 1
            }
        }
        return result
    }

    // MARK: - Paths and messages

    /// `path.key`, or `key` at the top level.
    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The path of a list element identified by its merge key, e.g. `spec.containers[name=nginx]`.
    private static func elementPath(_ path: String, _ element: [String: JSONValue], _ mergeKey: String) -> String {
        guard let value = element[mergeKey] else { return "\(path)[?]" }
        let shown = value.stringValue ?? JSONWriter.string(value)
        return "\(path)[\(mergeKey)=\(shown)]"
    }

    /// ` (at <path>)`, or nothing at the top level.
    private static func location(_ path: String) -> String {
        path.isEmpty ? "" : " (at \(path))"
    }

    /// The apimachinery error for a list element without its merge key.
    private static func noMergeKey(_ element: [String: JSONValue], _ mergeKey: String, path: String) -> PatchError {
        PatchError("map: \(JSONWriter.string(.object(element))) does not contain declared merge key: \(mergeKey)" + location(path))
    }
}

/// The strategic-merge metadata of one object type: which of its fields are merged lists (and by which key),
/// which are replaced outright, and the metadata of nested objects and list elements.
///
/// Fields not listed behave like untagged Go fields: maps merge recursively, lists are replaced. The built-in
/// table (`builtIn(group:kind:)`) mirrors the `patchStrategy`/`patchMergeKey` tags of `k8s.io/api`.
struct PatchSchema: Sendable, Hashable {
    /// The patch strategy of a field (its `patchStrategy` tag, without `retainKeys`).
    enum Strategy: Sendable, Hashable {
        /// No tag: maps merge, lists are replaced.
        case standard
        /// `patchStrategy:"merge"`: lists are merged (by `mergeKey` for maps, as a set for primitives).
        case merge
        /// `patchStrategy:"replace"`: the value is replaced, maps included.
        case replace
    }

    /// How one field is patched.
    struct Field: Sendable, Hashable {
        /// The field's patch strategy.
        var strategy: Strategy
        /// The `patchMergeKey` of a merged list of maps.
        var mergeKey: String?
        /// Whether the field is tagged `retainKeys` (kubectl sends `$retainKeys` for it; the server honours the
        /// directive wherever it appears, so this is informational).
        var retainKeys: Bool
        /// The metadata of the field's value, or of each element for a list.
        var schema: PatchSchema

        /// A nested object with its own metadata.
        static func object(_ schema: PatchSchema, retainKeys: Bool = false) -> Field {
            Field(strategy: .standard, mergeKey: nil, retainKeys: retainKeys, schema: schema)
        }

        /// A list of maps merged by `key`.
        static func mergeList(key: String, element: PatchSchema = .empty, retainKeys: Bool = false) -> Field {
            Field(strategy: .merge, mergeKey: key, retainKeys: retainKeys, schema: element)
        }

        /// A list of primitive values merged as a set (e.g. `metadata.finalizers`).
        static let primitiveMergeList = Field(strategy: .merge, mergeKey: nil, retainKeys: false, schema: .empty)

        /// A value that is always replaced as a whole.
        static let replaced = Field(strategy: .replace, mergeKey: nil, retainKeys: false, schema: .empty)
    }

    /// The fields with non-default metadata, by JSON name.
    var fields: [String: Field]

    /// A schema with the given fields.
    init(_ fields: [String: Field] = [:]) {
        self.fields = fields
    }

    /// No special fields: every map merges, every list is replaced.
    static let empty = PatchSchema()

    /// The metadata of the field at a path of JSON names (list elements add no segment), e.g.
    /// `["spec", "template", "spec", "containers"]`; `nil` when it has none.
    func field(at path: [String]) -> Field? {
        var schema = self
        var found: Field?
        for name in path {
            guard let field = schema.fields[name] else { return nil }
            found = field
            schema = field.schema
        }
        return found
    }

    // MARK: - Built-in kinds

    /// The metadata for a built-in kind, or `nil` for kinds this table does not know (custom resources).
    static func builtIn(group: String, kind: String) -> PatchSchema? {
        switch (group == "core" ? "" : group, kind) {
        case ("", "Pod"): return object(spec: podSpec, status: podStatus)
        case ("", "PodTemplate"): return PatchSchema(["metadata": .object(objectMeta), "template": .object(podTemplateSpec)])
        case ("", "ReplicationController"): return object(spec: withTemplate(), status: conditionsStatus)
        case ("", "Service"): return object(spec: PatchSchema(["ports": .mergeList(key: "port")]), status: conditionsStatus)
        case ("", "ServiceAccount"): return PatchSchema(["metadata": .object(objectMeta), "secrets": .mergeList(key: "name")])
        case ("", "Namespace"), ("", "PersistentVolumeClaim"): return object(status: conditionsStatus)
        case ("", "Node"):
            return object(
                spec: PatchSchema(["podCIDRs": .primitiveMergeList]),
                status: PatchSchema(["conditions": .mergeList(key: "type"), "addresses": .mergeList(key: "type")]))
        case ("", "Endpoints"), ("", "ConfigMap"), ("", "Secret"), ("", "Event"), ("", "LimitRange"), ("", "ResourceQuota"),
            ("", "PersistentVolume"):
            return object()
        case ("apps", "Deployment"):
            return object(spec: withTemplate(["strategy": .object(.empty, retainKeys: true)]), status: conditionsStatus)
        case ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            return object(spec: withTemplate(), status: conditionsStatus)
        case ("batch", "Job"): return object(spec: withTemplate(), status: conditionsStatus)
        case ("batch", "CronJob"):
            let jobTemplate = PatchSchema(["metadata": .object(objectMeta), "spec": .object(withTemplate())])
            return object(spec: PatchSchema(["jobTemplate": .object(jobTemplate)]))
        case ("policy", "PodDisruptionBudget"), ("autoscaling", "HorizontalPodAutoscaler"):
            return object(status: conditionsStatus)
        case ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "ClusterRole"),
            ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
            ("networking.k8s.io", "Ingress"), ("networking.k8s.io", "IngressClass"), ("networking.k8s.io", "NetworkPolicy"),
            ("discovery.k8s.io", "EndpointSlice"), ("coordination.k8s.io", "Lease"), ("storage.k8s.io", "StorageClass"),
            ("scheduling.k8s.io", "PriorityClass"), ("apiextensions.k8s.io", "CustomResourceDefinition"):
            return object()
        default:
            return nil
        }
    }

    /// `ObjectMeta`: finalizers are a merged set, owner references merge by `uid`.
    static let objectMeta = PatchSchema([
        "finalizers": .primitiveMergeList,
        "ownerReferences": .mergeList(key: "uid"),
    ])

    /// `Container` (and `EphemeralContainer`).
    static let container = PatchSchema([
        "ports": .mergeList(key: "containerPort"),
        "env": .mergeList(key: "name"),
        "volumeMounts": .mergeList(key: "mountPath"),
        "volumeDevices": .mergeList(key: "devicePath"),
    ])

    /// `PodSpec`. Tolerations, readiness gates and the like carry no tag and are replaced.
    static let podSpec = PatchSchema([
        "volumes": .mergeList(key: "name", retainKeys: true),
        "initContainers": .mergeList(key: "name", element: container),
        "containers": .mergeList(key: "name", element: container),
        "ephemeralContainers": .mergeList(key: "name", element: container),
        "imagePullSecrets": .mergeList(key: "name"),
        "hostAliases": .mergeList(key: "ip"),
        "topologySpreadConstraints": .mergeList(key: "topologyKey"),
        "schedulingGates": .mergeList(key: "name"),
        "resourceClaims": .mergeList(key: "name", retainKeys: true),
    ])

    /// `PodStatus`.
    static let podStatus = PatchSchema([
        "conditions": .mergeList(key: "type"),
        "podIPs": .mergeList(key: "ip"),
        "hostIPs": .mergeList(key: "ip"),
        "resourceClaimStatuses": .mergeList(key: "name", retainKeys: true),
    ])

    /// `PodTemplateSpec`: object metadata plus a pod spec.
    static let podTemplateSpec = PatchSchema(["metadata": .object(objectMeta), "spec": .object(podSpec)])

    /// A status whose `conditions` merge by `type` (workloads, Service, Namespace, PVC, Job, PDB, HPA).
    static let conditionsStatus = PatchSchema(["conditions": .mergeList(key: "type")])

    /// A spec with a pod `template`, plus extra fields.
    private static func withTemplate(_ extra: [String: Field] = [:]) -> PatchSchema {
        var fields = extra
        fields["template"] = .object(podTemplateSpec)
        return PatchSchema(fields)
    }

    /// A top-level object: `metadata`, and `spec`/`status` when they have special fields.
    private static func object(spec: PatchSchema? = nil, status: PatchSchema? = nil) -> PatchSchema {
        var fields: [String: Field] = ["metadata": .object(objectMeta)]
        if let spec { fields["spec"] = .object(spec) }
        if let status { fields["status"] = .object(status) }
        return PatchSchema(fields)
    }
}
