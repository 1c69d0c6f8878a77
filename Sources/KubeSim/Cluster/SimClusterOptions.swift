/// Which API surface a simulated cluster serves.
public enum ClusterFlavor: String, Sendable, CaseIterable {
    /// Kubernetes plus OpenShift's API groups, Routes, the router and the OAuth server.
    case openshift
    /// Plain Kubernetes.
    case kubernetes
}

/// An OAuth user of a simulated OpenShift cluster (`--users FILE`, one `user:password[:group1,group2]` per line).
public struct SimUser: Sendable, Hashable, Codable {
    public var name: String
    public var password: String
    public var groups: [String]

    public init(name: String, password: String, groups: [String] = []) {
        self.name = name
        self.password = password
        self.groups = groups
    }
}

/// How to run one simulated cluster.
public struct SimClusterOptions: Sendable {
    /// The cluster's name (`east`): context name, CA name, Route domain `apps.<name>.skopos.test`.
    public var name: String
    public var flavor: ClusterFlavor
    /// OAuth users; each also gets a `User` object. Empty: no one can log in through OAuth.
    public var users: [SimUser]
    /// Users bound to `cluster-admin` (the default users file binds `admin`).
    public var clusterAdmins: [String]
    /// How many events watches can resume from before they get `410 Gone`.
    public var watchWindow: Int
    /// How often an idle watch that allows bookmarks receives one.
    public var bookmarkInterval: Duration
    /// Listen ports; 0 picks a free port.
    public var apiPort: Int
    public var routerPort: Int
    /// Where to persist state (`--state DIR/<name>`); `nil` keeps everything in memory.
    public var stateDirectory: String?
    /// `--run-image IMAGE=EXECUTABLE`: pods whose container image (without tag or digest) is a key run that
    /// executable as a local process. Other pods stay simulated.
    public var runImages: [String: String]
    /// Where running pods get their directories (volumes, logs); `nil` for a temporary directory of the cluster.
    public var podsDirectory: String?
    /// How long a connection may stay silent (before its first request, inside a request's header, or between
    /// requests) before the server closes it. Requests in progress, watches included, are not cut. Longer than
    /// AsyncHTTPClient's and Go's idle pool timeouts, so that clients close idle connections first.
    public var idleTimeout: Duration = .seconds(90)
    /// How many requests one user may have in progress at once, as API priority and fairness limits them; more are
    /// answered 429 with `Retry-After`. Watches and other long-running requests do not count.
    public var maxInFlightPerUser: Int = 200

    public init(
        name: String, flavor: ClusterFlavor = .openshift, users: [SimUser] = [], clusterAdmins: [String] = [],
        watchWindow: Int = 10_000, bookmarkInterval: Duration = .seconds(60), apiPort: Int = 0, routerPort: Int = 0,
        stateDirectory: String? = nil, runImages: [String: String] = [:], podsDirectory: String? = nil
    ) {
        self.name = name
        self.flavor = flavor
        self.users = users
        self.clusterAdmins = clusterAdmins
        self.watchWindow = watchWindow
        self.bookmarkInterval = bookmarkInterval
        self.apiPort = apiPort
        self.routerPort = routerPort
        self.stateDirectory = stateDirectory
        self.runImages = runImages
        self.podsDirectory = podsDirectory
    }
}

/// Where a running simulated cluster can be reached.
public struct SimEndpoints: Sendable, Codable, Equatable {
    /// `https://127.0.0.1:PORT` of the API server.
    public var apiURL: String
    /// The OAuth server's base URL (the API server serves it, like a single-node OpenShift's OAuth route).
    public var oauthURL: String?
    /// `https://127.0.0.1:PORT` of the router; `nil` for `--flavor kubernetes`.
    public var routerURL: String?
}
