import AsyncHTTPClient
import NIOSSL

extension PrometheusError {
    /// The error for a request that got no answer: cancelled, timed out, TLS, a request the HTTP client refused to
    /// build, or unreachable.
    /// - Parameters:
    ///   - error: What the HTTP stack threw.
    ///   - url: The base URL, without user info.
    ///   - path: The API path.
    ///   - timeout: The call's time limit, for the message.
    static func transport(_ error: any Error, url: String, path: String, timeout: Duration) -> PrometheusError {
        let text = String(describing: error)
        func make(_ kind: Kind, _ message: String) -> PrometheusError {
            PrometheusError(url: url, path: path, kind: kind, message: message)
        }
        if error is CancellationError { return make(.cancelled, "") }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError { return make(.tls, text) }
        if let http = error as? HTTPClientError {
            switch http {
            case .cancelled:
                return make(.cancelled, "")
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return make(.timeout, "no answer within \(timeout) (\(text))")
            case .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown, .shutdownUnsupported:
                return make(.configuration, text)
            case .remoteConnectionClosed:
                return make(.unreachable, "the connection was closed before an answer came (\(text))")
            default:
                // AHC's own descriptions name the problem without the offending values (invalid header names or
                // values, an unsupported scheme).
                let lower = text.lowercased()
                if lower.contains("header") || lower.contains("scheme") { return make(.configuration, text) }
            }
        }
        let lower = text.lowercased()
        // Not "tls" or "ssl": connection errors quote the host name, which may well contain them.
        if lower.contains("certificate") || lower.contains("handshake") { return make(.tls, text) }
        if lower.contains("timeout") || lower.contains("timed out") || lower.contains("deadline") {
            return make(.timeout, "no answer within \(timeout) (\(text))")
        }
        let reason: String
        if lower.contains("refused") {
            reason = "connection refused"
        } else if lower.contains("reset") {
            reason = "connection reset"
        } else if lower.contains("no route") || lower.contains("network is unreachable") {
            reason = "no route to the host"
        } else if lower.contains("dnsaerror: optional") || lower.contains("dnsaaaaerror: optional") || lower.contains("unknown(host")
            || lower.contains("name or service not known") || lower.contains("nodename nor servname")
        {
            reason = "the host name does not resolve"
        } else {
            reason = "no connection"
        }
        return make(.unreachable, "\(reason) (\(text))")
    }
}
