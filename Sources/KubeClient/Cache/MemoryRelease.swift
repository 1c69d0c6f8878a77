#if canImport(Glibc)
import Glibc
#endif

/// Returns memory freed after a bulk load (the transient buffers of large LIST bodies) to the operating system.
/// glibc keeps freed heap pages otherwise, and resident memory would stay at the peak of the initial sync.
enum MemoryRelease {
    static func afterBulkLoad() {
        #if canImport(Glibc)
        // `malloc_trim` is glibc's and not in the Glibc module map: look it up at run time (absent on musl).
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
    }
}
