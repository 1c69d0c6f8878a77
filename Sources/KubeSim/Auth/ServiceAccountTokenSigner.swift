import Crypto
import Foundation
import KubeTypes
import SkoposModel

/// Issues and verifies ServiceAccount tokens as ES256 JWTs, like the real token controller and TokenRequest API.
struct ServiceAccountTokenSigner: Sendable {
    /// The signing key's raw bytes (swift-crypto's key type is not `Sendable`; its bytes are).
    let keyBytes: Data
    let issuer: String
    let keyID: String

    var key: P256.Signing.PrivateKey { (try? P256.Signing.PrivateKey(rawRepresentation: keyBytes)) ?? P256.Signing.PrivateKey() }

    init(key: P256.Signing.PrivateKey, issuer: String = "https://kubernetes.default.svc.cluster.local") {
        self.keyBytes = key.rawRepresentation
        self.issuer = issuer
        let digest = SHA256.hash(data: key.publicKey.derRepresentation)
        self.keyID = Base64URL.encode(Data(digest))
    }

    /// What a verified token says about its holder.
    struct Claims: Sendable, Equatable {
        var namespace: String
        var serviceAccountName: String
        var serviceAccountUID: String
        /// The Secret holding a legacy token; empty for bound tokens.
        var secretName: String
        /// Expiry of a bound token.
        var expiresAt: Date?
        var audiences: [String]
        /// The object a bound token is bound to (a Pod or a Secret): the token stops working when it is gone.
        var boundObject: BoundObject? = nil
    }

    /// What a token is bound to (`kubernetes.io.pod` / `kubernetes.io.secret` claims).
    struct BoundObject: Sendable, Equatable {
        /// `Pod` or `Secret`.
        var kind: String
        var name: String
        var uid: String
    }

    /// A long-lived token for a `kubernetes.io/service-account-token` Secret.
    func legacyToken(namespace: String, serviceAccount: String, serviceAccountUID: String, secretName: String) -> String {
        sign([
            "iss": "kubernetes/serviceaccount",
            "kubernetes.io/serviceaccount/namespace": .string(namespace),
            "kubernetes.io/serviceaccount/secret.name": .string(secretName),
            "kubernetes.io/serviceaccount/service-account.name": .string(serviceAccount),
            "kubernetes.io/serviceaccount/service-account.uid": .string(serviceAccountUID),
            "sub": .string("system:serviceaccount:\(namespace):\(serviceAccount)"),
        ])
    }

    /// A bound token from the TokenRequest API (`kubectl create token`).
    func boundToken(
        namespace: String, serviceAccount: String, serviceAccountUID: String, audiences: [String], expiresAt: Date, boundTo object: BoundObject? = nil
    ) -> String {
        let now = Int(Date().timeIntervalSince1970)
        var k: JSONValue = [
            "namespace": .string(namespace),
            "serviceaccount": ["name": .string(serviceAccount), "uid": .string(serviceAccountUID)],
        ]
        if let object {
            k[object.kind == "Pod" ? "pod" : "secret"] = ["name": .string(object.name), "uid": .string(object.uid)]
        }
        return sign([
            "aud": .array(audiences.map { .string($0) }),
            "exp": .int(Int(expiresAt.timeIntervalSince1970)),
            "iat": .int(now),
            "nbf": .int(now),
            "iss": .string(issuer),
            "jti": .string(UUID().uuidString.lowercased()),
            "kubernetes.io": k,
            "sub": .string("system:serviceaccount:\(namespace):\(serviceAccount)"),
        ])
    }

    private func sign(_ claims: JSONValue) -> String {
        let header: JSONValue = ["alg": "ES256", "kid": .string(keyID), "typ": "JWT"]
        let signingInput = Base64URL.encode(Data(JSONWriter.write(header))) + "." + Base64URL.encode(Data(JSONWriter.write(claims)))
        let signature = (try? key.signature(for: Data(signingInput.utf8)).rawRepresentation) ?? Data()
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Verifies the signature and reads the claims; `nil` for anything that is not a token of this signer.
    func verify(_ token: String) -> Claims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])),
            let signature = Base64URL.decode(String(parts[2])),
            let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
        else { return nil }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard key.publicKey.isValidSignature(ecdsa, for: signingInput), let claims = try? JSONParser.parse(Array(payload)) else {
            return nil
        }
        if let legacyNS = claims["kubernetes.io/serviceaccount/namespace"]?.stringValue {
            return Claims(
                namespace: legacyNS,
                serviceAccountName: claims["kubernetes.io/serviceaccount/service-account.name"]?.stringValue ?? "",
                serviceAccountUID: claims["kubernetes.io/serviceaccount/service-account.uid"]?.stringValue ?? "",
                secretName: claims["kubernetes.io/serviceaccount/secret.name"]?.stringValue ?? "",
                expiresAt: nil, audiences: []
            )
        }
        guard let k = claims["kubernetes.io"], let ns = k["namespace"]?.stringValue,
            let name = k[path: ["serviceaccount", "name"]]?.stringValue
        else { return nil }
        var bound: BoundObject?
        for (key, kind) in [("pod", "Pod"), ("secret", "Secret")] {
            if let o = k[key], let n = o["name"]?.stringValue { bound = BoundObject(kind: kind, name: n, uid: o["uid"]?.stringValue ?? "") }
        }
        return Claims(
            namespace: ns, serviceAccountName: name, serviceAccountUID: k[path: ["serviceaccount", "uid"]]?.stringValue ?? "",
            secretName: "", expiresAt: claims["exp"]?.intValue.map { Date(timeIntervalSince1970: Double($0)) },
            audiences: claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? [], boundObject: bound
        )
    }
}

