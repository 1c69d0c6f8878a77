#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock in Unix seconds, without Foundation: the `time` of Prometheus queries and the `computedAt` of
/// health entries.
public enum UnixTime {
    /// Now, in Unix seconds with a fraction.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
