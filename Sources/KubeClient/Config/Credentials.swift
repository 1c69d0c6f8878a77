public import KubeTypes

/// How a client authenticates to a cluster. Printing a value never shows tokens, passwords or keys.
public enum Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// No credentials (anonymous, or a context without a user).
    case none
    /// A bearer token.
    case token(String)
    /// A file holding a bearer token; re-read periodically (about every 60 s) because it rotates.
    case tokenFile(path: String)
    /// HTTP basic authentication.
    case basic(user: String, password: String)
    /// A TLS client certificate (chain) and its private key, both PEM.
    case clientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8])
    /// An exec credential plugin.
    case exec(ExecConfig)

    /// A redacted summary, e.g. `token(<redacted>)` or `tokenFile(/var/run/…/token)`.
    public var description: String {
        switch self {
        case .none: "none"
        case .token: "token(<redacted>)"
        case .tokenFile(let path): "tokenFile(\(path))"
        case .basic(let user, _): "basic(user: \(user), password: <redacted>)"
        case .clientCertificate: "clientCertificate(<redacted>)"
        case .exec(let config): "exec(\(config.command))"
        }
    }

    /// The same redacted summary as ``description``.
    public var debugDescription: String { description }
}
