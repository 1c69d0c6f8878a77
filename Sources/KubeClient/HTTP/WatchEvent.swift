import Foundation
public import KubeTypes

/// One event of a watch stream, decoded in a single pass: the type first, then the object as what it really is.
public enum WatchEvent<Object: Decodable & Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Only advances the resourceVersion; `initialEventsEnd` marks the end of a watch-list's initial events.
    case bookmark(resourceVersion: String, initialEventsEnd: Bool)
    /// The server ended the watch with a Status (410 Expired, ...).
    case error(KubeStatus)

    struct Envelope: Decodable {
        var event: WatchEvent?
        var unknownType: String?

        enum CodingKeys: String, CodingKey { case type, object }

        struct BookmarkStub: Decodable {
            struct Meta: Decodable {
                var resourceVersion: String?
                var annotations: [String: String]?
            }
            var metadata: Meta?
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let type = try c.decode(String.self, forKey: .type)
            switch type {
            case "ADDED": event = .added(try c.decode(Object.self, forKey: .object))
            case "MODIFIED": event = .modified(try c.decode(Object.self, forKey: .object))
            case "DELETED": event = .deleted(try c.decode(Object.self, forKey: .object))
            case "BOOKMARK":
                let stub = try c.decode(BookmarkStub.self, forKey: .object)
                event = .bookmark(
                    resourceVersion: stub.metadata?.resourceVersion ?? "",
                    initialEventsEnd: stub.metadata?.annotations?["k8s.io/initial-events-end"] == "true"
                )
            case "ERROR": event = .error(try c.decode(KubeStatus.self, forKey: .object))
            default: unknownType = type
            }
        }
    }

    /// What a line decodes to: an event, or why it was skipped (an unknown type or an object of an unexpected shape).
    public enum Decoded: Sendable {
        case event(WatchEvent)
        case skipped(reason: String)
    }

    /// Decodes one line of a watch stream.
    public static func decode(line: [UInt8]) -> Decoded {
        decode(line: line, decoder: JSONDecoder())
    }

    static func decode(line: [UInt8], decoder: JSONDecoder) -> Decoded {
        do {
            let envelope = try decoder.decode(Envelope.self, from: Data(line))
            if let event = envelope.event { return .event(event) }
            return .skipped(reason: "unknown event type \(envelope.unknownType ?? "?")")
        } catch {
            return .skipped(reason: "undecodable event: \(error)")
        }
    }
}
