import Foundation

/// A secret the client sends (a username, a password, a token), given either literally or as the path of a file
/// that holds it.
///
/// A file is read again on every use, so a rotated Kubernetes Secret mounted as a file is picked up without a
/// restart. Kiali's configuration uses one rule for both forms (see ``init(configValue:)``).
///
/// The secret never shows in `description`, `debugDescription` or reflection (`dump`, test failure messages): a
/// literal prints as `<redacted>`, a file as its path.
///
/// ```swift
/// let token = Credential(configValue: "/kiali-override-secrets/prometheus-token/value.txt")   // a file
/// let password = Credential.value("s3cret")                                                // a literal
/// ```
public struct Credential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    enum Source: Sendable, Hashable {
        case value(String)
        case file(String)
    }

    let source: Source

    init(source: Source) {
        self.source = source
    }

    /// A literal secret.
    /// - Parameter secret: The secret itself.
    /// - Returns: A credential that always yields `secret`.
    public static func value(_ secret: String) -> Credential {
        Credential(source: .value(secret))
    }

    /// A secret held in a file, read on every use.
    ///
    /// Whitespace and newlines around the file's content are dropped (as Kiali does), so a file written with a
    /// trailing newline works.
    /// - Parameter path: The file's path.
    /// - Returns: A credential that reads `path` each time it is used.
    public static func file(_ path: String) -> Credential {
        Credential(source: .file(path))
    }

    /// Kiali's rule for a credential in the configuration (`auth.username`, `auth.password`, `auth.token`): a value
    /// starting with `/` is the absolute path of a file holding the secret (the operator mounts Secrets there,
    /// `secret:<name>:<key>` becomes `/kiali-override-secrets/<name>/<key>`); anything else, the empty string
    /// included, is the secret itself.
    /// - Parameter configValue: The value as written in the configuration.
    public init(configValue: String) {
        self.source = configValue.hasPrefix("/") ? .file(configValue) : .value(configValue)
    }

    /// The file the secret is read from, or `nil` for a literal secret.
    public var filePath: String? {
        if case .file(let path) = source { return path }
        return nil
    }

    /// `<redacted>` for a literal, `file <path>` for a file.
    public var description: String {
        switch source {
        case .value: "<redacted>"
        case .file(let path): "file \(path)"
        }
    }

    /// The same as ``description``: never the secret.
    public var debugDescription: String { "Credential(\(description))" }

    /// Reflection shows the file path only, never a literal secret.
    public var customMirror: Mirror {
        switch source {
        case .value: Mirror(self, children: ["value": "<redacted>"])
        case .file(let path): Mirror(self, children: ["file": path])
        }
    }

    /// The secret now: the literal, or the file's current content without surrounding whitespace.
    /// - Throws: A message naming the file (never its content) when it cannot be read as UTF-8 text.
    func read() throws(CredentialReadFailure) -> String {
        switch source {
        case .value(let secret):
            return secret
        case .file(let path):
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                let reason = (error as? CocoaError)?.code == .fileReadNoSuchFile ? "no such file" : "\(error.localizedDescription)"
                throw CredentialReadFailure(message: "cannot read the credential file \(path): \(reason)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CredentialReadFailure(message: "the credential file \(path) is not UTF-8 text")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

/// Why a credential file could not be read; names the file, never its content.
struct CredentialReadFailure: Error {
    var message: String
}
