/// A kubeconfig could not be found, read, parsed or resolved.
///
/// The description says what was wrong and where: `<file>: <field>: <message>`, for example
/// `/tmp/x/kubeconfig: clusters[0].cluster.certificate-authority-data: not valid base64` or
/// `/etc/k: malformed YAML at line 3, column 5: could not find expected ':'`.
/// Messages never contain token, password, key or certificate contents.
///
/// Switch on ``code`` to react to a kind of failure; new codes may be added in later versions.
public struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure. New codes may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case fileUnreadable
            case malformed
            case missingField
            case unknownContext
            case unknownCluster
            case unknownUser
            case invalidValue
            case noConfiguration
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A kubeconfig, or a file it refers to (CA, client certificate or key, service-account token), could not
        /// be read.
        public static let fileUnreadable = Code(.fileUnreadable)
        /// The text is not valid YAML (or JSON), or not valid UTF-8.
        public static let malformed = Code(.malformed)
        /// A required field is absent or empty (a name, `server`, `current-context`, half of a client certificate).
        public static let missingField = Code(.missingField)
        /// The requested or current context is not in `contexts`.
        public static let unknownContext = Code(.unknownContext)
        /// A context names a cluster that is not in `clusters`.
        public static let unknownCluster = Code(.unknownCluster)
        /// A context names a user that is not in `users`.
        public static let unknownUser = Code(.unknownUser)
        /// A field has the wrong type or an unusable value (bad base64, not PEM, a bad URL, two auth methods).
        public static let invalidValue = Code(.invalidValue)
        /// No kubeconfig was given or found and the process is not running inside a cluster.
        public static let noConfiguration = Code(.noConfiguration)

        /// The code's name, e.g. `missingField`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The kubeconfig path or source name the failure is about (`nil` when there is none, e.g. no configuration).
    public var file: String?
    /// The field path inside the file, e.g. `users[0].user.client-key-data` or `current-context`.
    public var field: String?
    /// What was wrong, for humans. Never holds secret values.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - file: the kubeconfig path or source name.
    ///   - field: the field path inside it.
    ///   - message: what was wrong; must not contain secrets.
    public init(code: Code, file: String? = nil, field: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.field = field
        self.message = message
    }

    /// `<file>: <field>: <message>`, leaving out the parts that are `nil`.
    public var description: String {
        var parts: [String] = []
        if let file, !file.isEmpty { parts.append(file) }
        if let field, !field.isEmpty { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
