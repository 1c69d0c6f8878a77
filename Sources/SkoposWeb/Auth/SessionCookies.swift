import Foundation
import HTTPTypes

/// The names, chunks and attributes of session cookies (conventions §5, `backend.md` §4.2).
///
/// Names keep Kiali's `kiali-token` prefix with `~` between the parts, which no cluster name may contain:
/// `kiali-token~<cluster>~<i>` for chunk `i` (from 0), `kiali-token~<cluster>~count` when there is more than one
/// chunk, and the login-flow cookies `kiali-token~<cluster>~nonce` and `kiali-token~<cluster>~pkce`. Cluster names are
/// percent-encoded where they hold characters a cookie name may not.
struct SessionCookies: Sendable {
    /// The cookie path (`server.web_root`).
    var path: String
    /// Whether to mark cookies `Secure` (the console serves TLS or its public URL is `https:`).
    var secure: Bool

    static let prefix = "kiali-token~"
    /// Kiali's chunk size (characters of the sealed string per cookie).
    static let chunkSize = 3584
    /// The most chunks a session may have on read (Kiali's bound).
    static let maxChunks = 180

    /// What a cookie is for.
    enum Part: Equatable, Sendable {
        case chunk(Int)
        case count
        case nonce
        case pkce
    }

    static func name(_ cluster: String, _ part: Part) -> String {
        let suffix: String
        switch part {
        case .chunk(let i): suffix = String(i)
        case .count: suffix = "count"
        case .nonce: suffix = "nonce"
        case .pkce: suffix = "pkce"
        }
        return prefix + encode(cluster) + "~" + suffix
    }

    /// The cluster and part a cookie name stands for; `nil` for other cookies.
    static func parse(_ name: String) -> (cluster: String, part: Part)? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let tilde = rest.lastIndex(of: "~") else { return nil }
        let raw = String(rest[..<tilde])
        let cluster = raw.removingPercentEncoding ?? ""
        let suffix = rest[rest.index(after: tilde)...]
        // Only the one spelling `encode` writes: `%65ast` is not `east`, so two cookies never claim the same chunk.
        guard !cluster.isEmpty, encode(cluster) == raw else { return nil }
        switch suffix {
        case "count": return (cluster, .count)
        case "nonce": return (cluster, .nonce)
        case "pkce": return (cluster, .pkce)
        default:
            guard let i = Int(suffix), i >= 0, i < maxChunks, String(i) == suffix else { return nil }
            return (cluster, .chunk(i))
        }
    }

    /// Cookie names are RFC 7230 tokens: letters, digits, `-`, `.` and `_` stay; every other byte is `%XX` (upper-case
    /// hex, `%` itself included), so each cluster name has exactly one spelling.
    static func encode(_ cluster: String) -> String {
        var out = ""
        for b in cluster.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// Every cookie of a request, by name (the last of duplicates wins).
    static func all(in headers: HTTPFields) -> [String: String] {
        var out: [String: String] = [:]
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let eq = trimmed.firstIndex(of: "=") else { continue }
                out[String(trimmed[..<eq])] = String(trimmed[trimmed.index(after: eq)...])
            }
        }
        return out
    }

    /// The sealed session string of each cluster found in the cookies, chunks joined in order. A session whose
    /// count is out of range or whose chunks are missing is left out.
    static func sessions(in cookies: [String: String]) -> [String: String] {
        var chunks: [String: [Int: String]] = [:]
        var counts: [String: Int] = [:]
        for (name, value) in cookies {
            guard let (cluster, part) = parse(name) else { continue }
            switch part {
            case .chunk(let i): chunks[cluster, default: [:]][i] = value
            case .count: counts[cluster] = Int(value) ?? -1
            case .nonce, .pkce: continue
            }
        }
        var out: [String: String] = [:]
        for (cluster, parts) in chunks {
            let count = counts[cluster] ?? 1
            guard (1...maxChunks).contains(count) else { continue }
            var joined = ""
            var complete = true
            for i in 0..<count {
                guard let part = parts[i] else {
                    complete = false
                    break
                }
                joined += part
            }
            if complete { out[cluster] = joined }
        }
        return out
    }

    /// `Set-Cookie` values that store a sealed session for a cluster, expiring with it, and delete chunks a longer
    /// earlier session of the same cluster left behind.
    func store(_ sealed: String, cluster: String, expires: Date, existing: [String: String]) -> [String] {
        var pieces: [Substring] = []
        var rest = Substring(sealed)
        while !rest.isEmpty {
            pieces.append(rest.prefix(Self.chunkSize))
            rest = rest.dropFirst(Self.chunkSize)
        }
        var out: [String] = []
        for (i, piece) in pieces.enumerated() {
            out.append(cookie(Self.name(cluster, .chunk(i)), String(piece), expires: expires, sameSite: "Strict"))
        }
        if pieces.count > 1 {
            out.append(cookie(Self.name(cluster, .count), String(pieces.count), expires: expires, sameSite: "Strict"))
        } else if existing[Self.name(cluster, .count)] != nil {
            out.append(delete(Self.name(cluster, .count)))
        }
        for name in existing.keys {
            if let (c, part) = Self.parse(name), c == cluster, case .chunk(let i) = part, i >= pieces.count { out.append(delete(name)) }
        }
        return out
    }

    /// `Set-Cookie` values deleting exactly one cluster's session: its chunks present in the request, chunk 0 and
    /// the count cookie. Another cluster whose name starts the same (`west` and `west-2`) keeps its session.
    func deleteSession(cluster: String, existing: [String: String]) -> [String] {
        var names: Set<String> = [Self.name(cluster, .chunk(0)), Self.name(cluster, .count)]
        for name in existing.keys {
            if let (c, part) = Self.parse(name), c == cluster, part != .nonce, part != .pkce { names.insert(name) }
        }
        return names.sorted().map(delete)
    }

    /// A login-flow cookie (`SameSite=Lax`: it must come back with the OAuth server's redirect).
    func flow(_ cluster: String, _ part: Part, _ value: String, lifetime: TimeInterval) -> String {
        cookie(Self.name(cluster, part), value, expires: Date().addingTimeInterval(lifetime), sameSite: "Lax")
    }

    func delete(_ name: String) -> String {
        var c = "\(name)=; Path=\(path); Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict"
        if secure { c += "; Secure" }
        return c
    }

    func cookie(_ name: String, _ value: String, expires: Date, sameSite: String) -> String {
        var c = "\(name)=\(value); Path=\(path); Expires=\(Self.httpDate(expires)); HttpOnly; SameSite=\(sameSite)"
        if secure { c += "; Secure" }
        return c
    }

    /// RFC 1123 in GMT, as `Expires` wants it.
    static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
