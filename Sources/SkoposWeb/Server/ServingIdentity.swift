import Foundation
import Logging
import NIOCore
public import NIOSSL
public import ServiceLifecycle
import Synchronization

/// The main port's certificate and key (`identity.cert_file`, `identity.private_key_file`), read again when the files
/// change, so a rotated certificate is served without a restart: every TLS handshake asks for the current pair.
public final class ServingIdentity: Service, Sendable {
    public let certificatePath: String
    public let keyPath: String
    private struct Loaded: Sendable {
        var chain: [NIOSSLCertificate]
        var key: NIOSSLPrivateKey
        var fingerprint: Data
    }
    private let current: Mutex<Loaded>
    private let logger: Logger
    private let interval: Duration
    let profile: TLSProfile

    /// Reads the pair once.
    /// - Throws: ``ServeError`` naming the file that cannot be read or parsed.
    init(
        certificatePath: String, keyPath: String, pollInterval: Duration = .seconds(2), profile: TLSProfile = .fromConfig(.init()), logger: Logger
    ) throws(ServeError) {
        self.profile = profile
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.logger = logger
        self.interval = pollInterval
        self.current = Mutex(try Self.load(certificatePath, keyPath))
    }

    private static func load(_ certPath: String, _ keyPath: String) throws(ServeError) -> Loaded {
        guard let cert = FileManager.default.contents(atPath: certPath) else {
            throw ServeError("identity.cert_file: \(certPath) cannot be read")
        }
        guard let key = FileManager.default.contents(atPath: keyPath) else {
            throw ServeError("identity.private_key_file: \(keyPath) cannot be read")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(cert))
        } catch {
            throw ServeError("identity.cert_file: \(certPath) is not a PEM certificate: \(error)")
        }
        guard !chain.isEmpty else { throw ServeError("identity.cert_file: \(certPath) holds no certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(bytes: Array(key), format: .pem)
        } catch {
            throw ServeError("identity.private_key_file: \(keyPath) is not a PEM private key: \(error)")
        }
        return Loaded(chain: chain, key: privateKey, fingerprint: cert + key)
    }

    /// The TLS configuration of the main port: the TLS profile (TLS 1.2 or later), the current pair chosen at each
    /// handshake.
    public var tlsConfiguration: TLSConfiguration {
        let loaded = current.withLock { $0 }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: loaded.chain.map { .certificate($0) }, privateKey: .privateKey(loaded.key))
        profile.apply(to: &tls)
        tls.sslContextCallback = { [self] _, promise in
            let now = current.withLock { $0 }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = now.chain.map { .certificate($0) }
            override.privateKey = .privateKey(now.key)
            promise.succeed(override)
        }
        return tls
    }

    /// Reads the files again; `true` when the pair changed.
    @discardableResult
    public func reload() -> Bool {
        do {
            let fresh = try Self.load(certificatePath, keyPath)
            let changed = current.withLock { old -> Bool in
                guard old.fingerprint != fresh.fingerprint else { return false }
                old = fresh
                return true
            }
            if changed { logger.info("serving certificate reloaded", metadata: ["skopos.file": "\(certificatePath)"]) }
            return changed
        } catch {
            // A half-written pair (the Secret volume is being updated) keeps the previous one until it is whole.
            logger.warning("serving certificate not reloaded", metadata: ["error.type": "\(error)"])
            return false
        }
    }

    /// Watches the files until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                self.reload()
            }
        }
    }
}
