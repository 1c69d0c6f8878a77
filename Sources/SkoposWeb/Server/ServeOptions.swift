/// The command line of `skopos serve` (conventions, section 5).
public struct ServeOptions: Sendable {
    /// `--config`: Kiali's `config.yaml`, read under the mount root.
    public var configPath = "/kiali-configuration/config.yaml"
    /// `--kubeconfig`: the home cluster's kubeconfig when not running in a pod.
    public var kubeconfig: String?
    /// `--context`: the kubeconfig context.
    public var context: String?
    /// `--remote-secrets-dir`: where remote-cluster kubeconfigs are mounted.
    public var remoteSecretsDirectory = "/kiali-remote-cluster-secrets"
    /// `--mount-root` (or `SKOPOS_MOUNT_ROOT`).
    public var mountRoot: String?
    /// The process environment.
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }
}
