import Foundation
import Yams

extension KialiConfig {
    /// The keys removed upstream (backend.md §3.9): accepted, reported and ignored, with the reason shown.
    public static let removedKeys: [String: String] = {
        let discovered =
            "Kiali discovers it now (istiod: Deployments labelled app=istiod; mesh ConfigMap istio or "
            + "istio-<revision>; injector istio-sidecar-injector[-<revision>])"
        var keys: [String: String] = [:]
        for key in [
            "istiod_deployment_name", "config_map_name", "istio_sidecar_injector_config_map_name",
            "istio_injection_annotation", "istio_sidecar_annotation", "envoy_admin_local_port", "url_service_version",
            "registry",
        ] {
            keys["external_services.istio.\(key)"] = discovered
        }
        keys["external_services.istio.root_namespace"] = "the root namespace comes from the mesh config or the istiod namespace"
        keys["istio_namespace"] = "the control plane's namespace is discovered"
        keys["deployment.accessible_namespaces"] =
            "without cluster-wide access the namespaces come from "
            + "deployment.discovery_selectors.default"
        return keys
    }()

    /// Kiali's configuration path, under the mount root (`--config` default).
    public static let defaultPath = "/kiali-configuration/config.yaml"

    /// Loads a `config.yaml` document (backend.md §3.1, §3.10).
    ///
    /// Keys are snake_case as in Kiali. File values are merged over Kiali's defaults: a missing key (or `null`) keeps
    /// its default, a list replaces the default list, an empty document gives all defaults. Unknown keys do not stop
    /// loading: each gives a warning naming its full key path; keys removed upstream (§3.9) and deprecated keys warn
    /// too. Start-up validation (§3.10) runs as far as the modelled keys go; file-based secrets are checked by
    /// ``validateSecrets(under:)``.
    /// - Parameters:
    ///   - yaml: The document.
    ///   - source: Where it came from, for messages (normally its path).
    /// - Returns: The configuration and the warnings.
    /// - Throws: ``ConfigError/syntax(source:line:column:problem:)`` for malformed YAML;
    ///   ``ConfigError/invalidValue(key:reason:source:line:)`` naming the key path for a value of the wrong type, out
    ///   of range, or refused by validation.
    public static func load(yaml: String, source: String) throws(ConfigError) -> LoadedConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, source: source)
        } catch {
            throw .syntax(source: source, line: nil, column: nil, problem: "\(error)")
        }
        let tracker = ConfigKeyTracker(removedKeys: removedKeys)
        var config = KialiConfig()
        if let root {
            do {
                config = try KialiConfig(from: ConfigDecoder(node: root, codingPath: [], tracker: tracker))
            } catch let error as ConfigError {
                throw error.located(in: source, lines: tracker.line(of:))
            } catch {
                throw ConfigError.invalid("", "\(error)").located(in: source, lines: tracker.line(of:))
            }
        }
        do {
            try config.validate()
        } catch {
            throw error.located(in: source, lines: tracker.line(of:))
        }
        return LoadedConfig(config: config, warnings: tracker.warnings(source: source))
    }

    /// Reads and loads a configuration file.
    /// - Parameters:
    ///   - path: The file as configured (`--config`, default ``defaultPath``); an absolute path is read under the mount
    ///     root. Messages name this path.
    ///   - mountRoot: The mount root.
    /// - Throws: ``ConfigError/unreadable(path:reason:)`` when the file cannot be read, else as ``load(yaml:source:)``.
    public static func load(file path: String = defaultPath, mountRoot: MountRoot) throws(ConfigError) -> LoadedConfig {
        let resolved = mountRoot.resolve(path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: resolved))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            throw .unreadable(path: resolved, reason: "no such file")
        } catch {
            throw .unreadable(path: resolved, reason: "\(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: resolved, reason: "not UTF-8 text") }
        return try load(yaml: text, source: path)
    }

    /// A syntax error from Yams, without the document snippet Yams attaches (it may show a credential).
    private static func syntaxError(_ error: YamlError, source: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var text = problem
            if let context { text += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return .syntax(source: source, line: mark.line, column: mark.column, problem: text)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return .syntax(source: source, line: context.mark.line, column: context.mark.column, problem: "duplicate key \(keys)")
        case .reader(let problem, _, _, _):
            return .syntax(source: source, line: nil, column: nil, problem: problem)
        default:
            return .syntax(source: source, line: nil, column: nil, problem: "\(error)")
        }
    }
}
