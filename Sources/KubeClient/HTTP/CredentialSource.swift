import Foundation
import KubeTypes
import Synchronization

/// Produces the `Authorization` header of a connection's own credentials: a static token, a token file re-read after
/// 60 s (projected tokens rotate), basic auth, or an exec plugin's token cached until it expires.
final class CredentialSource: Sendable {
    let credentials: Credentials
    private let cache = Mutex<(value: String?, expires: ContinuousClock.Instant)>((nil, .now))

    /// How long a token file's content is trusted before it is read again (client-go's value).
    static let tokenFileTTL: Duration = .seconds(60)

    init(_ credentials: Credentials) {
        self.credentials = credentials
    }

    struct CredentialError: Error, CustomStringConvertible {
        var description: String
    }

    func authorizationHeader() async throws -> String? {
        switch credentials {
        case .none, .clientCertificate:
            return nil
        case .token(let token):
            return "Bearer \(token)"
        case .basic(let user, let password):
            return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case .tokenFile(let path):
            if let cached = cachedValue() { return "Bearer \(cached)" }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialError(description: "token file \(path) cannot be read")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            store(token, for: Self.tokenFileTTL)
            return "Bearer \(token)"
        case .exec(let exec):
            if let cached = cachedValue() { return "Bearer \(cached)" }
            let (token, lifetime) = try await Self.runExec(exec)
            store(token, for: lifetime)
            return "Bearer \(token)"
        }
    }

    private func cachedValue() -> String? {
        cache.withLock { c in c.value != nil && ContinuousClock.now < c.expires ? c.value : nil }
    }

    private func store(_ value: String, for lifetime: Duration) {
        cache.withLock { $0 = (value, .now + lifetime) }
    }

    /// Runs an exec credential plugin and reads `status.token` and `status.expirationTimestamp` of its ExecCredential.
    static func runExec(_ exec: ExecConfig) async throws -> (String, Duration) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [exec.command] + exec.args
        var env = ProcessInfo.processInfo.environment
        for e in exec.env { env[e.name] = e.value }
        env["KUBERNETES_EXEC_INFO"] = #"{"apiVersion":"\#(exec.apiVersion ?? "client.authentication.k8s.io/v1")","kind":"ExecCredential","spec":{"interactive":false}}"#
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read on a thread of its own: a blocking read on the Swift concurrency pool (as few threads as cores) could
        // stall every task of the process.
        let handle = out.fileHandleForReading
        let data: Data = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        guard process.terminationStatus == 0 else {
            throw CredentialError(description: "exec plugin \(exec.command) exited with status \(process.terminationStatus)")
        }
        struct ExecCredential: Decodable {
            struct Status: Decodable {
                var token: String?
                var expirationTimestamp: String?
            }
            var status: Status?
        }
        guard let token = try JSONDecoder().decode(ExecCredential.self, from: data).status?.token else {
            throw CredentialError(description: "exec plugin \(exec.command) returned no status.token")
        }
        let expiry = (try? JSONDecoder().decode(ExecCredential.self, from: data))?.status?.expirationTimestamp
        var lifetime: Duration = .seconds(3600)
        if let expiry, let date = ISO8601DateFormatter().date(from: expiry) {
            lifetime = .seconds(max(0, date.timeIntervalSinceNow - 10))
        }
        return (token, lifetime)
    }
}
