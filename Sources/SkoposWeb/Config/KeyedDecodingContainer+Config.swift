import SkoposModel

/// Reading `config.yaml` keys with Kiali's defaults and messages that name the key path.
///
/// A missing key or an explicit `null` keeps the default (as the operator, which drops `null`s, would).
extension KeyedDecodingContainer {
    /// The key path of `key`, e.g. `server.port`.
    func keyPath(_ key: Key) -> String {
        ConfigKeyPath.render(codingPath + [key])
    }

    /// An invalid-value error at `key`.
    func invalid(_ key: Key, _ reason: String) -> ConfigError {
        .invalid(keyPath(key), reason)
    }

    /// The value at `key`, or `defaultValue` when the key is missing or `null`.
    func decode<T: Decodable>(_ key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? defaultValue
    }

    /// `current`, or the non-empty string at the deprecated key `old`, which then wins and adds a deprecation note
    /// that points to `replacement` (as Kiali copies `in_cluster_url` into `internal_url`).
    func decode(deprecated old: Key, over current: String, replacement: Key, in decoder: any Decoder) throws -> String {
        let legacy = try decode(old, default: "")
        guard !legacy.isEmpty else { return current }
        decoder.deprecated(old.stringValue, use: replacement.stringValue)
        return legacy
    }

    /// An integer within `range`.
    func decodeInt(_ key: Key, in range: ClosedRange<Int>, default defaultValue: Int) throws -> Int {
        guard let value = try decodeIfPresent(JSONValue.self, forKey: key) else { return defaultValue }
        guard case .int(let number) = value, range.contains(number) else {
            let bound = range.upperBound == .max ? "\(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
            throw invalid(key, "expected an integer \(bound), got \(ConfigDecoder.describe(value))")
        }
        return number
    }

    /// A number within `range` (any number by default).
    func decodeDouble(
        _ key: Key,
        in range: ClosedRange<Double> = -Double.infinity...Double.infinity,
        default defaultValue: Double
    ) throws -> Double {
        guard let value = try decodeIfPresent(JSONValue.self, forKey: key) else { return defaultValue }
        let number: Double? =
            switch value {
            case .int(let i): Double(i)
            case .double(let d): d
            default: nil
            }
        guard let number, range.contains(number) else {
            let bound =
                range.lowerBound == -.infinity && range.upperBound == .infinity
                ? ""
                : range.upperBound == .infinity ? " \(range.lowerBound) or more" : " from \(range.lowerBound) to \(range.upperBound)"
            throw invalid(key, "expected a number\(bound), got \(ConfigDecoder.describe(value))")
        }
        return number
    }

    /// One of the raw values of `T`. An empty string means the default when `emptyIsDefault` is set.
    /// - Parameter noun: How the message calls a value: `unknown strategy "foo"; expected one of anonymous, token, …`.
    func decodeChoice<T: RawRepresentable & CaseIterable>(
        _ key: Key,
        default defaultValue: T,
        noun: String,
        emptyIsDefault: Bool = true
    ) throws -> T where T.RawValue == String {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return defaultValue }
        if text.isEmpty, emptyIsDefault { return defaultValue }
        guard let value = T(rawValue: text) else {
            let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw invalid(key, "unknown \(noun) \(ConfigDecoder.quoted(text)); expected one of \(choices)")
        }
        return value
    }

    /// The non-negative Go duration `text` read at `key`; a bad or negative one is an error that starts with
    /// `expected` and gives the parser's reason.
    private func nonNegativeGoDuration(_ text: String, at key: Key, expected: String) throws -> Duration {
        do throws(GoDuration.ParseError) {
            let duration = try GoDuration.parse(text)
            guard duration >= .zero else { throw GoDuration.ParseError(text: text, reason: "negative value") }
            return duration
        } catch {
            throw invalid(key, "\(expected), got \(ConfigDecoder.quoted(text)) (\(error.reason))")
        }
    }

    /// A duration Kiali reads as an integer number of seconds. A Go duration string (`"30s"`, `"1m"`) is accepted too.
    func decodeSeconds(_ key: Key, default defaultValue: Duration) throws -> Duration {
        guard let value = try decodeIfPresent(JSONValue.self, forKey: key) else { return defaultValue }
        switch value {
        case .int(let seconds) where seconds >= 0:
            return .seconds(seconds)
        case .double(let seconds) where seconds >= 0 && seconds.isFinite:
            return .milliseconds(Int64((seconds * 1000).rounded()))
        case .string(let text):
            return try nonNegativeGoDuration(text, at: key, expected: "expected a number of seconds or a duration such as \"30s\"")
        default:
            throw invalid(key, "expected a number of seconds or a duration such as \"30s\", got \(ConfigDecoder.describe(value))")
        }
    }

    /// A duration Kiali reads as a Go `time.Duration` string (`"60s"`, `"10m"`, `"1h30m"`). A bare `0` is zero; any
    /// other bare number is refused, since Go would read it as nanoseconds.
    func decodeGoDuration(_ key: Key, default defaultValue: Duration) throws -> Duration {
        guard let value = try decodeIfPresent(JSONValue.self, forKey: key) else { return defaultValue }
        let expected = "expected a duration such as \"60s\", \"10m\" or \"1h30m\""
        switch value {
        case .int(0):
            return .zero
        case .string(let text):
            return try nonNegativeGoDuration(text, at: key, expected: expected)
        case .int, .double:
            throw invalid(key, "\(expected), got the bare number \(ConfigDecoder.describe(value)) (Go reads it as nanoseconds; add a unit)")
        default:
            throw invalid(key, "\(expected), got \(ConfigDecoder.describe(value))")
        }
    }

    /// A credential (``ConfigCredential``): an inline value, an absolute file path or `secret:<name>:<key>`.
    /// - Parameters:
    ///   - overrideName: The directory under `/kiali-override-secrets` the operator mounts for this key, if known here.
    ///   - acceptsSecretReference: Whether `secret:` references are allowed (the key has an override directory, maybe
    ///     set later by the owning section).
    func decodeCredential(
        _ key: Key,
        overrideName: String?,
        acceptsSecretReference: Bool,
        default defaultValue: String
    ) throws -> ConfigCredential {
        let text = try decodeIfPresent(String.self, forKey: key) ?? defaultValue
        let credential = ConfigCredential(text, overrideName: overrideName)
        if let problem = credential.formatProblem(acceptsSecretReference: acceptsSecretReference) { throw invalid(key, problem) }
        return credential
    }
}

extension Decoder {
    /// Marks keys of the mapping being decoded as known to Kiali but not modelled here, so they raise no warning.
    /// Does nothing with other decoders.
    func acceptKeys(_ keys: [String]) {
        guard let decoder = self as? ConfigDecoder else { return }
        decoder.tracker.use(keys, at: decoder.path)
    }

    /// Adds a deprecation note for `key` of the mapping being decoded, replaced by the sibling key `replacement`
    /// (a dotted path below the same mapping). Does nothing with other decoders.
    func deprecated(_ key: String, use replacement: String) {
        guard let decoder = self as? ConfigDecoder else { return }
        deprecated(key, because: "use \(ConfigKeyPath.join(decoder.path, replacement)); its value is used there")
    }

    /// Adds a deprecation note for `key` of the mapping being decoded, with an explanation. Does nothing with other
    /// decoders.
    func deprecated(_ key: String, because explanation: String) {
        guard let decoder = self as? ConfigDecoder else { return }
        let full = ConfigKeyPath.join(decoder.path, key)
        decoder.tracker.note("deprecated key \(full): \(explanation)", key: full)
    }
}
