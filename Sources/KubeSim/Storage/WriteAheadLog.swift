import Dispatch
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
        var failed: String?
    }

    let path: String
    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "skopos.sim.wal")

    /// Opens (creating) the log of a state directory for appending.
    init(directory: String, durableRV: Int) throws {
        path = directory + "/" + Self.fileName
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SimError.state("\(path): cannot open the write-ahead log (errno \(errno))") }
        state = Mutex(State(durableRV: durableRV, fd: fd))
    }

    deinit {
        state.withLock { close($0.fd) }
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
    func waitDurable(_ rv: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let start = state.withLock { s -> Bool in
                if s.durableRV >= rv || s.failed != nil {
                    continuation.resume()
                    return false
                }
                s.waiters.append((rv, continuation))
                guard !s.flushing else { return false }
                s.flushing = true
                return true
            }
            if start { queue.async { self.flushLoop() } }
        }
    }

    /// Writes and syncs what is pending until nothing is; wakes the writers it made durable.
    private func flushLoop() {
        while true {
            let (batch, rv, fd) = state.withLock { s -> ([UInt8], Int, Int32) in
                let b = s.pending
                s.pending = []
                return (b, s.pendingRV, s.fd)
            }
            var failure: String?
            if !batch.isEmpty {
                let ok = batch.withUnsafeBytes { buffer -> Bool in
                    var offset = 0
                    while offset < buffer.count {
                        let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                        if n <= 0 { return false }
                        offset += n
                    }
                    return true
                }
                if !ok || fsync(fd) != 0 { failure = "\(path): write or fsync failed (errno \(errno))" }
            }
            let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
                if let failure { s.failed = failure }
                if !batch.isEmpty { s.durableRV = max(s.durableRV, rv) }
                let done = s.waiters.filter { $0.rv <= s.durableRV || s.failed != nil }.map(\.continuation)
                s.waiters.removeAll { $0.rv <= s.durableRV || s.failed != nil }
                if s.pending.isEmpty && s.waiters.isEmpty { s.flushing = false }
                return done
            }
            for c in ready { c.resume() }
            let more = state.withLock { s in s.flushing && (!s.pending.isEmpty || !s.waiters.isEmpty) }
            if !more {
                let stop = state.withLock { s -> Bool in
                    if s.pending.isEmpty && s.waiters.isEmpty {
                        s.flushing = false
                        return true
                    }
                    return false
                }
                if stop { return }
            }
        }
    }

    /// After `objects.json` holds everything up to `snapshotRV`: rewrites the log with the later changes only. Runs on
    /// the flush queue, so no flush is under way; what is pending is part of the rewrite.
    func compact(upTo snapshotRV: Int) {
        queue.sync {
            let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
                s.written.removeAll { $0.rv <= snapshotRV }
                let keep = s.written.flatMap(\.line)
                do {
                    try AtomicFile.write(keep, to: path, mode: 0o600)
                } catch {
                    s.failed = "\(path): cannot rewrite the write-ahead log: \(error)"
                }
                close(s.fd)
                s.fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
                // Everything recorded is now on disk (in the snapshot or the rewritten log).
                s.pending = []
                s.durableRV = max(s.durableRV, s.pendingRV)
                let done = s.waiters.filter { $0.rv <= s.durableRV }.map(\.continuation)
                s.waiters.removeAll { $0.rv <= s.durableRV }
                return done
            }
            for c in ready { c.resume() }
        }
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
