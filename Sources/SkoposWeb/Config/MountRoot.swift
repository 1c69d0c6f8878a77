import Foundation

/// The directory that stands for `/` for every absolute path `skopos serve` reads (`--mount-root`, default `/`, also
/// env `SKOPOS_MOUNT_ROOT`; conventions §5): the configuration file, `/kiali-override-secrets`, `/kiali-secret`,
/// `/kiali-cabundle`, `/kiali-cert`, `/kiali-remote-cluster-secrets`, the service-account files, and absolute paths
/// found in the configuration (`identity.cert_file`, credential files).
///
/// ``resolve(_:)`` maps an absolute path under the root like a `chroot` does: the path is normalised lexically first
/// (`.` and empty components dropped, `..` removes the previous component and stops at `/`), so `..` can never leave
/// the root — `/../../etc/passwd` is `<root>/etc/passwd`. Nothing is refused and no file system access happens.
/// Symbolic links are not resolved: Kubernetes volume links (`..data`) are relative and stay inside, but a link
/// inside the root that points to an absolute path leads outside it, as it would in a container. Relative paths are
/// returned unchanged, relative to the working directory.
public struct MountRoot: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable read when `--mount-root` is not given.
    public static let environmentVariable = "SKOPOS_MOUNT_ROOT"

    /// The real file-system root: paths are read as they are.
    public static let filesystemRoot = MountRoot(normalized: "/")

    /// The root directory: absolute and normalised, `/` or without trailing slash.
    public let path: String

    private init(normalized path: String) {
        self.path = path
    }

    /// A mount root.
    /// - Parameters:
    ///   - path: The root directory; a relative one is taken relative to `workingDirectory`. Empty means `/`.
    ///   - workingDirectory: The directory relative roots are resolved against; the process's when `nil`.
    public init(_ path: String, workingDirectory: String? = nil) {
        if path.isEmpty {
            self.path = "/"
        } else if path.hasPrefix("/") {
            self.path = Self.normalize(path)
        } else {
            self.path = Self.normalize((workingDirectory ?? FileManager.default.currentDirectoryPath) + "/" + path)
        }
    }

    /// The root for `skopos serve`: the `--mount-root` option, else `SKOPOS_MOUNT_ROOT`, else `/`.
    /// - Parameters:
    ///   - option: The value of `--mount-root`, if given.
    ///   - environment: The process environment (`ProcessInfo.processInfo.environment`).
    ///   - workingDirectory: The directory relative roots are resolved against; the process's when `nil`.
    public static func resolve(option: String?, environment: [String: String], workingDirectory: String? = nil) -> MountRoot {
        if let option, !option.isEmpty { return MountRoot(option, workingDirectory: workingDirectory) }
        if let value = environment[environmentVariable], !value.isEmpty { return MountRoot(value, workingDirectory: workingDirectory) }
        return .filesystemRoot
    }

    /// Where an absolute path is read: `resolve("/kiali-configuration/config.yaml")` is
    /// `<root>/kiali-configuration/config.yaml`. Relative and empty paths are returned unchanged.
    public func resolve(_ file: String) -> String {
        guard file.hasPrefix("/") else { return file }
        let inside = Self.normalize(file)
        if path == "/" { return inside }
        return inside == "/" ? path : path + inside
    }

    public var description: String { path }

    /// Lexical normalisation of an absolute path.
    static func normalize(_ absolute: String) -> String {
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
