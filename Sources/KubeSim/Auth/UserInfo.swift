/// An authenticated user as the API server sees it (`k8s.io/apiserver/pkg/authentication/user.Info`).
struct UserInfo: Sendable, Hashable {
    /// The user name, e.g. `kubernetes-admin` or `system:serviceaccount:default:builder`.
    var name: String
    /// The groups, e.g. `system:masters`, `system:authenticated`.
    var groups: [String]
    var uid: String = ""
    /// Extra attributes (`user.Info.GetExtra`), e.g. `authentication.kubernetes.io/credential-id`.
    var extra: [String: [String]] = [:]

    /// Superusers: members are allowed everything without consulting RBAC.
    static let systemMasters = "system:masters"
    static let systemAuthenticated = "system:authenticated"
    static let systemUnauthenticated = "system:unauthenticated"
    static let serviceAccountsGroup = "system:serviceaccounts"
    static let serviceAccountUsernamePrefix = "system:serviceaccount:"

    /// The anonymous user (`system:anonymous` in `system:unauthenticated`).
    static let anonymous = UserInfo(name: "system:anonymous", groups: [systemUnauthenticated])

    /// The user a service account token authenticates as: `system:serviceaccount:<ns>:<name>` in the groups
    /// `system:serviceaccounts`, `system:serviceaccounts:<ns>` and `system:authenticated`.
    static func serviceAccount(namespace: String, name: String, uid: String = "") -> UserInfo {
        UserInfo(
            name: serviceAccountUsername(namespace: namespace, name: name),
            groups: [serviceAccountsGroup, serviceAccountsGroup + ":" + namespace, systemAuthenticated],
            uid: uid
        )
    }

    /// `system:serviceaccount:<namespace>:<name>`.
    static func serviceAccountUsername(namespace: String, name: String) -> String {
        serviceAccountUsernamePrefix + namespace + ":" + name
    }

    /// The namespace and name when this is a service account user, else nil.
    var serviceAccount: (namespace: String, name: String)? {
        guard name.hasPrefix(Self.serviceAccountUsernamePrefix) else { return nil }
        let rest = name.dropFirst(Self.serviceAccountUsernamePrefix.count)
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// Whether the user is in `system:masters`.
    var isSuperuser: Bool { groups.contains(Self.systemMasters) }
}
