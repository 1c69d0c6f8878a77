import Foundation
import KubeTypes
import SkoposModel

/// `--state DIR`: a cluster's identity (`identity.json`) and objects (`objects.json`), written atomically so a
/// restart resumes with the same CA, tokens, ports and objects.
enum StatePersistence {
    struct Loaded {
        var identity: ClusterIdentity
        var objects: [GroupResource: [JSONValue]]
        var resourceVersion: Int
    }

    /// Reads a state directory; `nil` when it holds no state yet.
    /// - Throws: `SimError.state` naming the file and the problem when a file exists but cannot be read.
    static func load(directory: String) throws -> Loaded? {
        let identityPath = directory + "/identity.json"
        guard FileManager.default.fileExists(atPath: identityPath) else { return nil }
        let identity: ClusterIdentity
        do {
            identity = try JSONDecoder().decode(ClusterIdentity.self, from: Data(contentsOf: URL(fileURLWithPath: identityPath)))
        } catch {
            throw SimError.state("\(identityPath): cannot read the cluster identity: \(error)")
        }
        let objectsPath = directory + "/objects.json"
        guard let data = FileManager.default.contents(atPath: objectsPath) else {
            return Loaded(identity: identity, objects: [:], resourceVersion: 1)
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(data))
        } catch {
            throw SimError.state("\(objectsPath): \(error.description)")
        }
        var objects: [GroupResource: [JSONValue]] = [:]
        for (key, list) in document["resources"]?.objectValue ?? [:] {
            let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw SimError.state("\(objectsPath): bad resource key \"\(key)\"") }
            objects[GroupResource(group: parts[0], resource: parts[1])] = list.arrayValue ?? []
        }
        return Loaded(identity: identity, objects: objects, resourceVersion: document["resourceVersion"]?.intValue ?? 1)
    }

    static func saveIdentity(_ identity: ClusterIdentity, directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(identity)), to: directory + "/identity.json", mode: 0o600)
    }

    static func saveObjects(_ objects: [GroupResource: [StoredObject]], resourceVersion: Int, directory: String) throws {
        var out = Array("{\"resourceVersion\":\(resourceVersion),\"resources\":{".utf8)
        var first = true
        for (resource, list) in objects.sorted(by: { $0.key < $1.key }) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONWriter.writeString("\(resource.group)/\(resource.resource)", into: &out)
            out += Array(":[".utf8)
            for (i, o) in list.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += o.json
            }
            out.append(UInt8(ascii: "]"))
        }
        out += Array("}}".utf8)
        try AtomicFile.write(out, to: directory + "/objects.json", mode: 0o600)
    }
}
