import Foundation
import KubeTypes
import SkoposModel

/// The token controller: fills `token`, `ca.crt` and `namespace` of a `kubernetes.io/service-account-token` Secret
/// once its ServiceAccount exists.
struct ServiceAccountTokenController: Sendable {
    let cluster: SimCluster

    var storage: ClusterStorage { cluster.storage }

    /// Whether a Secret is a legacy ServiceAccount token Secret.
    static func isTokenSecret(_ secret: JSONValue) -> Bool {
        secret["type"]?.stringValue == "kubernetes.io/service-account-token"
    }

    func reconcile(_ key: ObjectKey) {
        guard let secret = storage.get(.secrets, key)?.object, Self.isTokenSecret(secret),
            secret[path: ["data", "token"]] == nil,
            let saName = secret[path: ["metadata", "annotations", "kubernetes.io/service-account.name"]]?.stringValue,
            let sa = storage.get(.serviceAccounts, ObjectKey(namespace: key.namespace, name: saName))
        else { return }
        let token = cluster.signer.legacyToken(namespace: key.namespace, serviceAccount: saName, serviceAccountUID: sa.uid, secretName: key.name)
        let ca = cluster.caCertificatePEM
        _ = try? storage.modify(.secrets, key) { current in
            guard var s = current?.object, s[path: ["data", "token"]] == nil else { return .none }
            var data = s["data"]?.objectValue ?? [:]
            data["token"] = .string(Data(token.utf8).base64EncodedString())
            data["ca.crt"] = .string(Data(ca.utf8).base64EncodedString())
            data["namespace"] = .string(Data(key.namespace.utf8).base64EncodedString())
            s["data"] = .object(data)
            s[path: ["metadata", "annotations", "kubernetes.io/service-account.uid"]] = .string(sa.uid)
            return .put(s)
        }
    }
}
