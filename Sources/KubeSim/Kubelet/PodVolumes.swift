import Foundation
import KubeTypes
import SkoposModel

/// A file in a volume: its path inside the volume, its bytes and mode.
struct VolumeFile: Equatable, Sendable {
    var path: String
    var bytes: [UInt8]
    var mode: Int
}

/// What a pod's volumes hold, read from the cluster as the kubelet reads them: ConfigMaps and Secrets (with `items`,
/// `optional` and modes), projected sources, the downward API, service-account tokens; `emptyDir` and other kinds are
/// empty directories.
struct PodVolumes {
    /// A source the pod needs that does not exist yet; the pod waits in `ContainerCreating` until it does.
    struct Missing: Error, Equatable {
        var message: String
    }

    let pod: JSONValue
    let storage: ClusterStorage
    /// A bound token for the pod's service account: (audience, lifetime in seconds) → token.
    let token: (_ audience: String?, _ seconds: Int) -> String

    var namespace: String { pod[path: ["metadata", "namespace"]]?.stringValue ?? "" }

    /// The files of one volume; `nil` for a plain directory (`emptyDir` and kinds the simulator has no content for).
    func files(of volume: JSONValue) throws(Missing) -> [VolumeFile]? {
        let defaultMode = volume[path: ["configMap", "defaultMode"]]?.intValue ?? volume[path: ["secret", "defaultMode"]]?.intValue
            ?? volume[path: ["projected", "defaultMode"]]?.intValue ?? volume[path: ["downwardAPI", "defaultMode"]]?.intValue ?? 0o644
        if let source = volume["configMap"] {
            return try configMap(source, defaultMode: defaultMode)
        }
        if let source = volume["secret"] {
            return try secret(source, nameKey: "secretName", defaultMode: defaultMode)
        }
        if let source = volume["downwardAPI"] {
            return try downward(source, defaultMode: defaultMode)
        }
        if let projected = volume["projected"] {
            var all: [VolumeFile] = []
            for source in projected["sources"]?.arrayValue ?? [] {
                if let s = source["configMap"] { all += try configMap(s, defaultMode: defaultMode) }
                if let s = source["secret"] { all += try secret(s, nameKey: "name", defaultMode: defaultMode) }
                if let s = source["downwardAPI"] { all += try downward(s, defaultMode: defaultMode) }
                if let s = source["serviceAccountToken"] {
                    let seconds = max(s["expirationSeconds"]?.intValue ?? 3607, 600)
                    all.append(VolumeFile(path: s["path"]?.stringValue ?? "token", bytes: Array(token(s["audience"]?.stringValue, seconds).utf8), mode: defaultMode))
                }
                if let s = source["clusterTrustBundle"], s["optional"] != true {
                    throw Missing(message: "clusterTrustBundle sources are not served by the simulator")
                }
            }
            return all
        }
        return nil
    }

    private func configMap(_ source: JSONValue, defaultMode: Int) throws(Missing) -> [VolumeFile] {
        try files(.configMap, source, name: source["name"]?.stringValue ?? "", defaultMode: defaultMode)
    }

    private func secret(_ source: JSONValue, nameKey: String, defaultMode: Int) throws(Missing) -> [VolumeFile] {
        try files(.secret, source, name: source[nameKey]?.stringValue ?? "", defaultMode: defaultMode)
    }

    private func files(_ kind: ConfigSource, _ source: JSONValue, name: String, defaultMode: Int) throws(Missing) -> [VolumeFile] {
        guard let data = kind.data(name: name, namespace: namespace, storage: storage) else {
            if source["optional"] == true { return [] }
            throw Missing(message: kind.notFound(name))
        }
        return try select(data, source: source, kind: kind.rawValue, name: name, defaultMode: defaultMode)
    }

    /// Every key as a file, or only `items` at their paths.
    private func select(_ data: [String: [UInt8]], source: JSONValue, kind: String, name: String, defaultMode: Int) throws(Missing) -> [VolumeFile] {
        let mode = source["defaultMode"]?.intValue ?? defaultMode
        guard let items = source["items"]?.arrayValue else {
            return data.keys.sorted().map { VolumeFile(path: $0, bytes: data[$0]!, mode: mode) }
        }
        var files: [VolumeFile] = []
        for item in items {
            let key = item["key"]?.stringValue ?? ""
            guard let bytes = data[key] else {
                if source["optional"] == true { continue }
                throw Missing(message: "\(kind) \"\(name)\" has no key \"\(key)\"")
            }
            files.append(VolumeFile(path: item["path"]?.stringValue ?? key, bytes: bytes, mode: item["mode"]?.intValue ?? mode))
        }
        return files
    }

    private func downward(_ source: JSONValue, defaultMode: Int) throws(Missing) -> [VolumeFile] {
        var files: [VolumeFile] = []
        for item in source["items"]?.arrayValue ?? [] {
            guard let path = item["path"]?.stringValue else { continue }
            var value: String?
            if let field = item[path: ["fieldRef", "fieldPath"]]?.stringValue { value = PodFieldReference.value(field, pod: pod) }
            if let ref = item["resourceFieldRef"] {
                let containerName = ref["containerName"]?.stringValue
                let container = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).first { containerName == nil || $0["name"]?.stringValue == containerName } ?? [:]
                value = PodFieldReference.resource(ref, container: container)
            }
            guard let value else { throw Missing(message: "downwardAPI item \(path): unsupported field") }
            files.append(VolumeFile(path: path, bytes: Array(value.utf8), mode: item["mode"]?.intValue ?? defaultMode))
        }
        return files
    }

    /// A path inside a volume must stay inside it: relative, no `..` element.
    static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}

/// Writes a volume's files the way the kubelet's atomic writer does: the files in a timestamped directory, a `..data`
/// link to it swapped in one `rename`, and a link per top-level entry through `..data`, so that a reader sees the
/// old set or the new set, never a mix.
enum AtomicVolumeWriter {
    static func write(_ files: [VolumeFile], to directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = "..\(Timestamp.now().filter { $0.isNumber })_\(UInt32.random(in: 0...UInt32.max))"
        let payload = directory + "/" + stamp
        try fm.createDirectory(atPath: payload, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var topLevel: Set<String> = []
        for file in files where PodVolumes.isSafe(file.path) {
            let target = payload + "/" + file.path
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard fm.createFile(atPath: target, contents: Data(file.bytes), attributes: [.posixPermissions: file.mode & 0o777]) else {
                throw SimError.state("cannot write \(target)")
            }
            topLevel.insert(String(file.path.split(separator: "/")[0]))
        }
        let previous = (try? fm.destinationOfSymbolicLink(atPath: directory + "/..data")).map { directory + "/" + $0 }
        let temporary = directory + "/..data_tmp"
        try? fm.removeItem(atPath: temporary)
        try fm.createSymbolicLink(atPath: temporary, withDestinationPath: stamp)
        guard rename(temporary, directory + "/..data") == 0 else { throw SimError.state("cannot swap \(directory)/..data: errno \(errno)") }
        for entry in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where !entry.hasPrefix("..") && !topLevel.contains(entry) {
            try? fm.removeItem(atPath: directory + "/" + entry)
        }
        for entry in topLevel where (try? fm.destinationOfSymbolicLink(atPath: directory + "/" + entry)) == nil {
            try fm.createSymbolicLink(atPath: directory + "/" + entry, withDestinationPath: "..data/" + entry)
        }
        if let previous, previous != payload { try? fm.removeItem(atPath: previous) }
    }
}
