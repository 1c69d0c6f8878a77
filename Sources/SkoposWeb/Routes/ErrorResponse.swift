import Hummingbird
import NIOCore
import SkoposModel

/// Kiali's error answers (`backend.md` §1.5): `{"error": "...", "detail": "..."}`, keys left out when empty.
enum ErrorResponse {
    static func json(_ status: HTTPResponse.Status, _ message: String, detail: String = "") -> Response {
        var object: [String: JSONValue] = [:]
        if !message.isEmpty { object["error"] = .string(message) }
        if !detail.isEmpty { object["detail"] = .string(detail) }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.write(.object(object)))))
    }

    /// A bare JSON string, as Kiali's graph routes answer a 403.
    static func jsonString(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.write(.string(message)))))
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
