import KubeTypes
import SkoposModel
import Yams

/// Reads request bodies as JSON or YAML into `JSONValue`, with errors that say where the input is broken.
enum BodyDecoder {
    /// Decodes one document. YAML is accepted when the content type says so or the body does not look like JSON.
    static func decode(_ bytes: [UInt8], contentType: String) throws(APIError) -> JSONValue {
        if contentType.contains("protobuf") || bytes.starts(with: ProtobufDecoder.magic) {
            return try ProtobufDecoder.decode(bytes)
        }
        let isYAML = contentType.contains("yaml")
        let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if !isYAML || firstNonSpace == UInt8(ascii: "{") || firstNonSpace == UInt8(ascii: "[") {
            do {
                return try JSONParser.parse(bytes)
            } catch {
                if !isYAML {
                    throw APIError.badRequest("the body of the request could not be decoded as JSON: \(error.description)")
                }
            }
        }
        return try decodeYAML(String(decoding: bytes, as: UTF8.self))
    }

    /// Decodes a YAML document into `JSONValue`, resolving scalars by the YAML 1.1 core schema as Kubernetes' decoder does.
    static func decodeYAML(_ text: String) throws(APIError) -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw APIError.badRequest("the body of the request could not be decoded as YAML: \(error)")
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded as YAML: \(error)")
        }
        guard let node else { throw APIError.badRequest("the body of the request was empty") }
        var budget = maximumValues
        guard let value = convert(node, budget: &budget, depth: 0) else {
            throw APIError(
                .requestEntityTooLarge,
                message: "the YAML body expands to more than \(maximumValues) values or \(maximumDepth) levels (aliases or nesting); refused")
        }
        return value
    }

    /// At most this many values after alias expansion: a small document with nested aliases (a "billion laughs")
    /// would otherwise expand without bound.
    static let maximumValues = 200_000
    /// At most this deep.
    static let maximumDepth = 256

    /// Converts a composed YAML node; `nil` once the budget of values or the depth runs out.
    static func convert(_ node: Node, budget: inout Int, depth: Int) -> JSONValue? {
        budget -= 1
        guard budget >= 0, depth <= maximumDepth else { return nil }
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if let v = Bool.construct(from: scalar), scalar.tag.description.hasSuffix(":bool") { return .bool(v) }
            switch scalar.tag.description {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return Int.construct(from: scalar).map(JSONValue.int) ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return Double.construct(from: scalar).map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (k, v) in mapping {
                let key: String
                if case .scalar(let s) = k {
                    key = s.string
                } else {
                    guard let converted = convert(k, budget: &budget, depth: depth + 1) else { return nil }
                    key = JSONWriter.string(converted)
                }
                guard let value = convert(v, budget: &budget, depth: depth + 1) else { return nil }
                object[key] = value
            }
            return .object(object)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                guard let value = convert(item, budget: &budget, depth: depth + 1) else { return nil }
                items.append(value)
            }
            return .array(items)
        case .alias:
            return .null
        }
    }
}
