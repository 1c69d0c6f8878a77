import Crypto
import Foundation
import HTTPTypes
import SkoposModel
import Testing

@testable import SkoposWeb

/// Session cookies (`backend.md` §4.2, conventions §5): Kiali's AES-GCM sealing with the raw key, chunk names with
/// `~`, and deletion of exactly one cluster's cookies.
struct SessionTests {
    @Test("Sealing is AES-GCM with the raw key and the nonce first, as Kiali writes it; altered or foreign cookies do not open")
    func cipher() throws {
        let key = Array("0123456789abcdef0123456789abcdef".utf8)
        let cipher = try SessionCipher(key: key)
        let plain = Array(#"{"token":"t"}"#.utf8)
        let sealed = cipher.seal(plain)
        #expect(cipher.open(sealed) == plain)
        // Kiali's layout: nonce (12) || ciphertext || tag (16), standard base64; opened here with CryptoKit directly.
        let bytes = try #require(Base64.decode(sealed))
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: bytes.prefix(12)), ciphertext: bytes.dropFirst(12).dropLast(16), tag: bytes.suffix(16))
        #expect(Array(try AES.GCM.open(box, using: SymmetricKey(data: key))) == plain)
        // Unpadded base64 is read too.
        #expect(cipher.open(String(sealed.reversed().drop { $0 == "=" }.reversed())) == plain)
        var altered = Array(sealed.utf8)
        altered[20] = altered[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(cipher.open(String(decoding: altered, as: UTF8.self)) == nil)
        #expect(try SessionCipher(key: Array("another key of 16".utf8.prefix(16))).open(sealed) == nil)
        #expect(throws: SessionCipher.KeyError.self) { try SessionCipher(key: Array("kiali".utf8)) }
    }

    @Test("Names: kiali-token~<cluster>~<i>, ~count, ~nonce, ~pkce; odd cluster names are encoded and read back")
    func names() {
        #expect(SessionCookies.name("west", .chunk(0)) == "kiali-token~west~0")
        #expect(SessionCookies.name("west", .count) == "kiali-token~west~count")
        #expect(SessionCookies.name("west-1", .nonce) == "kiali-token~west-1~nonce")
        #expect(SessionCookies.parse("kiali-token~west-1~0")! == ("west-1", .chunk(0)))
        let odd = "api.west:6443/admin"
        let name = SessionCookies.name(odd, .chunk(2))
        #expect(!name.contains("/") && !name.contains(":"))
        #expect(SessionCookies.parse(name)! == (odd, .chunk(2)))
        #expect(SessionCookies.parse("kiali-token-west") == nil)
        #expect(SessionCookies.parse("kiali-token~west~007") == nil)
        #expect(SessionCookies.parse("kiali-token~%65ast~0") == nil, "only the canonical spelling of a cluster name")
    }

    @Test("A long session is cut into 3,584-character chunks with a count, and joined back; logout of west keeps west-1")
    func chunksAndDeletion() throws {
        let cookies = SessionCookies(path: "/kiali", secure: true)
        let sealed = String(repeating: "x", count: 3584 * 2 + 10)
        let set = cookies.store(sealed, cluster: "west", expires: Date().addingTimeInterval(60), existing: [:])
        #expect(set.count == 4)
        #expect(set.allSatisfy { $0.contains("Path=/kiali") && $0.contains("HttpOnly") && $0.contains("SameSite=Strict") && $0.contains("Secure") })
        var jar: [String: String] = [:]
        for c in set {
            let pair = c.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            jar[pair[0]] = pair[1]
        }
        #expect(jar["kiali-token~west~count"] == "3")
        jar["kiali-token~west-1~0"] = "other"
        let sessions = SessionCookies.sessions(in: jar)
        #expect(sessions["west"] == sealed && sessions["west-1"] == "other")
        // A missing chunk drops the session rather than joining a wrong string.
        var broken = jar
        broken["kiali-token~west~1"] = nil
        #expect(SessionCookies.sessions(in: broken)["west"] == nil)

        let deleted = cookies.deleteSession(cluster: "west", existing: jar).map { String($0.split(separator: "=")[0]) }
        #expect(Set(deleted) == ["kiali-token~west~0", "kiali-token~west~1", "kiali-token~west~2", "kiali-token~west~count"])
        // A shorter session later deletes the chunks the longer one left.
        let shorter = cookies.store("short", cluster: "west", expires: Date().addingTimeInterval(60), existing: jar)
        #expect(shorter.contains { $0.hasPrefix("kiali-token~west~2=;") } && shorter.contains { $0.hasPrefix("kiali-token~west~count=;") })
    }

    @Test("Session payloads read Kiali's formats: token, OAuth2 token with nanosecond expiry")
    func payload() throws {
        let openshift = #"{"cluster":"west","expiresOn":"2030-01-02T03:04:05.123456789Z","payload":{"access_token":"sha256~abc","token_type":"Bearer","expiry":"2030-01-02T03:04:05.123456789Z"},"sessionId":"s","strategy":"openshift"}"#
        let s = try #require(SessionData.decode(Array(openshift.utf8)))
        #expect(s.token == "sha256~abc" && s.cluster == "west" && s.strategy == "openshift")
        #expect(abs(s.expiresOn.timeIntervalSince1970 - 1_893_553_445.123) < 0.01)
        let round = SessionData(cluster: "east", expiresOn: Date(timeIntervalSince1970: 1_900_000_000), token: "t", sessionID: "id", strategy: "token")
        #expect(SessionData.decode(round.encoded()) == round)
        #expect(SessionData.decode(Array(#"{"expiresOn":"2030-01-01T00:00:00Z","payload":{}}"#.utf8)) == nil)
    }

    @Test("Failed login attempts: after 10 in a minute from one client, refused until the window moves; successes do not count")
    func rateLimit() {
        let limiter = LoginRateLimiter(limit: 10, window: .seconds(60))
        let t0 = ContinuousClock.now
        for i in 0..<10 {
            #expect(limiter.allows("10.0.0.1", now: t0 + .seconds(i)))
            limiter.recordFailure("10.0.0.1", now: t0 + .seconds(i))
        }
        #expect(!limiter.allows("10.0.0.1", now: t0 + .seconds(11)))
        #expect(limiter.allows("10.0.0.2", now: t0 + .seconds(11)))
        #expect(limiter.allows("10.0.0.1", now: t0 + .seconds(61)))
    }

    @Test("A JWT's subject names a token user, without system:serviceaccount:")
    func subject() {
        let payload = Base64URL.encode(Array(#"{"sub":"system:serviceaccount:istio-system:kiali"}"#.utf8))
        #expect(Authenticator.subject(ofJWT: "e30.\(payload).sig") == "istio-system:kiali")
        #expect(Authenticator.subject(ofJWT: "sha256~opaque") == nil)
        var headers = HTTPFields()
        headers[.authorization] = "Bearer abc"
        #expect(Authenticator.bearer(headers) == "abc")
    }
}
