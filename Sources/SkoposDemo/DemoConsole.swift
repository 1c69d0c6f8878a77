import AsyncHTTPClient
import Foundation
import KubeSim
import LocalPrometheus
import MeshSim
import NIOCore
import NIOHTTP1
import SkoposModel

/// The demo's console: `skopos serve` as a child process, configured as the operator configures it (Kiali's
/// `config.yaml` and a remote-cluster secret for every other cluster under a mount root in the demo directory), with
/// the first cluster as home. It stays a local process on 127.0.0.1 (conventions, section 4).
enum DemoConsole {
    /// Writes the mount root and starts `skopos serve`; returns the process and the console's URL once it answers.
    /// - Parameters:
    ///   - executable: the `skopos` binary.
    ///   - sim: the simulated clusters (for their API URLs) and `clusters` (for their CAs and tokens).
    static func start(
        executable: String, options: DemoOptions, sim: Simulator.Report, clusters: [SimCluster], prometheusURL: String, httpClient: HTTPClient
    ) async throws -> (process: ChildProcess, url: String) {
        let root = options.directory + "/console"
        try? FileManager.default.removeItem(atPath: root)
        let names = options.scenario.clusters.map(\.name)
        guard let home = names.first else { throw DemoConsoleError("the scenario has no cluster") }
        func kubeconfig(_ name: String) throws -> String {
            guard let cluster = clusters.first(where: { $0.name == name }), let endpoints = sim.clusters.first(where: { $0.name == name })?.endpoints else {
                throw DemoConsoleError("cluster \(name) is not running")
            }
            return try SimKubeconfig.render([.init(name: name, server: endpoints.apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)])
        }
        func write(_ text: String, _ path: String) throws {
            let full = root + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(Array(text.utf8), to: full, mode: 0o600)
        }
        for name in names {
            // Names go into file paths and YAML.
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) else {
                throw DemoConsoleError("cluster name \"\(name)\" is not usable as a console cluster name")
            }
        }
        for name in names.dropFirst() {
            let secret = "kiali-remote-cluster-secret-" + SecretName.sanitize(name)
            try write(try kubeconfig(name), "/kiali-remote-cluster-secrets/\(secret)/\(name)")
        }
        try write(try kubeconfig(home), "/kubeconfig-\(home)")
        let port = try FreePort.preferring(options.consolePort)
        let metricsPort = try FreePort.find()
        if options.auth == .openshift {
            // As the operator (home) and the remote-only Kiali resource (other clusters) do: the console's OAuthClient
            // on every cluster, sending the browser back to this console's callback for that cluster.
            for (index, name) in names.enumerated() {
                guard let cluster = clusters.first(where: { $0.name == name }) else { continue }
                let callback = "http://127.0.0.1:\(port)/api/auth/callback" + (index == 0 ? "" : "/" + name)
                try cluster.seed([oauthClient(redirectURI: callback)])
            }
        }
        try write(
            config(home: home, port: port, metricsPort: metricsPort, prometheus: prometheusURL, auth: options.auth), "/kiali-configuration/config.yaml")
        let process = try ChildProcess(
            name: "console", executable: executable, arguments: ["serve", "--mount-root", root, "--kubeconfig", "/kubeconfig-\(home)"],
            logFile: options.directory + "/console.log")
        let url = "http://127.0.0.1:\(port)/"
        let deadline = ContinuousClock.now + .seconds(60)
        do {
            while ContinuousClock.now < deadline {
                if let status = process.exitStatus {
                    let log = (try? String(contentsOfFile: options.directory + "/console.log", encoding: .utf8)) ?? ""
                    throw DemoConsoleError("skopos serve exited with status \(status): \(log.suffix(2000))")
                }
                if let response = try? await httpClient.execute(HTTPClientRequest(url: url + "healthz"), timeout: .seconds(2)), response.status == .ok {
                    return (process, url)
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw DemoConsoleError("the console did not answer \(url)healthz within 60 s; see \(options.directory)/console.log")
        } catch {
            // Cancelled or failed: the console does not outlive the demo.
            await process.stop()
            throw error
        }
    }

    /// The console's OAuthClient (`kiali-istio-system`, as the operator names it for instance `kiali` in
    /// `istio-system`).
    static func oauthClient(redirectURI: String) -> JSONValue {
        [
            "apiVersion": "oauth.openshift.io/v1", "kind": "OAuthClient",
            "metadata": ["name": "kiali-istio-system", "labels": ["app": "kiali", "app.kubernetes.io/part-of": "kiali"]],
            "redirectURIs": [.string(redirectURI)], "grantMethod": "auto", "accessTokenMaxAgeSeconds": 86400,
        ]
    }

    /// Kiali's configuration for the demo's console, with a fresh session key each run.
    static func config(home: String, port: Int, metricsPort: Int, prometheus: String, auth: DemoAuth) -> String {
        let key = String((0..<32).map { _ in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".randomElement()! })
        return """
        # Written by skopos demo, as the operator renders Kiali's ConfigMap.
        auth:
          strategy: \(auth.rawValue)
        login_token:
          signing_key: "\(key)"
        deployment:
          namespace: istio-system
          instance_name: kiali
        kubernetes_config:
          cluster_name: "\(home)"
        # A small mesh: health is recomputed every 10 s over the last minute, so faults show quickly.
        health_config:
          compute:
            duration: 1m
            refresh_interval: 10s
        external_services:
          prometheus:
            url: "\(prometheus)"
        server:
          address: 127.0.0.1
          port: \(port)
          web_root: /
          observability:
            metrics:
              enabled: true
              port: \(metricsPort)

        """
    }
}

/// The remote secret's name part: the cluster name lower-cased, every character outside `[-a-z0-9]` replaced by `-`
/// (conventions, section 6).
enum SecretName {
    static func sanitize(_ cluster: String) -> String {
        String(cluster.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" ? $0 : "-" })
    }
}

struct DemoConsoleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
