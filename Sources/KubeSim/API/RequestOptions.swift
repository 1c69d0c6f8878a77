import KubeTypes
import SkoposModel

/// kube-apiserver's checks of a request's options (`metav1.CreateOptions`, `UpdateOptions`, `PatchOptions`,
/// `DeleteOptions`, `ListOptions`): an invalid value is refused with the option named, before anything changes.
enum RequestOptions {
    /// The options kind of a verb, as the server names it in its errors.
    static func optionsKind(_ verb: String) -> String {
        switch verb {
        case "create": "CreateOptions"
        case "update": "UpdateOptions"
        case "patch": "PatchOptions"
        case "delete", "deletecollection": "DeleteOptions"
        default: "ListOptions"
        }
    }

    static func unsupported(_ kind: String, _ field: String, _ value: String, _ supported: [String]) -> APIError {
        let list = supported.map { "\"\($0)\"" }.joined(separator: ", ")
        let message = "Unsupported value: \"\(value)\": supported values: \(list)"
        return APIError(
            .invalid, message: "\(kind).meta.k8s.io \"\" is invalid: \(field): \(message)",
            details: KubeStatus.Details(
                name: "", group: "meta.k8s.io", kind: kind, causes: [KubeStatus.Cause(reason: "FieldValueNotSupported", message: message, field: field)]))
    }

    static func invalidValue(_ kind: String, _ field: String, _ value: String, _ why: String) -> APIError {
        let message = "Invalid value: \"\(value)\": \(why)"
        return APIError(
            .invalid, message: "\(kind).meta.k8s.io \"\" is invalid: \(field): \(message)",
            details: KubeStatus.Details(name: "", group: "meta.k8s.io", kind: kind, causes: [KubeStatus.Cause(reason: "FieldValueInvalid", message: message, field: field)]))
    }

    /// Checks the query options of a request, and the `DeleteOptions` body of a delete.
    /// - Throws: 400 for an option that does not parse (a number that is not one); 422 naming the option for a value
    ///   the server does not support.
    static func validate(verb: String, query: [String: String], deleteOptions: JSONValue? = nil) throws(APIError) {
        let kind = optionsKind(verb)
        func integer(_ name: String, minimum: Int? = nil) throws(APIError) {
            guard let text = query[name], !text.isEmpty else { return }
            guard let n = Int(text) else { throw APIError.badRequest("couldn't parse \(name) \"\(text)\": not an integer") }
            if let minimum, n < minimum { throw invalidValue(kind, name, text, "must be greater than or equal to \(minimum)") }
        }
        let isWrite = ["create", "update", "patch", "delete", "deletecollection"].contains(verb)
        if isWrite {
            var dryRuns: [String] = []
            if let d = query["dryRun"] { dryRuns.append(d) }
            dryRuns += deleteOptions?["dryRun"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for d in dryRuns where d != "All" { throw unsupported(kind, "dryRun", d, ["All"]) }
            if let manager = query["fieldManager"], manager.count > 128 {
                throw invalidValue(kind, "fieldManager", manager, "must be no more than 128 characters")
            }
        }
        if ["create", "update", "patch"].contains(verb), let v = query["fieldValidation"], !v.isEmpty, !["Ignore", "Warn", "Strict"].contains(v) {
            throw unsupported(kind, "fieldValidation", v, ["Ignore", "Warn", "Strict"])
        }
        if verb == "delete" || verb == "deletecollection" {
            let policies = [query["propagationPolicy"], deleteOptions?["propagationPolicy"]?.stringValue].compactMap { $0 }
            for p in policies where !["Foreground", "Background", "Orphan"].contains(p) {
                throw unsupported(kind, "propagationPolicy", p, ["Foreground", "Background", "Orphan"])
            }
            try integer("gracePeriodSeconds", minimum: 0)
            if case .int(let g)? = deleteOptions?["gracePeriodSeconds"], g < 0 {
                throw invalidValue(kind, "gracePeriodSeconds", String(g), "must be greater than or equal to 0")
            }
        }
        if verb == "list" || verb == "watch" || verb == "deletecollection" {
            try integer("limit", minimum: 0)
            try integer("timeoutSeconds", minimum: 0)
            // kube-apiserver's ValidateListOptions and validateWatchOptions.
            let match = query["resourceVersionMatch"] ?? ""
            let sendInitialEvents = query["sendInitialEvents"]
            let hasContinue = !(query["continue"] ?? "").isEmpty
            if verb == "watch" {
                if sendInitialEvents != nil && match != "NotOlderThan" {
                    throw invalidValue("ListOptions", "resourceVersionMatch", match, "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")
                }
                if !match.isEmpty {
                    guard sendInitialEvents != nil else {
                        throw invalidValue("ListOptions", "resourceVersionMatch", match, "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")
                    }
                    guard match == "NotOlderThan" else { throw unsupported("ListOptions", "resourceVersionMatch", match, ["NotOlderThan"]) }
                    if hasContinue { throw invalidValue("ListOptions", "resourceVersionMatch", match, "resourceVersionMatch is forbidden when continue is provided") }
                }
            } else {
                if !match.isEmpty {
                    guard let rv = query["resourceVersion"], !rv.isEmpty else {
                        throw invalidValue("ListOptions", "resourceVersionMatch", match, "resourceVersionMatch is forbidden unless resourceVersion is provided")
                    }
                    if hasContinue { throw invalidValue("ListOptions", "resourceVersionMatch", match, "resourceVersionMatch is forbidden when continue is provided") }
                    guard ["NotOlderThan", "Exact"].contains(match) else { throw unsupported("ListOptions", "resourceVersionMatch", match, ["Exact", "NotOlderThan"]) }
                    if match == "Exact" && rv == "0" {
                        throw invalidValue("ListOptions", "resourceVersionMatch", match, "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")
                    }
                }
                if sendInitialEvents != nil {
                    throw invalidValue("ListOptions", "sendInitialEvents", sendInitialEvents ?? "", "sendInitialEvents is forbidden for list")
                }
            }
            if let rv = query["resourceVersion"], !rv.isEmpty, UInt64(rv) == nil {
                throw APIError.badRequest("invalid resource version \"\(rv)\": not a number")
            }
        }
    }
}
