import Foundation

/// A credential from `config.yaml` (`login_token.signing_key`, `external_services.*.auth.{username, password, token,
/// cert_file, key_file}`, `oauth2.client_secret`, `auth.openid.client_secret`), read on use (backend.md §3.1).
///
/// The configured value is one of
/// - empty: no credential;
/// - `secret:<secret>:<key>`: the operator mounts key `<key>` of Secret `<secret>` at
///   `/kiali-override-secrets/<override name>/<key>`, where the override name is fixed per setting
///   (`prometheus-password`, `login-token-signing-key`, …; `operator-and-remote-setup.md` §2.3);
/// - a value starting with `/`: a file path;
/// - anything else: the credential itself.
///
/// When the setting has an override name and `/kiali-override-secrets/<override name>/value.txt` exists, that file
/// wins over a path or inline value, as in Kiali. Files are read through the ``MountRoot`` and **re-read on every**
/// ``read(under:)``, so a rotated Secret (Kubernetes swaps the volume's `..data` link) is seen at once; callers that
/// need a cache keep it themselves. Surrounding white space and newlines are trimmed from file contents, as Kiali does.
///
/// The description and reflection never show an inline value.
public struct ConfigCredential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where ``read(under:)`` takes the credential from.
    public enum Location: Sendable, Hashable {
        /// No credential is configured.
        case none
        /// The configuration holds the value itself.
        case inline
        /// A file, with its path under the mount root.
        case file(String)
    }

    /// The directory under which the operator mounts `secret:` references.
    public static let overrideSecretsDirectory = "/kiali-override-secrets"

    private let value: String
    /// The setting's directory under `/kiali-override-secrets` (e.g. `prometheus-password`), if it has one.
    public let overrideName: String?

    /// A credential as configured.
    /// - Parameters:
    ///   - configValue: The value in `config.yaml`.
    ///   - overrideName: The setting's directory under `/kiali-override-secrets`, if the operator mounts one.
    public init(_ configValue: String, overrideName: String? = nil) {
        self.value = configValue
        self.overrideName = overrideName
    }

    /// `true` when nothing is configured.
    public var isEmpty: Bool { value.isEmpty }

    /// `true` when the value names a file (a path or a `secret:` reference) rather than being the credential.
    public var isReference: Bool { value.hasPrefix("/") || value.hasPrefix("secret:") }

    /// The configured value when it is the credential itself (not a file reference). Internal: for checks only.
    var inlineValue: String? { isReference ? nil : value }

    /// The same credential for another setting directory.
    public func withOverrideName(_ name: String?) -> ConfigCredential {
        ConfigCredential(value, overrideName: name)
    }

    /// Why the value cannot be used: a malformed `secret:` reference, or one where the setting has no override
    /// directory; `nil` otherwise.
    /// - Parameter acceptsSecretReference: Whether the setting has an override directory (it may be set later).
    func formatProblem(acceptsSecretReference: Bool) -> String? {
        guard value.hasPrefix("secret:") else { return nil }
        guard let reference = secretReference else {
            return "expected secret:<secret name>:<key>, got a malformed secret reference"
        }
        if !acceptsSecretReference {
            return "a secret:\(reference.secret):\(reference.key) reference is not supported for this key; use a file path"
        }
        return nil
    }

    private var secretReference: (secret: String, key: String)? {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "secret", !parts[1].isEmpty, !parts[2].isEmpty, !parts[2].contains("/") else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// Where the credential is read from now. Looks for the `value.txt` override file, so the answer can change.
    public func location(under root: MountRoot) -> Location {
        if let reference = secretReference, let overrideName {
            return .file(root.resolve("\(Self.overrideSecretsDirectory)/\(overrideName)/\(reference.key)"))
        }
        if let overrideName {
            let override = root.resolve("\(Self.overrideSecretsDirectory)/\(overrideName)/value.txt")
            if FileManager.default.fileExists(atPath: override) { return .file(override) }
        }
        if value.hasPrefix("/") { return .file(root.resolve(value)) }
        return value.isEmpty ? .none : .inline
    }

    /// The credential: the inline value, or the current contents of its file (read again on every call).
    /// - Parameter root: The mount root every absolute path is read under.
    /// - Returns: The credential; empty when none is configured.
    /// - Throws: ``ConfigError/unreadable(path:reason:)`` when the file cannot be read, or the value is a malformed
    ///   `secret:` reference.
    public func read(under root: MountRoot) throws(ConfigError) -> String {
        if let problem = formatProblem(acceptsSecretReference: overrideName != nil) {
            throw .unreadable(path: description, reason: problem)
        }
        switch location(under: root) {
        case .none: return ""
        case .inline: return value
        case .file(let path):
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ConfigError.unreadable(path: path, reason: "not UTF-8 text")
                }
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            } catch let error as ConfigError {
                throw error
            } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
                throw .unreadable(path: path, reason: "no such file")
            } catch let error as CocoaError where error.code == .fileReadNoPermission {
                throw .unreadable(path: path, reason: "permission denied")
            } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
        }
    }

    public var description: String {
        if value.isEmpty { return "ConfigCredential(none)" }
        if let reference = secretReference { return "ConfigCredential(secret \(reference.secret):\(reference.key))" }
        if value.hasPrefix("/") { return "ConfigCredential(file \(value))" }
        return "ConfigCredential(inline, redacted)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["credential": description]) }
}
