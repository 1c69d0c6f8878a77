import HTTPTypes
import KubeTypes

/// kube-apiserver's impersonation (`Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid`, `Impersonate-Extra-*`):
/// the request then acts as that user, once the requester may `impersonate` each of them (users, groups, service
/// accounts, user extras), as `kubectl --as` and `auth can-i --as` expect.
enum Impersonation {
    static let userHeader = HTTPField.Name("Impersonate-User")!
    static let groupHeader = HTTPField.Name("Impersonate-Group")!
    static let uidHeader = HTTPField.Name("Impersonate-Uid")!
    static let extraPrefix = "impersonate-extra-"

    /// The user a request acts as: the authenticated one, or the one it impersonates when allowed.
    /// - Throws: 400 for groups, uid or extras without a user; 403 naming what may not be impersonated.
    static func effectiveUser(_ requester: UserInfo, headers: HTTPFields, rbac: RBACEvaluator) throws(APIError) -> UserInfo {
        let asUser = headers[userHeader]
        let groups = headers[values: groupHeader]
        let uid = headers[uidHeader]
        var extra: [String: [String]] = [:]
        for field in headers where field.name.canonicalName.hasPrefix(extraPrefix) {
            let key = String(field.name.canonicalName.dropFirst(extraPrefix.count)).removingPercentEncodingSafely
            extra[key, default: []].append(field.value)
        }
        guard let asUser, !asUser.isEmpty else {
            if !groups.isEmpty || uid != nil || !extra.isEmpty {
                throw APIError.badRequest("requested impersonation of groups, uid or extras without impersonating a user (Impersonate-User)")
            }
            return requester
        }
        func check(_ attributes: RequestAttributes, _ what: String, _ resource: String, _ group: String, namespace: String = "") throws(APIError) {
            guard requester.groups.contains(UserInfo.systemMasters) || rbac.authorize(user: requester, attributes: attributes).allowed else {
                throw APIError.forbidden(
                    user: requester.name, verb: "impersonate", gr: GroupResource(group: group, resource: resource), name: what, namespace: namespace)
            }
        }
        var effectiveGroups = groups
        let serviceAccountPrefix = "system:serviceaccount:"
        if asUser.hasPrefix(serviceAccountPrefix), case let parts = asUser.dropFirst(serviceAccountPrefix.count).split(separator: ":"), parts.count == 2 {
            let (ns, name) = (String(parts[0]), String(parts[1]))
            try check(.resource(verb: "impersonate", resource: "serviceaccounts", namespace: ns, name: name), name, "serviceaccounts", "", namespace: ns)
            if groups.isEmpty { effectiveGroups = ["system:serviceaccounts", "system:serviceaccounts:\(ns)"] }
        } else {
            try check(.resource(verb: "impersonate", resource: "users", name: asUser), asUser, "users", "")
        }
        for g in groups { try check(.resource(verb: "impersonate", resource: "groups", name: g), g, "groups", "") }
        if let uid { try check(.resource(verb: "impersonate", group: "authentication.k8s.io", resource: "uids", name: uid), uid, "uids", "authentication.k8s.io") }
        for (key, values) in extra {
            for v in values {
                try check(
                    .resource(verb: "impersonate", group: "authentication.k8s.io", resource: "userextras", subresource: key, name: v), v, "userextras/\(key)",
                    "authentication.k8s.io")
            }
        }
        // As kube-apiserver: every impersonated user but anonymous is also authenticated.
        if asUser != "system:anonymous" && !effectiveGroups.contains(UserInfo.systemAuthenticated) { effectiveGroups.append(UserInfo.systemAuthenticated) }
        return UserInfo(name: asUser, groups: effectiveGroups, uid: uid ?? "", extra: extra)
    }
}

extension String {
    /// Percent-decoded, or unchanged when it is not valid percent-encoding.
    fileprivate var removingPercentEncodingSafely: String {
        var out: [UInt8] = []
        var it = Array(utf8)[...]
        while let c = it.popFirst() {
            if c == 37, it.count >= 2, let h = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                out.append(h)
                it = it.dropFirst(2)
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
