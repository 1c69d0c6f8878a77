import Foundation
import SimTestSupport
import SkoposModel
import Testing

/// kubectl's imperative commands that the seed and operators use (issue 18, item 12), with the newest kubectl on
/// `PATH` and Debian's 1.20 (which has all but `create token`).
@Suite(.serialized)
struct ImperativeKubectlTests {
    @Test(arguments: Kubectl.all) func imperativeCommands(kubectl: String) async throws {
        let old = kubectl.contains("kubectl-debian")
        try await withSimulator { sim in
            let k = sim.kubectl(kubectl)
            let ctx = ["--context", "east"]
            try await k.check(ctx + ["create", "namespace", "team"])
            // RBAC objects, sent by kubectl as protobuf.
            try await k.check(ctx + ["create", "role", "pod-reader", "--verb=get", "--verb=list", "--resource=pods", "-n", "team"])
            try await k.check(ctx + ["create", "rolebinding", "dev-reads", "--role=pod-reader", "--user=developer", "-n", "team"])
            try await k.check(ctx + ["create", "clusterrolebinding", "dev-views", "--clusterrole=view", "--user=viewer"])
            let rules = try await k.check(ctx + ["get", "role", "pod-reader", "-n", "team", "-o", "jsonpath={.rules[0].verbs}"])
            #expect(rules.contains("get") && rules.contains("list"), "\(rules)")
            let subject = try await k.check(ctx + ["get", "rolebinding", "dev-reads", "-n", "team", "-o", "json"])
            let binding = try JSONParser.parse(subject)
            #expect(binding[path: ["roleRef", "name"]] == "pod-reader")
            #expect(binding["subjects"]?.arrayValue?.first?["name"] == "developer")
            #expect(binding["subjects"]?.arrayValue?.first?["namespace"] == nil, "empty fields are left out, as the API server writes them")

            // auth can-i, for oneself and impersonating another user (--as).
            #expect(try await k.run(ctx + ["auth", "can-i", "list", "pods", "-n", "team", "--as", "developer"]).stdout.hasPrefix("yes"))
            let no = try await k.run(ctx + ["auth", "can-i", "delete", "pods", "-n", "team", "--as", "developer"])
            #expect(no.stdout.hasPrefix("no") && !no.succeeded, "\(no)")
            let forbidden = try await k.run(ctx + ["get", "secrets", "-n", "team", "--as", "developer"])
            #expect(forbidden.stderr.contains(#"User "developer" cannot list resource "secrets""#), "\(forbidden)")
            #expect(try await k.run(ctx + ["get", "pods", "-n", "team", "--as", "developer"]).succeeded)

            // Secrets and ConfigMaps from literals and files.
            try await k.check(ctx + ["create", "secret", "generic", "creds", "--from-literal=user=admin", "--from-literal=pass=s3cret", "-n", "team"])
            let pass = try await k.check(ctx + ["get", "secret", "creds", "-n", "team", "-o", "jsonpath={.data.pass}"])
            #expect(Data(base64Encoded: pass).map { String(decoding: $0, as: UTF8.self) } == "s3cret")
            try await withTemporaryDirectory { dir in
                try "line one\n".write(toFile: dir + "/app.conf", atomically: true, encoding: .utf8)
                try await k.check(ctx + ["create", "configmap", "conf", "--from-file=\(dir)/app.conf", "-n", "team"])
            }
            #expect(try await k.check(ctx + ["get", "configmap", "conf", "-n", "team", "-o", "jsonpath={.data.app\\.conf}"]) == "line one\n")

            // Tokens (kubectl 1.24 and later).
            if !old {
                try await k.check(ctx + ["create", "serviceaccount", "bot", "-n", "team"])
                let token = try await k.check(ctx + ["create", "token", "bot", "-n", "team", "--duration=1h"])
                #expect(token.split(separator: ".").count == 3, "a JWT: \(token.prefix(40))")
                // Impersonation needs the impersonate verb: a plain service account may not act as someone else.
                let refused = try await k.run(ctx + ["--token", token.trimmingCharacters(in: .whitespacesAndNewlines), "get", "pods", "-n", "team", "--as", "developer"])
                #expect(refused.stderr.contains(#"cannot impersonate resource "users""#), "\(refused)")
            }

            // label, annotate, patch in its three types, replace, delete --wait.
            try await k.check(ctx + ["label", "configmap", "conf", "tier=web", "-n", "team"])
            try await k.check(ctx + ["annotate", "configmap", "conf", "owner=platform", "-n", "team"])
            try await k.check(ctx + ["patch", "configmap", "conf", "-n", "team", "--type=merge", "-p", #"{"data":{"a":"1"}}"#])
            try await k.check(ctx + ["patch", "configmap", "conf", "-n", "team", "--type=json", "-p", #"[{"op":"add","path":"/data/b","value":"2"}]"#])
            try await k.check(ctx + ["patch", "configmap", "conf", "-n", "team", "--type=strategic", "-p", #"{"data":{"c":"3"}}"#])
            let patched = try JSONParser.parse(try await k.check(ctx + ["get", "configmap", "conf", "-n", "team", "-o", "json"]))
            #expect(patched[path: ["data", "a"]] == "1" && patched[path: ["data", "b"]] == "2" && patched[path: ["data", "c"]] == "3")
            #expect(patched[path: ["metadata", "labels", "tier"]] == "web" && patched[path: ["metadata", "annotations", "owner"]] == "platform")
            var replaced = patched.objectValue ?? [:]
            replaced["data"] = ["only": "this"]
            try await k.check(ctx + ["replace", "-f", "-"], stdin: JSONWriter.string(.object(replaced)))
            #expect(try await k.check(ctx + ["get", "configmap", "conf", "-n", "team", "-o", "jsonpath={.data}"]).contains("only"))
            try await k.check(ctx + ["delete", "configmap", "conf", "-n", "team", "--wait"])
            #expect(try await k.run(ctx + ["get", "configmap", "conf", "-n", "team"]).stderr.contains("NotFound"))
        }
    }
}
