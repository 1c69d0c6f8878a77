/// Why a local Prometheus could not be used.
public enum LocalPrometheusError: Error, Sendable, CustomStringConvertible {
    case notInstalled(String)
    case failed(String)
    case notReady(name: String, url: String, log: String, detail: String)

    public var description: String {
        switch self {
        case .notInstalled(let tool):
            return """
                \(tool) is not installed (it is not on PATH). Install Debian's package with \
                `sudo apt-get install --no-install-recommends prometheus` (`make demo` and `make test` do this when they can), \
                or put Prometheus 2.x's prometheus and promtool on PATH.
                """
        case .failed(let message):
            return message
        case .notReady(let name, let url, let log, let detail):
            return "Prometheus \(name) did not become ready at \(url) (\(detail)); its log is \(log)"
        }
    }
}
