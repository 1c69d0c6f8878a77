/// The address the listeners of `skopos serve` bind (the main port and the metrics port; conventions §5).
///
/// In order: `server.address` when non-empty; else env `SKOPOS_BIND_ADDRESS` (the operator sets it to the pod IP
/// through the downward API, so pods the simulator runs on their own loopback addresses never clash); else every
/// interface.
///
/// "Every interface" is `0.0.0.0`. NIO binds `::` as a dual-stack socket only where IPv6 is enabled, and binding it
/// fails outright in containers with IPv6 disabled, which are common; `0.0.0.0` works everywhere. IPv6-only clusters
/// are served by the operator's `SKOPOS_BIND_ADDRESS` (the pod's IPv6 address) or by `server.address: "::"`.
public struct BindAddress: Sendable, Hashable, CustomStringConvertible {
    /// Where the address came from (for the start-up log).
    public enum Source: String, Sendable, Hashable {
        /// `server.address`.
        case config = "server.address"
        /// `SKOPOS_BIND_ADDRESS`.
        case environment = "SKOPOS_BIND_ADDRESS"
        /// Neither was set.
        case allInterfaces = "default"
    }

    /// The environment variable read when `server.address` is empty.
    public static let environmentVariable = "SKOPOS_BIND_ADDRESS"
    /// The host bound when nothing is configured.
    public static let allInterfacesHost = "0.0.0.0"

    /// The host to bind: an IP address or host name, IPv6 without brackets (`::1`), as NIO expects.
    public var host: String
    /// Where ``host`` came from.
    public var source: Source

    /// Creates an address.
    public init(host: String, source: Source) {
        self.host = host
        self.source = source
    }

    /// Applies the rule. Surrounding white space and IPv6 brackets (`[::1]`) are removed; a value that is empty after
    /// that counts as unset.
    /// - Parameters:
    ///   - serverAddress: `server.address` from the configuration.
    ///   - environment: The process environment (`ProcessInfo.processInfo.environment`).
    public static func resolve(serverAddress: String, environment: [String: String]) -> BindAddress {
        if let host = clean(serverAddress) { return BindAddress(host: host, source: .config) }
        if let value = environment[environmentVariable], let host = clean(value) { return BindAddress(host: host, source: .environment) }
        return BindAddress(host: allInterfacesHost, source: .allInterfaces)
    }

    private static func clean(_ value: String) -> String? {
        var host = Substring(value).trimmingPrefix(while: \.isWhitespace)
        while host.last?.isWhitespace == true { host.removeLast() }
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return host.isEmpty ? nil : String(host)
    }

    public var description: String { "\(host) (from \(source.rawValue))" }
}
