import Foundation
import KubeTypes
import SkoposModel
import Synchronization

/// `--state`: every committed change appended to `wal.jsonl` and flushed to disk before the write is acknowledged,
/// several writes per flush (group commit). A restart replays the log over the last `objects.json`, so `kill -9` at
/// any moment loses nothing that was acknowledged. Each snapshot compacts the log.
final class WriteAheadLog: Sendable {
    static let fileName = "wal.jsonl"

    private struct State {
        /// Encoded lines not yet written.
        var pending: [UInt8] = []
        var pendingRV = 0
        /// Lines written since the last compaction, for compaction.
        var written: [(rv: Int, line: [UInt8])] = []
        var durableRV = 0
        var waiters: [(rv: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var flushing = false
        var fd: Int32
        /// Where the next record goes, and how far the file has been filled with zeros ahead of it.
        var end = 0
        var preallocated = 0
        /// A thread is filling the next stretch with zeros (beyond `preallocated`, where no record goes).
        var extending = false
        var failed: String?
    }

    let path: String
    private let state: Mutex<State>

    /// Opens (creating) the log of a state directory for appending.
    init(directory: String, durableRV: Int) throws {
        path = directory + "/" + Self.fileName
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SimError.state("\(path): cannot open the write-ahead log (errno \(errno))") }
        let size = Int(lseek(fd, 0, SEEK_END))
        state = Mutex(State(durableRV: durableRV, fd: fd, end: size, preallocated: size))
    }

    deinit {
        _ = state.withLock { close($0.fd) }
    }

    /// Changes logged since the last compaction, and their size in bytes.
    var backlog: (records: Int, bytes: Int) {
        state.withLock { s in (s.written.count, s.written.reduce(0) { $0 + $1.line.count }) }
    }

    /// Records a committed change (called in commit order, under the storage lock; no I/O here).
    func record(_ event: StorageEvent) {
        var line = Array("{\"rv\":\(event.resourceVersion),\"r\":".utf8)
        JSONWriter.writeString("\(event.resource.group)/\(event.resource.resource)", into: &line)
        line += Array(",\"ns\":".utf8)
        JSONWriter.writeString(event.object.key.namespace, into: &line)
        line += Array(",\"n\":".utf8)
        JSONWriter.writeString(event.object.key.name, into: &line)
        line += Array(",\"o\":".utf8)
        line += event.type == .deleted ? Array("null".utf8) : event.object.json
        line += Array("}\n".utf8)
        state.withLock { s in
            s.pending += line
            s.pendingRV = event.resourceVersion
            s.written.append((event.resourceVersion, line))
        }
    }

    /// Returns once every change up to `rv` is on disk.
    ///
    /// Group commit without a hand-off: the first writer to find no flush under way becomes the leader and writes and
    /// syncs everything pending itself (a short blocking write on its own thread, so no other thread has to be
    /// scheduled first); writers arriving meanwhile wait, and the leader keeps flushing while any of them is not yet
    /// durable, then wakes them.
    func waitDurable(_ rv: Int) async {
        while true {
            let lead = state.withLock { s -> Bool? in
                if s.durableRV >= rv || s.failed != nil { return nil }
                if s.flushing { return false }
                s.flushing = true
                return true
            }
            guard let lead else { return }
            if lead {
                self.lead()
                continue
            }
            // A flush is under way: wait for the leader (or, if it just finished, look again at once).
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.durableRV >= rv || s.failed != nil || !s.flushing { return true }
                    s.waiters.append((rv, c))
                    return false
                }
                if now { c.resume() }
            }
        }
    }

    /// The leader's work: flush until nothing pending is awaited, waking each waiter once its change is on disk.
    private func lead() {
        // Only the leader writes: the file's offsets are its own until it lets go of `flushing`.
        while true {
            let (batch, rv, fd) = state.withLock { s -> ([UInt8], Int, Int32) in
                let b = s.pending
                s.pending = []
                return (b, s.pendingRV, s.fd)
            }
            var failure: String?
            if !batch.isEmpty, !append(batch, fd: fd) {
                failure = "\(path): write or fdatasync failed (errno \(errno))"
            }
            let (ready, again) = state.withLock { s -> ([CheckedContinuation<Void, Never>], Bool) in
                if let failure { s.failed = failure }
                if !batch.isEmpty { s.durableRV = max(s.durableRV, rv) }
                let done = s.waiters.filter { $0.rv <= s.durableRV || s.failed != nil }.map(\.continuation)
                s.waiters.removeAll { $0.rv <= s.durableRV || s.failed != nil }
                let again = !s.waiters.isEmpty && s.failed == nil
                if !again { s.flushing = false }
                return (done, again)
            }
            for c in ready { c.resume() }
            if !again { return }
        }
    }

    /// How much zero-filled space the log keeps ahead of its last record.
    static let preallocation = 8 * 1024 * 1024

    /// Writes a batch at the end of the records and syncs it. The space ahead is filled with zeros beforehand (and
    /// synced once), so a sync of new records changes no file metadata and never waits for the file system's journal
    /// (which on ext4 commits every few seconds and would stall every writer behind it). Replay stops at the zeros.
    ///
    /// The next stretch is zero-filled by a thread of its own once less than half of the current one is left, so a
    /// commit never waits for it (it used to: one 8 MiB write and fsync in the middle of a write burst); only a batch
    /// that outruns the filler waits for it.
    private func append(_ batch: [UInt8], fd: Int32) -> Bool {
        var (end, preallocated) = state.withLock { ($0.end, $0.preallocated) }
        if end + batch.count > preallocated {
            while state.withLock({ $0.extending }) { usleep(500) }
            preallocated = state.withLock { $0.preallocated }
            if end + batch.count > preallocated {
                let size = max(Self.preallocation, batch.count)
                let zeros = [UInt8](repeating: 0, count: size)
                guard Self.writeAll(zeros, fd: fd, at: preallocated), fsync(fd) == 0 else { return false }
                preallocated += size
                state.withLock { $0.preallocated = preallocated }
            }
        }
        guard Self.writeAll(batch, fd: fd, at: end), fdatasync(fd) == 0 else { return false }
        end += batch.count
        let extendFrom = state.withLock { s -> Int? in
            s.end = end
            guard !s.extending, s.preallocated - end < Self.preallocation / 2 else { return nil }
            s.extending = true
            return s.preallocated
        }
        if let extendFrom { extend(fd: fd, from: extendFrom) }
        return true
    }

    /// Fills `preallocation` bytes from `start` with zeros and syncs them, on a thread of its own, then moves the
    /// boundary. Compaction waits for it before it replaces the file.
    private func extend(fd: Int32, from start: Int) {
        let thread = Thread { [self] in
            let zeros = [UInt8](repeating: 0, count: Self.preallocation)
            let ok = Self.writeAll(zeros, fd: fd, at: start) && fsync(fd) == 0
            state.withLock { s in
                if ok && s.fd == fd && s.preallocated == start { s.preallocated = start + Self.preallocation }
                s.extending = false
            }
        }
        thread.start()
    }

    private static func writeAll(_ bytes: [UInt8], fd: Int32, at start: Int) -> Bool {
        bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = pwrite(fd, buffer.baseAddress! + offset, buffer.count - offset, off_t(start + offset))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// After `objects.json` holds everything up to `snapshotRV`: rewrites the log with the later changes only, while
    /// no flush is under way; what is pending is part of the rewrite.
    func compact(upTo snapshotRV: Int) async {
        while !state.withLock({ s -> Bool in
            if s.flushing || s.extending { return false }
            s.flushing = true
            return true
        }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.written.removeAll { $0.rv <= snapshotRV }
            let keep = s.written.flatMap(\.line)
            do {
                try AtomicFile.write(keep, to: path, mode: 0o600)
            } catch {
                s.failed = "\(path): cannot rewrite the write-ahead log: \(error)"
            }
            close(s.fd)
            s.fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            s.end = Int(lseek(s.fd, 0, SEEK_END))
            s.preallocated = s.end
            // Everything recorded is now on disk (in the snapshot or the rewritten log).
            s.pending = []
            s.durableRV = max(s.durableRV, s.pendingRV)
            let done = s.waiters.filter { $0.rv <= s.durableRV }.map(\.continuation)
            s.waiters.removeAll { $0.rv <= s.durableRV }
            s.flushing = false
            return done
        }
        for c in ready { c.resume() }
    }

    /// Applies the log's changes newer than the snapshot to its objects; a torn last line (a crash mid-write, never
    /// acknowledged) ends the replay.
    static func replay(directory: String, objects: inout [GroupResource: [JSONValue]], resourceVersion: inout Int) {
        guard let data = FileManager.default.contents(atPath: directory + "/" + fileName), !data.isEmpty else { return }
        var tables: [GroupResource: [ObjectKey: JSONValue]] = [:]
        for (resource, list) in objects {
            var table: [ObjectKey: JSONValue] = [:]
            for o in list {
                table[ObjectKey(namespace: o[path: ["metadata", "namespace"]]?.stringValue ?? "", name: o[path: ["metadata", "name"]]?.stringValue ?? "")] = o
            }
            tables[resource] = table
        }
        for line in data.split(separator: 0x0A) {
            guard let entry = try? JSONParser.parse(Array(line)), let rv = entry["rv"]?.intValue, let r = entry["r"]?.stringValue else { break }
            guard rv > resourceVersion else { continue }
            let parts = r.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { break }
            let resource = GroupResource(group: parts[0], resource: parts[1])
            let key = ObjectKey(namespace: entry["ns"]?.stringValue ?? "", name: entry["n"]?.stringValue ?? "")
            if let o = entry["o"], !o.isNull { tables[resource, default: [:]][key] = o } else { tables[resource]?[key] = nil }
            resourceVersion = rv
        }
        objects = tables.mapValues { Array($0.values) }
    }
}
