import Foundation
import KubeTypes
import SimTestSupport
import SkoposModel
import Testing

@testable import KubeSim

/// The real kubectl, driving `skopos sim` clusters: the judge of the simulator's fidelity.
@Suite(.serialized)
struct KubectlTests {
    static let manifest = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            istio-injection: enabled
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: shop
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web, version: v1}
            spec:
              serviceAccountName: web
              containers:
              - name: web
                image: registry.example/web:1.0
                ports:
                - {containerPort: 8080, name: http}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: http}
        ---
        apiVersion: kiali.io/v1alpha1
        kind: Kiali
        metadata:
          name: kiali
          namespace: shop
        spec:
          version: default
        """

    static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    @Test(arguments: Kubectl.all) func applyGetSelectorsAnnotateRolloutAndDelete(kubectl: String) async throws {
        try await withSimulator(clusters: ["east", "west"]) { sim in
            let k = sim.kubectl(kubectl)
            let applied = try await k.check(["--context", "east", "apply", "-f", "-"], stdin: Self.manifest)
            for line in ["namespace/shop created", "serviceaccount/web created", "deployment.apps/web created", "service/web created", "kiali.kiali.io/kiali created"] {
                #expect(applied.contains(line), "apply printed: \(applied)")
            }
            // A second apply finds nothing to change.
            let again = try await k.check(["--context", "east", "apply", "-f", "-"], stdin: Self.manifest)
            #expect(again.contains("deployment.apps/web unchanged"))
            #expect(again.contains("kiali.kiali.io/kiali unchanged"))
            // A changed manifest is patched (strategic merge for the Deployment).
            let changed = try await k.check(["--context", "east", "apply", "-f", "-"], stdin: Self.manifest.replacingOccurrences(of: "replicas: 2", with: "replicas: 3"))
            #expect(changed.contains("deployment.apps/web configured"))

            let rollout = try await k.run(["--context", "east", "rollout", "status", "deployment/web", "-n", "shop", "--timeout=30s"])
            #expect(rollout.succeeded, "\(rollout)")
            #expect(rollout.stdout.contains("successfully rolled out"))

            let deployment = try Self.json(try await k.check(["--context", "east", "get", "deployment", "web", "-n", "shop", "-o", "json"]))
            #expect(deployment[path: ["spec", "replicas"]] == 3)
            #expect(deployment[path: ["status", "readyReplicas"]] == 3)
            #expect(deployment[path: ["metadata", "generation"]] == 2)

            let pods = try Self.json(try await k.check(["--context", "east", "get", "pods", "-n", "shop", "-l", "app=web,version in (v1)", "-o", "json"]))
            let items = pods["items"]?.arrayValue ?? []
            #expect(items.count == 3)
            for pod in items {
                #expect(pod[path: ["status", "phase"]] == "Running")
                // The namespace is labelled for injection: every pod has the sidecar.
                let names = pod[path: ["spec", "containers"]]?.arrayValue?.compactMap { $0["name"]?.stringValue }
                #expect(names == ["web", "istio-proxy"])
                #expect(pod[path: ["metadata", "ownerReferences"]]?.arrayValue?.first?["kind"] == "ReplicaSet")
            }
            let none = try await k.check(["--context", "east", "get", "pods", "-n", "shop", "-l", "app!=web", "-o", "name"])
            #expect(none.isEmpty)
            let bad = try await k.run(["--context", "east", "get", "pods", "-n", "shop", "-l", "app in (", "-o", "name"])
            #expect(!bad.succeeded)
            #expect(bad.stderr.contains("unable to parse requirement"), "\(bad)")

            // The cluster named west is another cluster: it has none of this.
            let west = try await k.run(["--context", "west", "get", "namespace", "shop"])
            #expect(!west.succeeded)
            #expect(west.stderr.contains("namespaces \"shop\" not found"))

            // annotate: refused without --overwrite once the key exists, accepted with it.
            try await k.check(["--context", "east", "annotate", "kiali", "kiali", "-n", "shop", "kiali.io/reconcile=first"])
            let refused = try await k.run(["--context", "east", "annotate", "kiali", "kiali", "-n", "shop", "kiali.io/reconcile=second"])
            #expect(!refused.succeeded)
            try await k.check(["--context", "east", "annotate", "kiali", "kiali", "-n", "shop", "--overwrite", "kiali.io/reconcile=second"])
            let annotation = try await k.check(["--context", "east", "get", "kiali", "kiali", "-n", "shop", "-o", "jsonpath={.metadata.annotations.kiali\\.io/reconcile}"])
            #expect(annotation == "second")

            // delete: the Deployment goes, and the garbage collector takes its ReplicaSet and pods.
            let deleted = try await k.check(["--context", "east", "delete", "deployment", "web", "-n", "shop", "--timeout=30s"])
            #expect(deleted.contains("deployment.apps \"web\" deleted"))
            let deadline = ContinuousClock.now + .seconds(20)
            var left = "?"
            while ContinuousClock.now < deadline {
                left = try await k.check(["--context", "east", "get", "replicasets,pods", "-n", "shop", "-o", "name"])
                if left.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(left.isEmpty, "still there: \(left)")
        }
    }

    @Test(arguments: Kubectl.all) func waitForConditionOnCustomResource(kubectl: String) async throws {
        try await withSimulator { sim in
            let k = sim.kubectl(kubectl)
            try await k.check(["--context", "east", "create", "namespace", "istio-system"])
            try await k.check(["--context", "east", "apply", "-f", "-"], stdin: """
                apiVersion: kiali.io/v1alpha1
                kind: Kiali
                metadata: {name: kiali, namespace: istio-system}
                spec: {version: default}
                """)
            let waiting = try k.start(["--context", "east", "wait", "--for=condition=Successful", "--timeout=30s", "kialis/kiali", "-n", "istio-system"])
            try await Task.sleep(for: .milliseconds(500))
            // The condition is not there yet: still waiting.
            #expect(waiting.outputSoFar.isEmpty)
            // The test plays the operator: it sets the status through the status subresource.
            let cluster = sim.cluster("east")
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            defer { Task { try? await http.shutdown() } }
            let patched = try await http.request(
                "PATCH", "/apis/kiali.io/v1alpha1/namespaces/istio-system/kialis/kiali/status",
                body: #"{"status":{"conditions":[{"type":"Successful","status":"True","reason":"Done","message":"ready"}]}}"#,
                contentType: "application/merge-patch+json"
            )
            #expect(patched.status == 200)
            let result = try await waiting.wait()
            #expect(result.succeeded, "\(result)")
            #expect(result.stdout.contains("condition met"))
            // The main resource ignores status; the status subresource ignores spec.
            let kiali = try Self.json(try await k.check(["--context", "east", "get", "kiali", "kiali", "-n", "istio-system", "-o", "json"]))
            #expect(kiali[path: ["metadata", "generation"]] == 1)
            #expect(kiali[path: ["status", "conditions"]]?.arrayValue?.first?["type"] == "Successful")
        }
    }

    @Test(arguments: Kubectl.all) func authCanIWithARestrictedServiceAccountToken(kubectl: String) async throws {
        try await withSimulator { sim in
            let k = sim.kubectl(kubectl)
            try await k.check(["--context", "east", "apply", "-f", "-"], stdin: """
                apiVersion: v1
                kind: Namespace
                metadata: {name: team}
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: reader, namespace: team}
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: reader-token
                  namespace: team
                  annotations: {kubernetes.io/service-account.name: reader}
                type: kubernetes.io/service-account-token
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: pod-reader, namespace: team}
                rules:
                - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: reader-pods, namespace: team}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
                subjects:
                - {kind: ServiceAccount, name: reader, namespace: team}
                """)
            var encoded = ""
            for _ in 0..<100 {
                encoded = try await k.check(["--context", "east", "get", "secret", "reader-token", "-n", "team", "-o", "jsonpath={.data.token}"])
                if !encoded.isEmpty { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let token = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
            #expect(!token.isEmpty)
            func canI(_ args: [String]) async throws -> Kubectl.Result {
                try await k.run(["--context", "east", "--token", token, "auth", "can-i"] + args)
            }
            let yes = try await canI(["list", "pods", "-n", "team"])
            #expect(yes.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "yes", "\(yes)")
            #expect(yes.succeeded)
            for args in [["delete", "pods", "-n", "team"], ["list", "pods", "-n", "default"], ["get", "secrets", "-n", "team"]] {
                let no = try await canI(args)
                #expect(no.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "no", "\(args): \(no)")
                #expect(!no.succeeded)
            }
            // The token really is restricted: a forbidden read fails with the server's 403 message.
            let forbidden = try await k.run(["--context", "east", "--token", token, "get", "secrets", "-n", "team"])
            #expect(forbidden.stderr.contains("User \"system:serviceaccount:team:reader\" cannot list resource \"secrets\""), "\(forbidden)")
            // Deleting the Secret revokes its token.
            try await k.check(["--context", "east", "delete", "secret", "reader-token", "-n", "team"])
            let revoked = try await k.run(["--context", "east", "--token", token, "get", "pods", "-n", "team"])
            #expect(revoked.stderr.contains("Unauthorized"), "\(revoked)")
        }
    }

    @Test(arguments: Kubectl.all) func getWatchSeesAChange(kubectl: String) async throws {
        try await withSimulator { sim in
            let k = sim.kubectl(kubectl)
            try await k.check(["--context", "east", "create", "configmap", "first", "-n", "default", "--from-literal=a=1"])
            let watch = try k.start(["--context", "east", "get", "configmaps", "-n", "default", "--watch", "-o", "name"])
            defer { watch.terminate() }
            try await watch.waitForOutput(containing: "configmap/first")
            try await k.check(["--context", "east", "create", "configmap", "second", "-n", "default", "--from-literal=b=2"])
            try await watch.waitForOutput(containing: "configmap/second")
        }
    }

    @Test(arguments: Kubectl.all) func badInputGetsRealErrorsAndLosesNothing(kubectl: String) async throws {
        try await withSimulator { sim in
            let k = sim.kubectl(kubectl)
            try await k.check(["--context", "east", "create", "configmap", "keep", "-n", "default", "--from-literal=a=1"])
            let badName = try await k.run(["--context", "east", "create", "configmap", "Bad_Name", "-n", "default"])
            #expect(badName.stderr.contains("is invalid"), "\(badName)")
            #expect(badName.stderr.contains("RFC 1123"), "\(badName)")
            let noNamespace = try await k.run(["--context", "east", "create", "configmap", "x", "-n", "missing"])
            #expect(noNamespace.stderr.contains("namespaces \"missing\" not found"), "\(noNamespace)")
            let unknownKind = try await k.run(["--context", "east", "apply", "-f", "-"], stdin: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")
            #expect(!unknownKind.succeeded)
            #expect(unknownKind.stderr.contains("Widget"), "\(unknownKind)")
            let badSelector = try await k.run(["--context", "east", "get", "deployments", "-A", "-l", "a==b==c"])
            #expect(!badSelector.succeeded)
            let invalidDeployment = try await k.run(["--context", "east", "apply", "-f", "-"], stdin: """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: broken, namespace: default}
                spec:
                  selector: {matchLabels: {app: a}}
                  template:
                    metadata: {labels: {app: b}}
                    spec: {containers: [{name: c, image: i}]}
                """)
            #expect(invalidDeployment.stderr.contains("`selector` does not match template `labels`"), "\(invalidDeployment)")
            let kept = try await k.check(["--context", "east", "get", "configmap", "keep", "-n", "default", "-o", "jsonpath={.data.a}"])
            #expect(kept == "1")
        }
    }
}

/// Custom resources end to end, and the API's error answers checked on the wire.
@Suite(.serialized)
struct CustomResourceAndErrorTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  status: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """

    @Test(arguments: Kubectl.all) func aNewCRDIsServedAndItsResourcesGoWithIt(kubectl: String) async throws {
        try await withSimulator { sim in
            let k = sim.kubectl(kubectl)
            try await k.check(["--context", "east", "apply", "-f", "-"], stdin: Self.crd)
            try await k.check(["--context", "east", "wait", "--for", "condition=established", "crd/widgets.example.com", "--timeout=20s"])
            try await k.check(["--context", "east", "apply", "-f", "-"], stdin: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: {size: 3}\n")
            let table = try await k.check(["--context", "east", "get", "wd", "-n", "default"])
            let rows = table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.first == ["NAME", "SIZE"])
            #expect(rows.dropFirst().first == ["w1", "3"])
            try await k.check(["--context", "east", "delete", "crd", "widgets.example.com"])
            try await k.check(["--context", "east", "apply", "-f", "-"], stdin: Self.crd)
            try await k.check(["--context", "east", "wait", "--for", "condition=established", "crd/widgets.example.com", "--timeout=20s"])
            let after = try await k.check(["--context", "east", "get", "widgets", "-n", "default", "-o", "name"])
            #expect(after.isEmpty, "custom resources outlived their CRD: \(after)")
        }
    }

    @Test func errorsOnTheWire() async throws {
        try await withSimulator { sim in
            let cluster = sim.cluster("east")
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            let anonymous = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: "not-a-token")
            defer { Task { try? await http.shutdown(); try? await anonymous.shutdown() } }
            let path = "/api/v1/namespaces/default/configmaps"
            let malformed = try await http.request("POST", path, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"#)
            #expect(malformed.status == 400)
            #expect(malformed.json?["kind"] == "Status")
            #expect(malformed.json?["message"]?.stringValue?.contains("line 1") == true)
            let badYAML = try await http.request("POST", path, body: "metadata: [unclosed", contentType: "application/yaml")
            #expect(badYAML.status == 400)
            let yaml = try await http.request("POST", path, body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  n: \"1\"\n", contentType: "application/yaml")
            #expect(yaml.status == 201)
            let rv = try #require(yaml.json?[path: ["metadata", "resourceVersion"]]?.stringValue)
            let update = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"from-yaml","resourceVersion":"\#(rv)"},"data":{"n":"2"}}"#
            #expect(try await http.request("PUT", path + "/from-yaml", body: update).status == 200)
            let stale = try await http.request("PUT", path + "/from-yaml", body: update)
            #expect(stale.status == 409)
            #expect(stale.json?["reason"] == "Conflict")
            let exists = try await http.request("POST", path, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"from-yaml"}}"#)
            #expect(exists.status == 409)
            #expect(exists.json?["reason"] == "AlreadyExists")
            let wrongKind = try await http.request("POST", path, body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}"#)
            #expect(wrongKind.status == 400)
            let unknown = try await http.request("GET", "/apis/example.com/v1/widgets")
            #expect(unknown.status == 404)
            let missing = try await http.request("GET", path + "/nope")
            #expect(missing.status == 404)
            #expect(missing.json?["message"] == #"configmaps "nope" not found"#)
            let badPatch = try await http.request("PATCH", path + "/from-yaml", body: #"[{"op":"test","path":"/data/n","value":"9"}]"#, contentType: "application/json-patch+json")
            #expect(badPatch.status == 422)
            let unauthorized = try await anonymous.request("GET", path)
            #expect(unauthorized.status == 401)
            // Nothing was lost along the way.
            let kept = try await http.request("GET", path + "/from-yaml")
            #expect(kept.json?[path: ["data", "n"]] == "2")
            let root = try await http.request("GET", path + "/kube-root-ca.crt")
            #expect(root.json?[path: ["data", "ca.crt"]]?.stringValue == cluster.caCertificatePEM)
        }
    }

    @Test func reviewsAnswerForOtherUsersAndTokens() async throws {
        try await withSimulator { sim in
            let cluster = sim.cluster("east")
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            defer { Task { try? await http.shutdown() } }
            let sar = try await http.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: #"{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"admin","resourceAttributes":{"verb":"delete","resource":"pods","namespace":"default"}}}"#)
            #expect(sar.status == 201)
            #expect(sar.json?[path: ["status", "allowed"]] == true)
            let denied = try await http.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: #"{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"developer","resourceAttributes":{"verb":"get","resource":"pods","namespace":"default"}}}"#)
            #expect(denied.json?[path: ["status", "allowed"]] == false)
            _ = try await http.request("POST", "/api/v1/namespaces/default/serviceaccounts", body: #"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"bot"}}"#)
            let tokenRequest = try await http.request("POST", "/api/v1/namespaces/default/serviceaccounts/bot/token", body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":3600}}"#)
            #expect(tokenRequest.status == 201)
            let token = try #require(tokenRequest.json?[path: ["status", "token"]]?.stringValue)
            let review = try await http.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"\#(token)"}}"#)
            #expect(review.json?[path: ["status", "authenticated"]] == true)
            #expect(review.json?[path: ["status", "user", "username"]] == "system:serviceaccount:default:bot")
            let bogus = try await http.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"\#(token.dropLast(3))abc"}}"#)
            #expect(bogus.json?[path: ["status", "authenticated"]] == false)
        }
    }
}
