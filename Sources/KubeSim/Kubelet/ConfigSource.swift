import KubeTypes
import SkoposModel

/// The data of a ConfigMap (`data`, and base64 `binaryData`) or a Secret (base64 `data`) that a pod refers to, by
/// key, as environment references and volumes read it.
enum ConfigSource: String {
    case configMap = "configmap"
    case secret

    /// The object's data; `nil` when it does not exist.
    func data(name: String, namespace: String, storage: ClusterStorage) -> [String: [UInt8]]? {
        switch self {
        case .configMap:
            guard let cm = storage.get(.configMaps, ObjectKey(namespace: namespace, name: name))?.object else { return nil }
            var data: [String: [UInt8]] = (cm["data"]?.objectValue ?? [:]).compactMapValues { $0.stringValue.map { Array($0.utf8) } }
            for (k, v) in cm["binaryData"]?.objectValue ?? [:] { data[k] = v.stringValue.flatMap(Base64.decode) }
            return data
        case .secret:
            guard let secret = storage.get(.secrets, ObjectKey(namespace: namespace, name: name))?.object else { return nil }
            return (secret["data"]?.objectValue ?? [:]).compactMapValues { $0.stringValue.flatMap(Base64.decode) }
        }
    }

    /// What the kubelet says when the object is missing.
    func notFound(_ name: String) -> String { "\(rawValue) \"\(name)\" not found" }
}
