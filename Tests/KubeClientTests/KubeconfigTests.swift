import Foundation
import KubeSim
import KubeTypes
import SimTestSupport
import Testing

@testable import KubeClient

/// Kubeconfig parsing, lookup order, merging, context resolution, in-cluster synthesis and error messages.
@Suite struct KubeconfigTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nY2EgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
    static let certPEM = "-----BEGIN CERTIFICATE-----\nY2xpZW50IGNlcnQ=\n-----END CERTIFICATE-----\n"
    static let keyPEM = "-----BEGIN EC PRIVATE KEY-----\nc2VjcmV0IGtleQ==\n-----END EC PRIVATE KEY-----\n"
    static let secretToken = "s3cr3t-t0ken-value-do-not-print"

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static func write(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Runs `body` and returns the ``KubeconfigError`` it threw, or `nil`.
    static func capture<T>(_ body: () throws -> T) -> KubeconfigError? {
        do {
            _ = try body()
            return nil
        } catch let error as KubeconfigError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    static let full = """
        apiVersion: v1
        kind: Config
        preferences: {}
        clusters:
        - name: prod
          cluster:
            server: https://api.prod.example:6443/
            certificate-authority-data: \(base64(caPEM))
            tls-server-name: kubernetes.default
            proxy-url: http://proxy.example:3128
            extensions: []
        - name: dev
          cluster:
            server: dev.example:443
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            client-certificate-data: \(base64(certPEM))
            client-key-data: \(base64(keyPEM))
        - name: viewer
          user:
            token: \(secretToken)
        - name: basic
          user:
            username: alice
            password: wonderland
        - name: cloud
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: gke-gcloud-auth-plugin
              args: ["--verbose", "2"]
              env:
              - name: CLOUDSDK_CORE_PROJECT
                value: demo
              provideClusterInfo: true
        contexts:
        - name: prod-admin
          context: {cluster: prod, user: admin, namespace: istio-system}
        - name: dev-viewer
          context:
            cluster: dev
            user: viewer
        - name: dev-basic
          context: {cluster: dev, user: basic}
        - name: prod-cloud
          context: {cluster: prod, user: cloud}
        - name: anonymous
          context: {cluster: dev}
        current-context: prod-admin
        """

    // MARK: Parsing

    @Test func fullKubeconfigDecodesEveryField() throws {
        let config = try KubeconfigLoader.parse(Self.full, source: "full")
        #expect(config.clusters.map(\.name) == ["prod", "dev"])
        #expect(config.users.map(\.name) == ["admin", "viewer", "basic", "cloud"])
        #expect(config.contexts.map(\.name) == ["prod-admin", "dev-viewer", "dev-basic", "prod-cloud", "anonymous"])
        #expect(config.currentContext == "prod-admin")
        #expect(config.source == "full")

        let prod = config.clusters[0].cluster
        #expect(prod.server == "https://api.prod.example:6443/")
        #expect(prod.certificateAuthorityData == Array(Self.caPEM.utf8))
        #expect(prod.tlsServerName == "kubernetes.default")
        #expect(prod.proxyURL == "http://proxy.example:3128")
        #expect(prod.insecureSkipTLSVerify == false)
        #expect(config.clusters[1].cluster.insecureSkipTLSVerify)

        #expect(config.users[0].user.clientCertificateData == Array(Self.certPEM.utf8))
        #expect(config.users[0].user.clientKeyData == Array(Self.keyPEM.utf8))
        #expect(config.users[1].user.token == Self.secretToken)
        #expect(config.users[2].user.username == "alice")
        let exec = try #require(config.users[3].user.exec)
        #expect(exec.command == "gke-gcloud-auth-plugin")
        #expect(exec.args == ["--verbose", "2"])
        #expect(exec.env == [ExecConfig.EnvVar(name: "CLOUDSDK_CORE_PROJECT", value: "demo")])
        #expect(exec.apiVersion == "client.authentication.k8s.io/v1")
        #expect(exec.provideClusterInfo)
        #expect(config.contexts[0].context == Kubeconfig.Context(cluster: "prod", user: "admin", namespace: "istio-system"))
    }

    @Test func resolvesEachAuthenticationMethod() throws {
        let config = try KubeconfigLoader.parse(Self.full, source: "full")

        let prod = try config.resolve(context: nil)
        #expect(prod.name == "prod")
        #expect(prod.server == "https://api.prod.example:6443")
        #expect(prod.caPEM == Array(Self.caPEM.utf8))
        #expect(prod.tlsServerName == "kubernetes.default")
        #expect(prod.proxyURL == "http://proxy.example:3128")
        #expect(prod.namespace == "istio-system")
        #expect(prod.credentials == .clientCertificate(certificatePEM: Array(Self.certPEM.utf8), keyPEM: Array(Self.keyPEM.utf8)))

        let dev = try config.resolve(context: "dev-viewer")
        #expect(dev.name == "dev")
        #expect(dev.server == "https://dev.example:443")
        #expect(dev.insecureSkipTLSVerify)
        #expect(dev.caPEM == nil)
        #expect(dev.namespace == nil)
        #expect(dev.credentials == .token(Self.secretToken))

        #expect(try config.resolve(context: "dev-basic").credentials == .basic(user: "alice", password: "wonderland"))
        guard case .exec(let exec) = try config.resolve(context: "prod-cloud").credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(exec.command == "gke-gcloud-auth-plugin")
        #expect(try config.resolve(context: "anonymous").credentials == Credentials.none)
    }

    @Test func jsonKubeconfigIsAccepted() throws {
        let json = """
            {"apiVersion":"v1","kind":"Config",
             "clusters":[{"name":"c","cluster":{"server":"https://10.0.0.1","certificate-authority-data":"\(Self.base64(Self.caPEM))"}}],
             "users":[{"name":"u","user":{"tokenFile":"/var/token"}}],
             "contexts":[{"name":"x","context":{"cluster":"c","user":"u"}}],
             "current-context":"x"}
            """
        let resolved = try KubeconfigLoader.parse(json, source: "json").resolve(context: nil)
        #expect(resolved.server == "https://10.0.0.1")
        #expect(resolved.caPEM == Array(Self.caPEM.utf8))
        #expect(resolved.credentials == .tokenFile(path: "/var/token"))
    }

    @Test func emptyAndNullDocumentsAreEmptyConfigurations() throws {
        #expect(try KubeconfigLoader.parse("", source: "e") == Kubeconfig())
        #expect(try KubeconfigLoader.parse("# only a comment\n", source: "e") == Kubeconfig())
        #expect(try KubeconfigLoader.parse("null", source: "e") == Kubeconfig())
        let config = try KubeconfigLoader.parse("clusters: null\nusers:\ncontexts: []\ncurrent-context: \"\"\n", source: "e")
        #expect(config == Kubeconfig())
        let error = try #require(Self.capture { try config.resolve(context: nil) })
        #expect(error.code == .missingField)
        #expect(error.field == "current-context")
    }

    @Test func encodesBackToAnEquivalentDocument() throws {
        let config = try KubeconfigLoader.parse(Self.full, source: "full")
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        #expect(try KubeconfigLoader.parse(json, source: "again") == config)
    }

    @Test func simulatorKubeconfigLoadsAndResolves() throws {
        let entries = [
            SimKubeconfig.Entry(name: "east", server: "https://127.0.0.1:6443", caPEM: Self.caPEM, token: Self.secretToken),
            SimKubeconfig.Entry(name: "west", server: "https://127.0.0.1:7443", caPEM: Self.certPEM, token: "west-token"),
        ]
        let text = try SimKubeconfig.render(entries)
        #expect(text.contains("certificate-authority-data: \(Self.base64(Self.caPEM))\n"))
        let config = try KubeconfigLoader.parse(text, source: "sim")
        #expect(config == SimKubeconfig.document(entries))
        #expect(config.currentContext == "east")
        #expect(config.users.map(\.name) == ["east-admin", "west-admin"])
        let east = try config.resolve(context: nil)
        #expect(east == ResolvedCluster(
            name: "east", server: "https://127.0.0.1:6443", caPEM: Array(Self.caPEM.utf8), namespace: "default",
            credentials: .token(Self.secretToken)
        ))
        let west = try config.resolve(context: "west")
        #expect(west.server == "https://127.0.0.1:7443")
        #expect(west.caPEM == Array(Self.certPEM.utf8))
        #expect(west.credentials == .token("west-token"))
    }

    // MARK: Files and relative paths

    @Test func fileFieldsResolveRelativeToTheKubeconfigDirectory() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write(Self.caPEM, to: dir + "/conf/pki/ca.crt")
            try Self.write(Self.certPEM, to: dir + "/conf/pki/client.crt")
            try Self.write(Self.keyPEM, to: dir + "/keys/client.key")
            try Self.write(
                """
                clusters:
                - name: c
                  cluster: {server: "https://c.example", certificate-authority: pki/ca.crt}
                users:
                - name: cert
                  user: {client-certificate: ./pki/client.crt, client-key: ../keys/client.key}
                - name: file
                  user: {tokenFile: secrets/token}
                - name: plugin
                  user: {exec: {command: ./bin/auth, args: null, env: null}}
                - name: onpath
                  user: {exec: {command: aws}}
                contexts:
                - {name: cert, context: {cluster: c, user: cert}}
                - {name: file, context: {cluster: c, user: file}}
                current-context: cert
                """,
                to: dir + "/conf/kubeconfig"
            )
            let config = try KubeconfigLoader.load(path: dir + "/conf/kubeconfig")
            #expect(config.clusters[0].cluster.certificateAuthority == dir + "/conf/pki/ca.crt")
            #expect(config.users[0].user.clientKey == dir + "/keys/client.key")
            #expect(config.users[1].user.tokenFile == dir + "/conf/secrets/token")
            #expect(config.users[2].user.exec?.command == dir + "/conf/bin/auth")
            #expect(config.users[3].user.exec?.command == "aws")

            let resolved = try config.resolve(context: nil)
            #expect(resolved.caPEM == Array(Self.caPEM.utf8))
            #expect(resolved.credentials == .clientCertificate(certificatePEM: Array(Self.certPEM.utf8), keyPEM: Array(Self.keyPEM.utf8)))
            #expect(try config.resolve(context: "file").credentials == .tokenFile(path: dir + "/conf/secrets/token"))
        }
    }

    @Test func dataFieldsWinOverFileFields() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write("-----BEGIN CERTIFICATE-----\nb3RoZXI=\n-----END CERTIFICATE-----\n", to: dir + "/other.crt")
            try Self.write(
                """
                clusters:
                - name: c
                  cluster:
                    server: https://c.example
                    certificate-authority: other.crt
                    certificate-authority-data: \(Self.base64(Self.caPEM))
                users:
                - name: u
                  user:
                    client-certificate: missing.crt
                    client-certificate-data: \(Self.base64(Self.certPEM))
                    client-key: missing.key
                    client-key-data: \(Self.base64(Self.keyPEM))
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """,
                to: dir + "/kubeconfig"
            )
            let resolved = try KubeconfigLoader.load(path: dir + "/kubeconfig").resolve(context: nil)
            #expect(resolved.caPEM == Array(Self.caPEM.utf8))
            #expect(resolved.credentials == .clientCertificate(certificatePEM: Array(Self.certPEM.utf8), keyPEM: Array(Self.keyPEM.utf8)))
        }
    }

    @Test func unreadableReferencedFileNamesFieldAndPath() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write(
                """
                clusters: [{name: c, cluster: {server: "https://c.example", certificate-authority: nope/ca.crt}}]
                contexts: [{name: x, context: {cluster: c}}]
                current-context: x
                """,
                to: dir + "/kubeconfig"
            )
            let config = try KubeconfigLoader.load(path: dir + "/kubeconfig")
            let error = try #require(Self.capture { try config.resolve(context: nil) })
            #expect(error.code == .fileUnreadable)
            #expect(error.file == dir + "/kubeconfig")
            #expect(error.field == "clusters[0].cluster.certificate-authority")
            #expect(error.description.contains(dir + "/nope/ca.crt"))
            #expect(error.description.contains("No such file or directory"))
        }
    }

    @Test func missingKubeconfigFileIsUnreadable() async throws {
        try await withTemporaryDirectory { dir in
            let error = try #require(Self.capture { try KubeconfigLoader.load(path: dir + "/absent") })
            #expect(error.code == .fileUnreadable)
            #expect(error.description == "\(dir)/absent: cannot read file: No such file or directory")
        }
    }

    // MARK: Lookup order and merging

    @Test func kubeconfigListIsMergedFirstWins() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write(
                """
                clusters:
                - {name: shared, cluster: {server: "https://first.example"}}
                users:
                - {name: shared, user: {token: first}}
                contexts:
                - {name: shared, context: {cluster: shared, user: shared, namespace: one}}
                current-context: ""
                """,
                to: dir + "/a/config"
            )
            try Self.write(Self.caPEM, to: dir + "/b/ca.crt")
            try Self.write(
                """
                clusters:
                - {name: shared, cluster: {server: "https://second.example"}}
                - {name: extra, cluster: {server: "https://extra.example", certificate-authority: ca.crt}}
                users:
                - {name: shared, user: {token: second}}
                contexts:
                - {name: shared, context: {cluster: shared, user: shared, namespace: two}}
                - {name: extra, context: {cluster: extra, user: shared}}
                current-context: extra
                """,
                to: dir + "/b/config"
            )
            let environment = ["KUBECONFIG": "\(dir)/a/config::\(dir)/missing:\(dir)/b/config", "HOME": dir]
            let config = try KubeconfigLoader.loadDefault(environment: environment)
            #expect(config.clusters.map(\.name) == ["shared", "extra"])
            #expect(config.clusters[0].cluster.server == "https://first.example")
            #expect(config.users.map(\.user.token) == ["first"])
            #expect(config.contexts.map(\.context.namespace) == ["one", nil])
            #expect(config.currentContext == "extra")
            #expect(config.source == "\(dir)/a/config:\(dir)/b/config")

            let extra = try config.resolve(context: nil)
            #expect(extra.server == "https://extra.example")
            #expect(extra.caPEM == Array(Self.caPEM.utf8))
            #expect(extra.credentials == .token("first"))

            let shared = try config.resolve(context: "shared")
            #expect(shared.server == "https://first.example")
            #expect(shared.namespace == "one")
        }
    }

    @Test func kubeconfigListWithNoExistingFileIsAnError() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write("clusters: []\n", to: dir + "/.kube/config")
            let error = try #require(
                Self.capture { try KubeconfigLoader.loadDefault(environment: ["KUBECONFIG": dir + "/nope", "HOME": dir]) }
            )
            #expect(error.code == .noConfiguration)
            #expect(error.field == "KUBECONFIG")
            #expect(error.description.contains(dir + "/nope"))
        }
    }

    @Test func lookupOrderExplicitThenEnvironmentThenHomeThenInCluster() async throws {
        try await withTemporaryDirectory { dir in
            func config(_ name: String) -> String {
                "clusters: [{name: \(name), cluster: {server: \"https://\(name).example\"}}]\n"
                    + "contexts: [{name: \(name), context: {cluster: \(name)}}]\ncurrent-context: \(name)\n"
            }
            try Self.write(config("explicit"), to: dir + "/explicit")
            try Self.write(config("env"), to: dir + "/env")
            try Self.write(config("home"), to: dir + "/home/.kube/config")
            try Self.write("token-value", to: dir + "/sa/token")
            let sa = dir + "/sa"
            let inCluster = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            var environment = inCluster.merging(["KUBECONFIG": dir + "/env", "HOME": dir + "/home"]) { $1 }

            func chosen() throws -> String {
                try KubeconfigLoader.loadDefault(environment: environment, explicitPath: nil, serviceAccountDirectory: sa)
                    .resolve(context: nil).name
            }
            #expect(
                try KubeconfigLoader.loadDefault(environment: environment, explicitPath: dir + "/explicit", serviceAccountDirectory: sa)
                    .resolve(context: nil).name == "explicit"
            )
            #expect(try chosen() == "env")
            environment["KUBECONFIG"] = nil
            #expect(try chosen() == "home")
            environment["HOME"] = dir + "/nohome"
            #expect(try chosen() == KubeconfigLoader.inClusterName)
            environment = ["HOME": dir + "/nohome"]
            let error = try #require(Self.capture { try chosen() })
            #expect(error.code == .noConfiguration)
            #expect(error.description.contains(dir + "/nohome/.kube/config does not exist"))
        }
    }

    @Test func explicitPathMustExist() async throws {
        try await withTemporaryDirectory { dir in
            let error = try #require(
                Self.capture { try KubeconfigLoader.loadDefault(environment: [:], explicitPath: dir + "/missing") }
            )
            #expect(error.code == .fileUnreadable)
            #expect(error.file == dir + "/missing")
        }
    }

    // MARK: Contexts

    @Test func unknownContextIsNamed() throws {
        let config = try KubeconfigLoader.parse(Self.full, source: "/etc/kube/config")
        let error = try #require(Self.capture { try config.resolve(context: "staging") })
        #expect(error.code == .unknownContext)
        #expect(error.file == "/etc/kube/config")
        #expect(error.description.contains("context \"staging\" not found"))
        #expect(error.description.contains("prod-admin"))

        var broken = config
        broken.currentContext = "gone"
        let current = try #require(Self.capture { try broken.resolve(context: nil) })
        #expect(current.code == .unknownContext)
        #expect(current.field == "current-context")
        #expect(current.description.contains("\"gone\""))
    }

    @Test func explicitContextOverridesCurrentContext() throws {
        let config = try KubeconfigLoader.parse(Self.full, source: "full")
        #expect(try config.resolve(context: nil).name == "prod")
        #expect(try config.resolve(context: "").name == "prod")
        #expect(try config.resolve(context: "dev-viewer").name == "dev")
    }

    @Test func unknownClusterAndUserAreReported() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://c.example"}}]
            contexts:
            - {name: no-cluster, context: {cluster: gone, user: u}}
            - {name: no-user, context: {cluster: c, user: ghost}}
            """
        let config = try KubeconfigLoader.parse(text, source: "k")
        let cluster = try #require(Self.capture { try config.resolve(context: "no-cluster") })
        #expect(cluster.code == .unknownCluster)
        #expect(cluster.description == "k: contexts[0].context.cluster: cluster \"gone\" of context \"no-cluster\" not found")
        let user = try #require(Self.capture { try config.resolve(context: "no-user") })
        #expect(user.code == .unknownUser)
        #expect(user.field == "contexts[1].context.user")
    }

    @Test func serverIsNormalisedAndValidated() throws {
        func resolve(_ server: String) -> Result<String, KubeconfigError> {
            let text = "clusters: [{name: c, cluster: {server: \"\(server)\"}}]\ncontexts: [{name: x, context: {cluster: c}}]\n"
            do {
                return .success(try KubeconfigLoader.parse(text, source: "k").resolve(context: "x").server)
            } catch {
                return .failure(error)
            }
        }
        #expect(try resolve("api.example:6443").get() == "https://api.example:6443")
        #expect(try resolve("https://rancher.example/k8s/clusters/c-1/").get() == "https://rancher.example/k8s/clusters/c-1")
        #expect(try resolve("https://[fd00::1]:6443").get() == "https://[fd00::1]:6443")
        guard case .failure(let error) = resolve("ftp://api.example") else {
            Issue.record("ftp URL accepted")
            return
        }
        #expect(error.code == .invalidValue)
        #expect(error.field == "clusters[0].cluster.server")
        guard case .failure(let missing) = resolve("") else {
            Issue.record("empty server accepted")
            return
        }
        #expect(missing.code == .missingField)
    }

    @Test func halfAClientCertificateIsMissingField() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://c.example"}}]
            users: [{name: u, user: {client-certificate-data: \(Self.base64(Self.certPEM))}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            """
        let error = try #require(Self.capture { try KubeconfigLoader.parse(text, source: "k").resolve(context: "x") })
        #expect(error.code == .missingField)
        #expect(error.field == "users[0].user.client-key")
    }

    @Test func dataThatIsNotPEMIsRejected() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://c.example", certificate-authority-data: \(Self.base64("not pem"))}}]
            contexts: [{name: x, context: {cluster: c}}]
            """
        let error = try #require(Self.capture { try KubeconfigLoader.parse(text, source: "k").resolve(context: "x") })
        #expect(error.code == .invalidValue)
        #expect(error.field == "clusters[0].cluster.certificate-authority-data")
    }

    // MARK: Parse errors

    @Test func malformedYAMLNamesFileAndLine() throws {
        let text = """
            apiVersion: v1
            users:
            - name: u
              user: {token: \(Self.secretToken)
            contexts: []
            """
        let error = try #require(Self.capture { try KubeconfigLoader.parse(text, source: "/etc/k") })
        #expect(error.code == .malformed)
        #expect(error.file == "/etc/k")
        #expect(error.description.hasPrefix("/etc/k: malformed YAML at line 5, column 9: did not find expected ',' or '}'"))
        #expect(!error.description.contains(Self.secretToken))
    }

    @Test func malformedYAMLReportsTheRightLine() throws {
        let text = "clusters:\n- name: a\n  cluster: [\n    server: x\n"
        let error = try #require(Self.capture { try KubeconfigLoader.parse(text, source: "k") })
        #expect(error.code == .malformed)
        #expect(error.description.hasPrefix("k: malformed YAML at line 5, column 1:"))
        #expect(error.description.contains("flow sequence at line 3, column 12"))

        let tabs = "clusters:\n\t- name: a\n"
        let tabError = try #require(Self.capture { try KubeconfigLoader.parse(tabs, source: "k") })
        #expect(tabError.description.hasPrefix("k: malformed YAML at line 2, column 1:"))
    }

    @Test func badBase64NamesTheField() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write(
                """
                clusters:
                - name: c
                  cluster:
                    server: https://c.example
                    certificate-authority-data: "not base64!"
                """,
                to: dir + "/kubeconfig"
            )
            let error = try #require(Self.capture { try KubeconfigLoader.load(path: dir + "/kubeconfig") })
            #expect(error.code == .invalidValue)
            #expect(error.field == "clusters[0].cluster.certificate-authority-data")
            #expect(error.description == "\(dir)/kubeconfig: clusters[0].cluster.certificate-authority-data: not valid base64")
        }

        let key = """
            users:
            - {name: a, user: {token: x}}
            - {name: b, user: {client-key-data: "\(Self.secretToken)%%"}}
            """
        let keyError = try #require(Self.capture { try KubeconfigLoader.parse(key, source: "k") })
        #expect(keyError.field == "users[1].user.client-key-data")
        #expect(!keyError.description.contains(Self.secretToken))
    }

    @Test func wrongShapesNameTheField() throws {
        let noName = try #require(Self.capture { try KubeconfigLoader.parse("users:\n- user: {token: t}\n", source: "k") })
        #expect(noName.code == .missingField)
        #expect(noName.description == "k: users[0].name: required field is missing")

        let badBool = try #require(
            Self.capture { try KubeconfigLoader.parse("clusters: [{name: c, cluster: {insecure-skip-tls-verify: maybe}}]", source: "k") }
        )
        #expect(badBool.code == .invalidValue)
        #expect(badBool.field == "clusters[0].cluster.insecure-skip-tls-verify")

        let notList = try #require(Self.capture { try KubeconfigLoader.parse("contexts: {name: x}\n", source: "k") })
        #expect(notList.description == "k: contexts: expected a list")

        let topLevel = try #require(Self.capture { try KubeconfigLoader.parse("- a\n- b\n", source: "k") })
        #expect(topLevel.description == "k: expected a mapping")

        let noCommand = try #require(Self.capture { try KubeconfigLoader.parse("users: [{name: u, user: {exec: {args: []}}}]", source: "k") })
        #expect(noCommand.field == "users[0].user.exec.command")
    }

    // MARK: Remote-cluster secrets

    @Test func remoteClusterFileWithTwoClustersIsRejected() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write(
                """
                clusters:
                - {name: east, cluster: {server: "https://east.example"}}
                - {name: west, cluster: {server: "https://west.example"}}
                users: [{name: u, user: {token: t}}]
                """,
                to: dir + "/west"
            )
            let error = try #require(Self.capture { try KubeconfigLoader.loadRemoteClusterFile(path: dir + "/west") })
            #expect(error.code == .invalidValue)
            #expect(error.field == "clusters")
            #expect(error.description.contains("exactly one cluster, found 2"))
        }
    }

    @Test func remoteClusterFileNeedsAUser() async throws {
        try await withTemporaryDirectory { dir in
            try Self.write("clusters: [{name: west, cluster: {server: \"https://west.example\"}}]\n", to: dir + "/west")
            let error = try #require(Self.capture { try KubeconfigLoader.loadRemoteClusterFile(path: dir + "/west") })
            #expect(error.code == .missingField)
            #expect(error.field == "users")
        }
    }

    @Test func remoteClusterFileUsesCurrentContextOrFirstUser() async throws {
        try await withTemporaryDirectory { dir in
            let clusters = """
                clusters: [{name: west, cluster: {server: "https://api.west.example:6443", certificate-authority-data: \(Self.base64(Self.caPEM))}}]
                users:
                - {name: first, user: {token: one}}
                - {name: second, user: {token: two}}

                """
            try Self.write(clusters, to: dir + "/plain")
            let plain = try KubeconfigLoader.loadRemoteClusterFile(path: dir + "/plain")
            #expect(plain.clusterName == "west")
            #expect(plain.cluster.server == "https://api.west.example:6443")
            #expect(plain.cluster.caPEM == Array(Self.caPEM.utf8))
            #expect(plain.cluster.credentials == .token("one"))

            try Self.write(
                clusters + "contexts: [{name: ctx, context: {cluster: west, user: second, namespace: istio-system}}]\ncurrent-context: ctx\n",
                to: dir + "/withContext"
            )
            let withContext = try KubeconfigLoader.loadRemoteClusterFile(path: dir + "/withContext")
            #expect(withContext.clusterName == "west")
            #expect(withContext.cluster.credentials == .token("two"))
            #expect(withContext.cluster.namespace == "istio-system")
        }
    }

    // MARK: In-cluster

    static func serviceAccount(in dir: String, ca: Bool = true) throws -> String {
        let sa = dir + "/serviceaccount"
        try write(secretToken, to: sa + "/token")
        try write("kiali-system\n", to: sa + "/namespace")
        if ca { try write(caPEM, to: sa + "/ca.crt") }
        return sa
    }

    @Test func inClusterIPv4() async throws {
        try await withTemporaryDirectory { dir in
            let sa = try Self.serviceAccount(in: dir)
            let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            let config = try KubeconfigLoader.inCluster(environment: environment, serviceAccountDirectory: sa + "/")
            #expect(config.currentContext == "in-cluster")
            #expect(config.users[0].user.token == nil)
            #expect(config.users[0].user.tokenFile == sa + "/token")
            let resolved = try config.resolve(context: nil)
            #expect(
                resolved
                    == ResolvedCluster(
                        name: "in-cluster",
                        server: "https://10.96.0.1:443",
                        caPEM: Array(Self.caPEM.utf8),
                        namespace: "kiali-system",
                        credentials: .tokenFile(path: sa + "/token")
                    )
            )
        }
    }

    @Test func inClusterIPv6IsBracketed() async throws {
        try await withTemporaryDirectory { dir in
            let sa = try Self.serviceAccount(in: dir, ca: false)
            let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"]
            let resolved = try KubeconfigLoader.inCluster(environment: environment, serviceAccountDirectory: sa).resolve(context: nil)
            #expect(resolved.server == "https://[fd00::1]:6443")
            #expect(resolved.caPEM == nil)
        }
    }

    @Test func inClusterErrors() async throws {
        try await withTemporaryDirectory { dir in
            let noHost = try #require(Self.capture { try KubeconfigLoader.inCluster(environment: [:], serviceAccountDirectory: dir) })
            #expect(noHost.code == .noConfiguration)
            #expect(noHost.field == "KUBERNETES_SERVICE_HOST")

            let badPort = try #require(
                Self.capture {
                    try KubeconfigLoader.inCluster(
                        environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "https"],
                        serviceAccountDirectory: dir
                    )
                }
            )
            #expect(badPort.code == .invalidValue)

            let noToken = try #require(
                Self.capture {
                    try KubeconfigLoader.inCluster(
                        environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"],
                        serviceAccountDirectory: dir
                    )
                }
            )
            #expect(noToken.code == .fileUnreadable)
            #expect(noToken.file == dir + "/token")
        }
    }

    // MARK: Secrets stay out of messages

    @Test func errorsAndDescriptionsNeverShowSecrets() async throws {
        let secret = Self.secretToken
        var errors: [KubeconfigError] = []
        let twoMethods = """
            clusters: [{name: c, cluster: {server: "https://c.example"}}]
            users: [{name: u, user: {token: \(secret), username: admin, password: \(secret)}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """
        let config = try KubeconfigLoader.parse(twoMethods, source: "k")
        errors.append(try #require(Self.capture { try config.resolve(context: nil) }))
        errors.append(try #require(Self.capture { try KubeconfigLoader.parse("users: [{name: u, user: {token: [\(secret)]}}]", source: "k") }))
        errors.append(try #require(Self.capture { try KubeconfigLoader.parse("users:\n- token: \(secret)\n  : :\n", source: "k") }))
        errors.append(try #require(Self.capture { try KubeconfigLoader.parse("a: \"\(secret)\n", source: "k") }))
        errors.append(
            try #require(Self.capture { try KubeconfigLoader.parse("users: [{name: u, user: {client-key-data: \"\(secret)\"}}]", source: "k") })
        )
        #expect(errors[0].code == .invalidValue)
        #expect(errors[0].field == "users[0].user")
        for error in errors {
            #expect(!error.description.contains(secret), "\(error)")
        }

        let user = config.users[0].user
        #expect(!"\(user)".contains(secret))
        #expect(!String(reflecting: user).contains(secret))
        #expect(!"\(config)".contains(secret))
        let resolved = ResolvedCluster(name: "c", server: "https://c", credentials: .token(secret))
        #expect(!"\(resolved)".contains(secret))
        #expect(!"\(Credentials.basic(user: "u", password: secret))".contains(secret))
        #expect(!String(reflecting: Credentials.token(secret)).contains(secret))

        try await withTemporaryDirectory { dir in
            let sa = try Self.serviceAccount(in: dir)
            try Self.write("not pem", to: sa + "/ca.crt")
            let environment = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            let config = try KubeconfigLoader.inCluster(environment: environment, serviceAccountDirectory: sa)
            let error = try #require(Self.capture { try config.resolve(context: nil) })
            #expect(error.code == .invalidValue)
            #expect(!error.description.contains(secret))
            #expect(!error.description.contains("not pem"))
        }
    }
}

