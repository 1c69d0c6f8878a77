import Foundation

/// A loopback TCP port that is free right now.
public enum FreePort {
    /// A free port chosen by the kernel.
    public static func find() throws -> Int {
        try bindLoopback(port: 0) ?? { throw LocalPrometheusError.failed("cannot bind a loopback socket to find a free port") }()
    }

    /// `preferred` when it is free on 127.0.0.1, else the next free one after it (up to 100 further).
    public static func preferring(_ preferred: Int) throws -> Int {
        for port in preferred..<min(preferred + 100, 65536) {
            if let p = try bindLoopback(port: port) { return p }
        }
        return try find()
    }

    /// Binds a loopback socket to `port` (0: any) and closes it; the port, or `nil` when it is taken.
    static func bindLoopback(port: Int) throws -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LocalPrometheusError.failed("cannot open a socket to find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
