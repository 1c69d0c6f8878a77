import ArgumentParser
import Foundation
import Logging
import SkoposWeb

/// `skopos serve`: the console server (conventions, section 5).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the console: Kiali's API over the home cluster and the remote clusters, from Kiali's config.yaml.",
        discussion: """
            Reads Kiali's config.yaml, connects to the home cluster (the pod's service account in a pod, else the \
            kubeconfig) and to every remote cluster whose kubeconfig is mounted under the remote-cluster secrets \
            directory, and serves Kiali's API on server.port (HTTPS when identity.cert_file and \
            identity.private_key_file are set). Every absolute path is read under --mount-root. Stops gracefully on \
            SIGTERM or SIGINT.
            """
    )

    @Option(help: "Kiali's configuration file.")
    var config: String = "/kiali-configuration/config.yaml"

    @Option(help: "The home cluster's kubeconfig (default: KUBECONFIG, then ~/.kube/config) when not running in a pod.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context of the home cluster.")
    var context: String?

    @Option(help: "The directory of remote-cluster kubeconfigs, one folder per Secret.")
    var remoteSecretsDir: String = "/kiali-remote-cluster-secrets"

    @Option(help: "Read every absolute path under this directory (also SKOPOS_MOUNT_ROOT).")
    var mountRoot: String?

    func run() async throws {
        var options = ServeOptions(environment: ProcessInfo.processInfo.environment)
        options.configPath = config
        options.kubeconfig = kubeconfig
        options.context = context
        options.remoteSecretsDirectory = remoteSecretsDir
        options.mountRoot = mountRoot
        let logger = Logger(label: "skopos.web")
        let server: SkoposServer
        do {
            server = try await SkoposServer.prepare(options, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("skopos serve: \(error)\n".utf8))
            throw ExitCode(2)
        }
        try await server.run(logger: logger)
    }
}
