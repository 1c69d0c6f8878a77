import Foundation
import SimTestSupport
import Testing

/// `skopos sim --run-image`: pods of an image run as local processes, reached through the API server's proxies and
/// the router, with their volumes, probes, restarts, logs and deletion as a kubelet handles them.
@Suite("Running pods", .serialized)
struct RunningPodTests {
    /// A real interpreter (not a shim that needs the user's HOME): pods get a HOME of their own.
    static var python: String? {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }

    /// The pod's program: an HTTP(S) server on the pod's address that reports what it sees and serves its files.
    static let server = """
        import http.server, os, ssl
        root = os.environ["SKOPOS_MOUNT_ROOT"]
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                code = 200
                if self.path.startswith("/file/"):
                    try:
                        body = open(root + "/" + self.path[6:], "rb").read()
                    except OSError as e:
                        body, code = str(e).encode(), 404
                else:
                    body = ("pod=%s host=%s proto=%s port=%s" % (os.environ.get("POD_NAME"), self.headers.get("Host"),
                            self.headers.get("X-Forwarded-Proto"), self.headers.get("X-Forwarded-Port"))).encode()
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, fmt, *args):
                print("GET " + self.path, flush=True)
        s = http.server.HTTPServer((os.environ["POD_IP"], int(os.environ.get("PORT", "8080"))), H)
        if os.environ.get("TLS_DIR"):
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(root + os.environ["TLS_DIR"] + "/tls.crt", root + os.environ["TLS_DIR"] + "/tls.key")
            s.socket = ctx.wrap_socket(s.socket, server_side=True)
        print("serving", flush=True)
        s.serve_forever()
        """

    static func deployment(name: String, replicas: Int, port: Int, tls: Bool, extraSecret: String?) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: default}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)}}
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: server
                image: example.com/tools/python:3.11
                args: ["app/server.py"]
                env:
                - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                - {name: PORT, value: "\(port)"}
                \(tls ? "- {name: TLS_DIR, value: /etc/tls}" : "")
                ports: [{containerPort: \(port), name: web}]
                readinessProbe: {httpGet: {path: /, port: web\(tls ? ", scheme: HTTPS" : "")}, periodSeconds: 1}
                volumeMounts:
                - {name: app, mountPath: /app}
                \(tls ? "- {name: tls, mountPath: /etc/tls}" : "")
                \(extraSecret != nil ? "- {name: extra, mountPath: /etc/extra}" : "")
              volumes:
              - {name: app, configMap: {name: server, items: [{key: server.py, path: server.py}, {key: greeting, path: greeting}]}}
              \(tls ? "- {name: tls, secret: {secretName: \(name)-tls}}" : "")
              \(extraSecret.map { "- {name: extra, secret: {secretName: \($0)}}" } ?? "")
        """
    }

    @Test("Pods run as processes on their own addresses: volumes, probes, proxies, the router's three modes, restarts, logs, deletion, SIGKILL")
    func podsRun() async throws {
        let python = try #require(Self.python, "python3 is needed as the pods' program")
        try await withTemporaryDirectory { dir in
            let sim = try await SimProcess.start([
                "--clusters", "east", "--no-mesh", "--dir", dir + "/sim", "--run-image", "example.com/tools/python=\(python)",
            ])
            defer { sim.kill() }
            let podsDir = dir + "/sim/pods/east"
            let k = Kubectl(kubeconfig: dir + "/sim/kubeconfig", home: dir)
            let routerPort = try #require(sim.lines.first { $0.hasPrefix("east:") }?.split(separator: ":").last.map(String.init))
            let script = Self.server.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
            try await k.check(["apply", "-f", "-"], stdin: """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: server, namespace: default}
                data:
                  greeting: hello
                  server.py: |
                \(script)
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: default
                spec:
                  selector: {app: web}
                  ports: [{name: web, port: 80, targetPort: web}]
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: secure
                  namespace: default
                  annotations: {service.beta.openshift.io/serving-cert-secret-name: secure-tls}
                spec:
                  selector: {app: secure}
                  ports: [{name: web, port: 443, targetPort: web}]
                ---
                \(Self.deployment(name: "web", replicas: 2, port: 8080, tls: false, extraSecret: "web-extra"))
                ---
                \(Self.deployment(name: "secure", replicas: 1, port: 8443, tls: true, extraSecret: nil))
                ---
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata: {name: plain, namespace: default}
                spec: {to: {kind: Service, name: web}, port: {targetPort: web}, tls: {termination: edge}}
                ---
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata: {name: reencrypt, namespace: default}
                spec: {to: {kind: Service, name: secure}, port: {targetPort: web}, tls: {termination: reencrypt}}
                ---
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata: {name: passthrough, namespace: default}
                spec: {to: {kind: Service, name: secure}, port: {targetPort: web}, tls: {termination: passthrough}}
                ---
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata: {name: mismatch, namespace: default}
                spec: {to: {kind: Service, name: web}, port: {targetPort: web}, tls: {termination: reencrypt}}
                """)

            // A missing Secret keeps the pods in ContainerCreating; they start once it exists.
            try await RunningPodsSupport.poll("web pods waiting for their Secret") {
                let reasons = try await k.check(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.containerStatuses[0].state.waiting.reason}"])
                return reasons.split(separator: " ").count == 2 && reasons.split(separator: " ").allSatisfy { $0 == "ContainerCreating" }
            }
            let message = try await k.check(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].status.containerStatuses[0].state.waiting.message}"])
            #expect(message.contains("secret \"web-extra\" not found"), "\(message)")
            try await k.check(["create", "secret", "generic", "web-extra", "--from-literal=token=s3cret"])
            try await k.check(["rollout", "status", "deployment/web", "--timeout=60s"])
            try await k.check(["rollout", "status", "deployment/secure", "--timeout=60s"])
            try await k.check(["wait", "--for=condition=Ready", "pod", "-l", "app=web", "--timeout=30s"])

            // Each pod its own loopback address; Endpoints list them.
            let ips = try await k.check(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}"]).split(separator: " ").map(String.init)
            #expect(ips.count == 2 && Set(ips).count == 2 && ips.allSatisfy { $0.hasPrefix("127.") && !$0.hasPrefix("127.0.0.") }, "\(ips)")
            let endpointIPs = try await k.check(["get", "endpoints", "web", "-o", "jsonpath={.subsets[0].addresses[*].ip}"]).split(separator: " ").map(String.init)
            #expect(Set(endpointIPs) == Set(ips))
            let pods = try await k.check(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}"]).split(separator: " ").map(String.init)
            let pod = try #require(pods.first)

            // The API server's proxies reach the pod; its volumes are laid out as the kubelet does.
            let hello = try await k.check(["get", "--raw", "/api/v1/namespaces/default/pods/\(pod):8080/proxy/"])
            #expect(hello.hasPrefix("pod=\(pod) "), "\(hello)")
            #expect(try await k.check(["get", "--raw", "/api/v1/namespaces/default/pods/\(pod):8080/proxy/file/etc/extra/token"]) == "s3cret")
            #expect(try await k.check(["get", "--raw", "/api/v1/namespaces/default/services/web:web/proxy/file/app/greeting"]) == "hello")
            let token = try await k.check(["get", "--raw", "/api/v1/namespaces/default/pods/\(pod):8080/proxy/file/var/run/secrets/kubernetes.io/serviceaccount/token"])
            let review = try await k.check(["create", "-f", "-", "-o", "jsonpath={.status.user.username}"], stdin: """
                {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "\(token)"}}
                """)
            #expect(review == "system:serviceaccount:default:default")
            let link = try FileManager.default.destinationOfSymbolicLink(atPath: try #require(
                try FileManager.default.contentsOfDirectory(atPath: podsDir).first { $0.contains("_\(pod)_") }.map { "\(podsDir)/\($0)/volumes/app/..data" }))
            #expect(link.hasPrefix(".."))
            // A ConfigMap update reaches the mounted files.
            try await k.check(["patch", "configmap", "server", "--type=merge", "-p", #"{"data":{"greeting":"bonjour"}}"#])
            try await RunningPodsSupport.poll("the updated greeting") {
                (try? await k.check(["get", "--raw", "/api/v1/namespaces/default/pods/\(pod):8080/proxy/file/app/greeting"])) == "bonjour"
            }

            // The router: edge, reencrypt (backend verified as secure.default.svc) and passthrough (TLS by the pod).
            func route(_ name: String, _ extra: [String] = []) async throws -> (status: Int32, stdout: String, stderr: String) {
                let host = "\(name)-default.apps.east.skopos.test"
                return try await runProcess(
                    ["curl", "-sS", "-k", "--max-time", "20", "--connect-to", "\(host):443:127.0.0.1:\(routerPort)"] + extra + ["https://\(host)/"])
            }
            let edge = try await route("plain")
            #expect(edge.stdout.hasPrefix("pod=web-") && edge.stdout.contains("host=plain-default.apps.east.skopos.test proto=https port=\(routerPort)"), "\(edge)")
            let reencrypt = try await route("reencrypt")
            #expect(reencrypt.stdout.hasPrefix("pod=secure-") && reencrypt.stdout.contains("proto=https"), "\(reencrypt)")
            let passthrough = try await route("passthrough")
            #expect(passthrough.stdout.hasPrefix("pod=secure-") && passthrough.stdout.contains("proto=None"), "\(passthrough)")
            let issuer = try await route("passthrough", ["-v", "-o", "/dev/null"])
            #expect(issuer.stderr.contains("openshift-service-serving-signer"), "the pod's own certificate reaches the client")
            let mismatch = try await route("mismatch", ["-o", "/dev/null", "-w", "%{http_code}"])
            #expect(mismatch.stdout == "502", "reencrypt to a plain HTTP backend fails as OpenShift's does")

            // Logs; killing the process restarts the container and keeps the previous log.
            let logs = try await k.check(["logs", pod])
            #expect(logs.contains("serving") && logs.contains("GET /"))
            let followed = try k.start(["logs", "-f", pod, "--tail=1"])
            try await followed.waitForOutput(containing: "GET")
            _ = try await k.run(["get", "--raw", "/api/v1/namespaces/default/pods/\(pod):8080/proxy/file/followed-marker"])  // a 404, logged
            try await followed.waitForOutput(containing: "GET /file/followed-marker")
            followed.terminate()
            let pid = try #require(RunningPodsSupport.commandPID(pod: pod, under: podsDir, containing: "server.py"))
            kill(pid, SIGKILL)
            try await RunningPodsSupport.poll("a restart") {
                try await k.check(["get", "pod", pod, "-o", "jsonpath={.status.containerStatuses[0].restartCount}"]) == "1"
            }
            try await k.check(["wait", "--for=condition=Ready", "pod/\(pod)", "--timeout=30s"])
            let previous = try await k.check(["logs", pod, "--previous"])
            #expect(previous.contains("serving"))
            let lastState = try await k.check(["get", "pod", pod, "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}"])
            #expect(lastState == "137")

            // Deleting a pod stops its process (SIGTERM) before the object goes; the ReplicaSet replaces it.
            try await k.check(["delete", "pod", pod, "--wait=true", "--timeout=30s"])
            #expect(RunningPodsSupport.commandPID(pod: pod, under: podsDir, containing: "server.py") == nil)
            try await k.check(["rollout", "status", "deployment/web", "--timeout=60s"])

            // A Route to pods that do not run answers 503 and the router dials nothing outside the loopback network.
            try await k.check(["apply", "-f", "-"], stdin: """
                apiVersion: v1
                kind: Service
                metadata: {name: ghost, namespace: default}
                spec: {ports: [{name: web, port: 80}]}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: ghost, namespace: default}
                subsets: [{addresses: [{ip: 10.1.2.3}], ports: [{name: web, port: 80}]}]
                ---
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata: {name: ghost, namespace: default}
                spec: {to: {kind: Service, name: ghost}, tls: {termination: edge}}
                """)
            let ghost = try await route("ghost")
            #expect(ghost.stdout.contains("do not run in the simulator"), "\(ghost)")

            // SIGKILL to the simulator: no pod process outlives it.
            #expect(!RunningPodsSupport.processes(under: podsDir).isEmpty)
            kill(sim.process.processIdentifier, SIGKILL)
            try await RunningPodsSupport.poll("pod processes to end after the simulator was killed", timeout: .seconds(20)) {
                RunningPodsSupport.processes(under: podsDir).isEmpty
            }
        }
    }
}
