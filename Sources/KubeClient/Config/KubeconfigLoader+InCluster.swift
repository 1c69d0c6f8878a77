import Foundation
public import KubeTypes

extension KubeconfigLoader {
    /// Builds the configuration of a pod's service account: server from `KUBERNETES_SERVICE_HOST` and
    /// `KUBERNETES_SERVICE_PORT` (IPv6 hosts bracketed), user with a `tokenFile` (so the rotating token is re-read),
    /// CA file `ca.crt` when present, and the `namespace` file as the context's namespace. All three entries and the
    /// current context are named ``inClusterName``.
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - serviceAccountDirectory: the directory holding `token`, `namespace` and `ca.crt`.
    /// - Returns: the synthetic configuration.
    /// - Throws: ``KubeconfigError`` `.noConfiguration` without the environment variables, `.invalidValue` for a bad
    ///   port, `.fileUnreadable` when the token cannot be read.
    public static func inCluster(
        environment: [String: String],
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws(KubeconfigError) -> Kubeconfig {
        let host = (environment["KUBERNETES_SERVICE_HOST"] ?? "").trimmingCharacters(in: .whitespaces)
        let port = (environment["KUBERNETES_SERVICE_PORT"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !host.isEmpty else {
            throw KubeconfigError(
                code: .noConfiguration, file: "environment", field: "KUBERNETES_SERVICE_HOST",
                message: "not set, so not running inside a cluster"
            )
        }
        guard !port.isEmpty else {
            throw KubeconfigError(
                code: .noConfiguration, file: "environment", field: "KUBERNETES_SERVICE_PORT",
                message: "not set, so not running inside a cluster"
            )
        }
        guard let number = Int(port), (1...65535).contains(number) else {
            throw KubeconfigError(
                code: .invalidValue, file: "environment", field: "KUBERNETES_SERVICE_PORT",
                message: "\"\(port)\" is not a port number"
            )
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let server = "https://\(bracketed):\(number)"

        var directory = serviceAccountDirectory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        let tokenPath = directory + "/token"
        let caPath = directory + "/ca.crt"
        if case .failure(let error) = FileSystem.readFile(tokenPath) {
            throw KubeconfigError(
                code: .fileUnreadable, file: tokenPath, message: "cannot read the service-account token: \(error)"
            )
        }
        // Like client-go, a missing CA is not fatal: the system roots are used.
        let caFile: String? = FileSystem.isMissing(caPath) ? nil : caPath
        var namespace: String?
        if case .success(let bytes) = FileSystem.readFile(directory + "/namespace") {
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            namespace = text.isEmpty ? nil : text
        }
        let name = inClusterName
        return Kubeconfig(
            clusters: [.init(name: name, cluster: .init(server: server, certificateAuthority: caFile))],
            users: [.init(name: name, user: .init(tokenFile: tokenPath))],
            contexts: [.init(name: name, context: .init(cluster: name, user: name, namespace: namespace))],
            currentContext: name,
            source: "in-cluster service account (\(directory))"
        )
    }
}
