import Foundation
import SimTestSupport
import Testing

/// `skopos serve` deployed the way the operator deploys it (conventions, section 6), run by the simulator's kubelet
/// as a pod and reached through a reencrypt Route.
@Suite("skopos serve as a pod", .serialized)
struct ServeAsPodTests {
    static let manifests = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: istio-system}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: kiali-service-account, namespace: istio-system}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: kiali}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: ServiceAccount, name: kiali-service-account, namespace: istio-system}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kiali, namespace: istio-system}
        data:
          config.yaml: |
            auth:
              strategy: anonymous
            deployment:
              namespace: istio-system
            identity:
              cert_file: /kiali-cert/tls.crt
              private_key_file: /kiali-cert/tls.key
            external_services:
              prometheus:
                url: http://127.0.0.1:9/
            server:
              port: 20001
              observability:
                metrics:
                  port: 9090
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: kiali
          namespace: istio-system
          annotations: {service.beta.openshift.io/serving-cert-secret-name: kiali-cert-secret}
        spec:
          selector: {app.kubernetes.io/name: kiali}
          ports:
          - {name: tcp, port: 20001, targetPort: api-port}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: kiali, namespace: istio-system}
        spec:
          replicas: 2
          selector: {matchLabels: {app.kubernetes.io/name: kiali}}
          template:
            metadata: {labels: {app.kubernetes.io/name: kiali}}
            spec:
              serviceAccountName: kiali-service-account
              terminationGracePeriodSeconds: 10
              containers:
              - name: kiali
                image: quay.io/skopos/skopos:v0.1.0
                args: ["serve", "--config", "/kiali-configuration/config.yaml"]
                env:
                - name: SKOPOS_BIND_ADDRESS
                  valueFrom: {fieldRef: {fieldPath: status.podIP}}
                ports:
                - {name: api-port, containerPort: 20001}
                - {name: http-metrics, containerPort: 9090}
                readinessProbe: {httpGet: {path: /healthz, port: api-port, scheme: HTTPS}, periodSeconds: 1}
                livenessProbe: {httpGet: {path: /healthz, port: api-port, scheme: HTTPS}, initialDelaySeconds: 5, periodSeconds: 5}
                volumeMounts:
                - {name: kiali-configuration, mountPath: /kiali-configuration}
                - {name: kiali-cert, mountPath: /kiali-cert}
              volumes:
              - {name: kiali-configuration, configMap: {name: kiali}}
              - {name: kiali-cert, secret: {secretName: kiali-cert-secret}}
        ---
        apiVersion: route.openshift.io/v1
        kind: Route
        metadata: {name: kiali, namespace: istio-system}
        spec:
          to: {kind: Service, name: kiali}
          port: {targetPort: tcp}
          tls: {termination: reencrypt, insecureEdgeTerminationPolicy: Redirect}
        """

    @Test("The operator's Deployment runs: healthz through the reencrypt Route, readiness and logs in kubectl, restarts, deletion, SIGKILL")
    func serveRunsAsAPod() async throws {
        let skopos = try #require(SimProcess.binary)
        try await withTemporaryDirectory { dir in
            let sim = try await SimProcess.start([
                "--clusters", "east", "--no-mesh", "--dir", dir + "/sim", "--run-image", "quay.io/skopos/skopos=\(skopos)",
            ])
            defer { sim.kill() }
            let podsDir = dir + "/sim/pods/east"
            let k = Kubectl(kubeconfig: dir + "/sim/kubeconfig", home: dir)
            let routerPort = try #require(sim.lines.first { $0.hasPrefix("east:") }?.split(separator: ":").last.map(String.init))
            try await k.check(["apply", "-f", "-"], stdin: Self.manifests)
            try await k.check(["-n", "istio-system", "rollout", "status", "deployment/kiali", "--timeout=90s"])
            try await k.check(["-n", "istio-system", "wait", "--for=condition=Ready", "pod", "-l", "app.kubernetes.io/name=kiali", "--timeout=30s"])
            let pods = try await k.check(["-n", "istio-system", "get", "pods", "-l", "app.kubernetes.io/name=kiali", "-o", "jsonpath={.items[*].metadata.name}"])
                .split(separator: " ").map(String.init)
            #expect(pods.count == 2)
            let ips = try await k.check(["-n", "istio-system", "get", "pods", "-o", "jsonpath={.items[*].status.podIP}"]).split(separator: " ")
            #expect(Set(ips).count == 2, "two replicas side by side, each on its own address with the same ports")

            // The Route: HTTPS at the router, reencrypted to the pod, which serves the service-CA certificate.
            let caData = try await k.check(["config", "view", "--raw", "-o", "jsonpath={.clusters[0].cluster.certificate-authority-data}"])
            try #require(Data(base64Encoded: caData)).write(to: URL(fileURLWithPath: dir + "/ca.crt"))
            let host = try await k.check(["-n", "istio-system", "get", "route", "kiali", "-o", "jsonpath={.spec.host}"])
            let healthz = try await runProcess([
                "curl", "-sS", "--max-time", "20", "--cacert", dir + "/ca.crt", "--connect-to", "\(host):443:127.0.0.1:\(routerPort)",
                "-w", " %{http_code}", "https://\(host)/healthz",
            ])
            #expect(healthz.status == 0 && healthz.stdout.hasSuffix(" 200"), "\(healthz)")
            let status = try await runProcess([
                "curl", "-sS", "--max-time", "20", "--cacert", dir + "/ca.crt", "--connect-to", "\(host):443:127.0.0.1:\(routerPort)",
                "https://\(host)/api/status",
            ])
            #expect(status.stdout.contains("\"status\""), "\(status)")

            let pod = pods[0]
            let logs = try await k.check(["-n", "istio-system", "logs", pod])
            #expect(!logs.isEmpty)

            // Killing the process restarts the container; deleting the pod stops it.
            let pid = try #require(RunningPodsSupport.commandPID(pod: pod, under: podsDir, containing: "serve"))
            kill(pid, SIGKILL)
            try await RunningPodsSupport.poll("a restart") {
                try await k.check(["-n", "istio-system", "get", "pod", pod, "-o", "jsonpath={.status.containerStatuses[0].restartCount}"]) == "1"
            }
            try await k.check(["-n", "istio-system", "wait", "--for=condition=Ready", "pod/\(pod)", "--timeout=60s"])
            try await k.check(["-n", "istio-system", "delete", "pod", pod, "--wait=true", "--timeout=30s"])
            #expect(RunningPodsSupport.commandPID(pod: pod, under: podsDir, containing: "serve") == nil)
            try await k.check(["-n", "istio-system", "rollout", "status", "deployment/kiali", "--timeout=90s"])

            // SIGKILL to the simulator leaves no pod process behind.
            #expect(!RunningPodsSupport.processes(under: podsDir).isEmpty)
            kill(sim.process.processIdentifier, SIGKILL)
            try await RunningPodsSupport.poll("pod processes to end after the simulator was killed", timeout: .seconds(20)) {
                RunningPodsSupport.processes(under: podsDir).isEmpty
            }
        }
    }
}
