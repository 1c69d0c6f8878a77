import Foundation
import KubeTypes
import SkoposModel

/// OpenShift's service CA operator, as workloads see it: a Service annotated
/// `service.beta.openshift.io/serving-cert-secret-name` gets that `kubernetes.io/tls` Secret, for
/// `<service>.<namespace>.svc`, signed by the cluster's service CA; a ConfigMap annotated
/// `service.beta.openshift.io/inject-cabundle: "true"` gets the CA bundle as `service-ca.crt`.
struct ServiceCAController {
    let cluster: SimCluster
    var storage: ClusterStorage { cluster.storage }

    static let secretAnnotations = ["service.beta.openshift.io/serving-cert-secret-name", "service.alpha.openshift.io/serving-cert-secret-name"]
    static let injectAnnotations = ["service.beta.openshift.io/inject-cabundle", "service.alpha.openshift.io/inject-cabundle"]
    static let originUID = "service.beta.openshift.io/originating-service-uid"
    static let originName = "service.beta.openshift.io/originating-service-name"

    /// Whether a Service asks for a serving certificate.
    static func wantsCertificate(_ service: JSONValue) -> Bool {
        secretAnnotations.contains { service[path: ["metadata", "annotations", $0]]?.stringValue?.isEmpty == false }
    }

    /// Whether a ConfigMap asks for the CA bundle.
    static func wantsBundle(_ configMap: JSONValue) -> Bool {
        injectAnnotations.contains { configMap[path: ["metadata", "annotations", $0]]?.stringValue == "true" }
    }

    /// Creates (or replaces, when it belongs to another Service) the serving-certificate Secret of a Service.
    func reconcileService(_ key: ObjectKey) {
        guard let stored = storage.get(.services, key), Self.wantsCertificate(stored.object), stored.object[path: ["metadata", "deletionTimestamp"]] == nil
        else { return }
        let service = stored.object
        guard let secretName = Self.secretAnnotations.lazy.compactMap({ service[path: ["metadata", "annotations", $0]]?.stringValue }).first else { return }
        let secretKey = ObjectKey(namespace: key.namespace, name: secretName)
        if let existing = storage.get(.secrets, secretKey)?.object,
            existing[path: ["metadata", "annotations", Self.originUID]]?.stringValue == stored.uid
        {
            return
        }
        let host = "\(key.name).\(key.namespace).svc"
        guard let serving = try? cluster.serviceCA.issueServingCertificate(commonName: host, dnsNames: [host, "\(host).cluster.local"], ipAddresses: [])
        else { return }
        // The chain as OpenShift writes it: the serving certificate, then the signer.
        let chain = [serving.certificatePEM, cluster.serviceCA.certificatePEM].map { $0.trimmingCharacters(in: .newlines) + "\n" }.joined()
        var secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
            "metadata": [
                "name": .string(secretName), "namespace": .string(key.namespace),
                "annotations": [.init(stringLiteral: Self.originUID): .string(stored.uid), .init(stringLiteral: Self.originName): .string(key.name)],
                "ownerReferences": [["apiVersion": "v1", "kind": "Service", "name": .string(key.name), "uid": .string(stored.uid)]],
            ],
            "data": ["tls.crt": .string(Data(chain.utf8).base64EncodedString()), "tls.key": .string(Data(serving.keyPEM.utf8).base64EncodedString())],
        ]
        if let type = cluster.catalog.lookup(.secrets) {
            ObjectDefaults.applyOnCreate(type, &secret, allocateClusterIP: cluster.allocateClusterIP)
        }
        let final = secret
        _ = try? storage.modify(.secrets, secretKey) { _ in .put(final) }
        // OpenShift marks the Service with the signer that signed it.
        _ = try? storage.modify(.services, key) { current in
            guard var s = current?.object, s[path: ["metadata", "annotations", "service.beta.openshift.io/serving-cert-signed-by"]] == nil else { return .none }
            s[path: ["metadata", "annotations", "service.beta.openshift.io/serving-cert-signed-by"]] = .string(cluster.serviceCA.commonName)
            return .put(s)
        }
    }

    /// Writes the service CA bundle into an annotated ConfigMap.
    func reconcileConfigMap(_ key: ObjectKey) {
        let bundle = cluster.serviceCA.certificatePEM.trimmingCharacters(in: .newlines) + "\n"
        _ = try? storage.modify(.configMaps, key) { current in
            guard var cm = current?.object, Self.wantsBundle(cm), cm[path: ["data", "service-ca.crt"]]?.stringValue != bundle else { return .none }
            var data = cm["data"]?.objectValue ?? [:]
            data["service-ca.crt"] = .string(bundle)
            cm["data"] = .object(data)
            return .put(cm)
        }
    }
}
