public import KubeTypes
import Yams

/// Finds, reads, merges and resolves kubeconfigs, following client-go's rules.
///
/// ```swift
/// let config = try KubeconfigLoader.loadDefault(environment: ProcessInfo.processInfo.environment)
/// let cluster = try config.resolve(context: nil)
/// ```
public enum KubeconfigLoader {
    /// Where Kubernetes mounts a pod's service-account token, namespace and CA.
    public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The cluster, user and context name of the synthetic in-cluster kubeconfig.
    public static let inClusterName = "in-cluster"

    /// Files larger than this are refused (a kubeconfig or PEM file is a few kilobytes).
    static let maximumFileSize = 16 << 20

    /// Reads and parses a kubeconfig file.
    ///
    /// Relative paths inside it (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`, and an exec
    /// `command` containing `/`) are made absolute against the file's directory, as client-go does.
    /// - Parameter path: the file to read.
    /// - Returns: the configuration, with ``Kubeconfig/source`` set to `path`.
    /// - Throws: ``KubeconfigError`` `.fileUnreadable`, `.malformed`, `.missingField` or `.invalidValue`.
    public static func load(path: String) throws(KubeconfigError) -> Kubeconfig {
        let bytes: [UInt8]
        switch FileSystem.readFile(path) {
        case .success(let contents): bytes = contents
        case .failure(let error):
            throw KubeconfigError(code: .fileUnreadable, file: path, message: "cannot read file: \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw KubeconfigError(code: .malformed, file: path, message: "not valid UTF-8 text")
        }
        return try parse(text, source: path, baseDirectory: FilePath.directory(of: FilePath.absolute(path)))
    }

    /// Parses kubeconfig text (YAML, or JSON, which is valid YAML).
    ///
    /// An empty document (or one holding only comments or `null`) is an empty configuration.
    /// - Parameters:
    ///   - text: the document.
    ///   - source: the file path or a name for it, used in errors and as ``Kubeconfig/source``.
    ///   - baseDirectory: when set, relative file paths in the document are resolved against it.
    /// - Returns: the configuration.
    /// - Throws: ``KubeconfigError`` `.malformed` (with line and column), `.missingField` or `.invalidValue` (with the
    ///   field path, e.g. `users[0].user.client-key-data`).
    public static func parse(_ text: String, source: String, baseDirectory: String? = nil) throws(KubeconfigError) -> Kubeconfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, source: source)
        } catch {
            throw KubeconfigError(code: .malformed, file: source, message: "malformed YAML")
        }
        var config: Kubeconfig
        if let root, !Self.isNull(root) {
            do {
                config = try YAMLDecoder().decode(Kubeconfig.self, from: root)
            } catch let error as DecodingError {
                throw decodingError(error, source: source)
            } catch let error as YamlError {
                throw yamlError(error, source: source)
            } catch {
                throw KubeconfigError(code: .malformed, file: source, message: "cannot decode the kubeconfig")
            }
        } else {
            config = Kubeconfig()
        }
        config.source = source
        for i in config.clusters.indices {
            config.clusters[i].origin = .init(file: source, index: i)
            if let base = baseDirectory {
                config.clusters[i].cluster.certificateAuthority = config.clusters[i].cluster.certificateAuthority
                    .map { FilePath.resolve($0, against: base) }
            }
        }
        for i in config.users.indices {
            config.users[i].origin = .init(file: source, index: i)
            if let base = baseDirectory {
                var user = config.users[i].user
                user.tokenFile = user.tokenFile.map { FilePath.resolve($0, against: base) }
                user.clientCertificate = user.clientCertificate.map { FilePath.resolve($0, against: base) }
                user.clientKey = user.clientKey.map { FilePath.resolve($0, against: base) }
                // Only a command with a path separator is file-relative; a bare name is looked up on PATH.
                if let command = user.exec?.command, command.contains("/") {
                    user.exec?.command = FilePath.resolve(command, against: base)
                }
                config.users[i].user = user
            }
        }
        for i in config.contexts.indices {
            config.contexts[i].origin = .init(file: source, index: i)
        }
        return config
    }

    /// Merges configurations in order: for clusters, users and contexts the first one defining a name wins; the
    /// first non-empty `current-context` wins.
    /// - Parameter configs: the configurations, highest priority first.
    /// - Returns: the merged configuration; its ``Kubeconfig/source`` is the sources joined with `:`.
    public static func merge(_ configs: [Kubeconfig]) -> Kubeconfig {
        var result = Kubeconfig()
        var clusterNames = Set<String>()
        var userNames = Set<String>()
        var contextNames = Set<String>()
        for config in configs {
            result.clusters += config.clusters.filter { clusterNames.insert($0.name).inserted }
            result.users += config.users.filter { userNames.insert($0.name).inserted }
            result.contexts += config.contexts.filter { contextNames.insert($0.name).inserted }
            if result.currentContext == nil, let current = config.currentContext, !current.isEmpty {
                result.currentContext = current
            }
        }
        result.source = configs.compactMap(\.source).joined(separator: ":")
        return result
    }

    /// Finds the configuration the way kubectl does.
    ///
    /// In order: `explicitPath` (must exist); else `KUBECONFIG`, a `:`-separated list whose existing files are merged
    /// (see ``merge(_:)``; missing files are skipped, but at least one must exist); else `$HOME/.kube/config` if it
    /// exists; else the in-cluster service account (see ``inCluster(environment:serviceAccountDirectory:)``).
    /// - Parameters:
    ///   - environment: the process environment (`KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_HOST`, …).
    ///   - explicitPath: a path given on the command line or in configuration; wins over everything.
    ///   - serviceAccountDirectory: where the in-cluster token, namespace and CA are mounted.
    /// - Returns: the configuration.
    /// - Throws: ``KubeconfigError``; `.noConfiguration` when nothing was found.
    public static func loadDefault(
        environment: [String: String],
        explicitPath: String? = nil,
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws(KubeconfigError) -> Kubeconfig {
        if let explicitPath, !explicitPath.isEmpty {
            return try load(path: explicitPath)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var paths: [String] = []
            var configs: [Kubeconfig] = []
            for path in list.split(separator: ":").map(String.init) where !paths.contains(path) {
                paths.append(path)
                if FileSystem.isMissing(path) { continue }
                configs.append(try load(path: path))
            }
            guard !configs.isEmpty else {
                throw KubeconfigError(
                    code: .noConfiguration, file: "environment", field: "KUBECONFIG",
                    message: "none of the listed files exist (\(paths.joined(separator: ", ")))"
                )
            }
            return merge(configs)
        }
        var homeConfig: String?
        if let home = environment["HOME"], !home.isEmpty {
            let path = FilePath.clean(home + "/.kube/config")
            homeConfig = path
            if !FileSystem.isMissing(path) {
                return try load(path: path)
            }
        }
        if let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty {
            return try inCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
        }
        let home = homeConfig.map { "\($0) does not exist" } ?? "HOME is not set"
        throw KubeconfigError(
            code: .noConfiguration,
            message: "no kubeconfig found: no path was given, KUBECONFIG is not set, \(home), "
                + "and KUBERNETES_SERVICE_HOST is not set (not running in a cluster)"
        )
    }

    /// Whether a YAML node is a null scalar (`null`, `~` or empty): a document holding only that is an empty config.
    private static func isNull(_ node: Node) -> Bool {
        if case .scalar = node, node.null != nil { return true }
        return false
    }
}
