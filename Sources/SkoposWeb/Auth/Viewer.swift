import Foundation
import KubeClient

/// Who is asking: the anonymous viewer (strategy `anonymous`: the console's own credentials on every cluster), or a
/// user with a session per cluster they have logged in to.
enum Viewer: Sendable, Hashable {
    case anonymous
    case user(UserSession)
}

/// A logged-in user: the home session and one credential per cluster (`backend.md` §4.3).
struct UserSession: Sendable, Hashable {
    /// The user's name on the home cluster (Kiali's `sessionInfo.username`).
    var username: String
    /// The home session's ID (Kiali keys the graph cache with it; Skopos keys by what the user may see).
    var sessionID: String
    /// The home session's expiry.
    var expiresOn: Date
    /// Per cluster: the user's bearer token there and when that session ends.
    var clusters: [String: ClusterCredential]
}

/// The user's credential on one cluster.
struct ClusterCredential: Sendable, Hashable {
    var token: String
    var expiresOn: Date
    /// Strategy `header`: the user and groups the proxy's token acts as.
    var impersonate: (user: String, groups: [String])? {
        get { impersonateUser.map { ($0, impersonateGroups) } }
        set {
            impersonateUser = newValue?.user
            impersonateGroups = newValue?.groups ?? []
        }
    }
    private var impersonateUser: String?
    private var impersonateGroups: [String] = []

    init(token: String, expiresOn: Date, impersonate: (user: String, groups: [String])? = nil) {
        self.token = token
        self.expiresOn = expiresOn
        self.impersonate = impersonate
    }

    /// What requests to the cluster carry.
    var requestCredentials: RequestCredentials {
        guard let impersonateUser else { return .bearer(token) }
        return .impersonating(token: token, user: impersonateUser, groups: impersonateGroups)
    }
}
