import AsyncHTTPClient
import KubeTypes
import NIOSSL

/// Classifies an error from the HTTP stack (AsyncHTTPClient, NIO, NIOSSL) that happened before or instead of an
/// answer: unreachable, TLS, or timeout.
enum TransportFailure {
    /// The failure class and a short message for a transport error.
    static func classify(_ error: any Error) -> (kind: FailureKind, message: String) {
        let text = String(describing: error)
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return (.tls, text)
        }
        if let http = error as? HTTPClientError {
            // Header validation errors quote the offending values, which may be credentials: never pass them on.
            if http == .invalidHeaderFieldValues([]) || String(describing: http).contains("invalidHeaderField") {
                return (.configuration, "a request header held characters HTTP does not allow (its value is not shown)")
            }
            switch http {
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout, .tlsHandshakeTimeout:
                return (.timeout, text)
            default:
                break
            }
        }
        // Connection errors (refused, reset, no route) and anything else: unreachable, unless the text says TLS or
        // timeout.
        return (classifyText(text) ?? .unreachable, text)
    }

    private static func classifyText(_ text: String) -> FailureKind? {
        let lower = text.lowercased()
        if lower.contains("certificate") || lower.contains("handshake") || lower.contains("ssl") || lower.contains("tls") { return .tls }
        if lower.contains("timeout") || lower.contains("timed out") || lower.contains("deadline") { return .timeout }
        return nil
    }
}
