#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An `errno` from reading a file, shown as its `strerror` text.
struct FileReadError: Error, CustomStringConvertible {
    var code: Int32
    var description: String {
        if code == EFBIG { return "file is larger than \(KubeconfigLoader.maximumFileSize >> 20) MiB" }
        return String(cString: strerror(code))
    }
}

/// Minimal POSIX file access, so errors carry the real reason (`No such file or directory`, `Permission denied`).
enum FileSystem {
    /// Reads a whole regular file (up to ``KubeconfigLoader/maximumFileSize``).
    static func readFile(_ path: String) -> Result<[UInt8], FileReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(FileReadError(code: errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(FileReadError(code: EISDIR))
        }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileReadError(code: errno))
            }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
            if result.count > KubeconfigLoader.maximumFileSize { return .failure(FileReadError(code: EFBIG)) }
        }
        return .success(result)
    }

    /// Whether `path` does not exist (other `stat` failures count as present, so reading it reports the reason).
    static func isMissing(_ path: String) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return false }
        return errno == ENOENT || errno == ENOTDIR
    }
}
