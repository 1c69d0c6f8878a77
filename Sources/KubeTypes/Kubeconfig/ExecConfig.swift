/// A `client.authentication.k8s.io` exec credential plugin (`users[].user.exec`).
///
/// Running the plugin and caching its `ExecCredential` is KubeClient's job. A relative `command` that contains a
/// `/` is resolved against the kubeconfig's directory when loaded from a file; a bare name is looked up on `PATH`.
public struct ExecConfig: Sendable, Equatable, Codable {
    /// One `env` entry passed to the plugin.
    public struct EnvVar: Sendable, Equatable, Codable {
        /// The variable's name.
        public var name: String
        /// The variable's value.
        public var value: String

        /// Creates an environment entry.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `command`: the program to run.
    public var command: String
    /// `args`: its arguments.
    public var args: [String]
    /// `env`: extra environment variables.
    public var env: [EnvVar]
    /// `apiVersion`: the `ExecCredential` version the plugin speaks, e.g. `client.authentication.k8s.io/v1`.
    public var apiVersion: String?
    /// `installHint`: text to show when the command is missing.
    public var installHint: String?
    /// `provideClusterInfo`: whether to pass the cluster in `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool

    /// Creates an exec plugin configuration.
    public init(
        command: String,
        args: [String] = [],
        env: [EnvVar] = [],
        apiVersion: String? = nil,
        installHint: String? = nil,
        provideClusterInfo: Bool = false
    ) {
        self.command = command
        self.args = args
        self.env = env
        self.apiVersion = apiVersion
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
    }

    enum CodingKeys: String, CodingKey {
        case command, args, env, apiVersion, installHint, provideClusterInfo
    }

    /// Decodes the `exec` mapping; `args` and `env` may be absent or null.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        command = try c.decode(String.self, forKey: .command)
        args = try c.decodeIfPresent([String].self, forKey: .args) ?? []
        env = try c.decodeIfPresent([EnvVar].self, forKey: .env) ?? []
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        installHint = try c.decodeIfPresent(String.self, forKey: .installHint)
        provideClusterInfo = try c.decodeIfPresent(Bool.self, forKey: .provideClusterInfo) ?? false
    }

    /// Encodes the `exec` mapping, omitting empty and default fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        if !args.isEmpty { try c.encode(args, forKey: .args) }
        if !env.isEmpty { try c.encode(env, forKey: .env) }
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(installHint, forKey: .installHint)
        if provideClusterInfo { try c.encode(true, forKey: .provideClusterInfo) }
    }
}
