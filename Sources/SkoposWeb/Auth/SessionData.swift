import Foundation
import SkoposModel

/// What a session cookie holds once opened (`backend.md` §4.2): `{"cluster", "expiresOn", "payload", "sessionId",
/// "strategy"}`, with `payload` `{"token"}` (token), `{"subject", "token"}` (header) or the OAuth2 token
/// `{"access_token", "token_type", "expiry"}` (openshift).
struct SessionData: Sendable, Equatable {
    var cluster: String
    var expiresOn: Date
    var token: String
    var sessionID: String
    var strategy: String
    var subject: String?

    func encoded() -> [UInt8] {
        let expiry = RFC3339.string(expiresOn)
        let payload: JSONValue
        switch strategy {
        case "openshift": payload = ["access_token": .string(token), "token_type": "Bearer", "expiry": .string(expiry)]
        case "header": payload = ["subject": .string(subject ?? ""), "token": .string(token)]
        default: payload = ["token": .string(token)]
        }
        return JSONWriter.write([
            "cluster": .string(cluster), "expiresOn": .string(expiry), "payload": payload, "sessionId": .string(sessionID),
            "strategy": .string(strategy),
        ])
    }

    /// `nil` for anything that is not a session object with a token and an expiry.
    static func decode(_ bytes: [UInt8]) -> SessionData? {
        guard let v = try? JSONParser.parse(bytes), let expiry = v["expiresOn"]?.stringValue.flatMap(RFC3339.date) else { return nil }
        let payload = v["payload"]
        guard let token = payload?["token"]?.stringValue ?? payload?["access_token"]?.stringValue, !token.isEmpty else { return nil }
        return SessionData(
            cluster: v["cluster"]?.stringValue ?? "", expiresOn: expiry, token: token, sessionID: v["sessionId"]?.stringValue ?? "",
            strategy: v["strategy"]?.stringValue ?? "", subject: payload?["subject"]?.stringValue)
    }
}
