import Crypto
import Foundation
import KubeClient
import KubeTypes
import NIOHTTP1
import SkoposModel

/// Which namespaces of a cluster a user's token may see (`backend.md` §4.8), asked of the cluster with that token and
/// kept for 10 s per (cluster, token): list namespaces; if that is forbidden, list OpenShift projects (the namespaces
/// the user may get); where projects are not served either, `GET` each namespace the console knows of. The reads
/// themselves come from the console's caches; this decides only which namespaces are shown.
///
/// A cluster that does not answer keeps the last answer for the token (stale rather than empty), so a user keeps
/// seeing an unreachable cluster's namespaces as the console last saw them, marked unreachable.
actor NamespaceAccess {
    /// Why the namespaces cannot be known.
    enum Failure: Error, Sendable, Equatable {
        /// The cluster refused the token (401): the session is no longer valid there.
        case unauthorized(cluster: String, message: String)
        /// No answer and no earlier one.
        case unavailable(cluster: String, message: String)
    }

    struct Key: Hashable {
        var cluster: String
        var token: [UInt8]
    }

    struct Entry {
        var names: Set<String>
        var fetched: ContinuousClock.Instant
    }

    static let lifetime: Duration = .seconds(10)
    static let keepStale: Duration = .seconds(900)
    private var entries: [Key: Entry] = [:]
    private var inflight: [Key: Task<Result<Set<String>, Failure>, Never>] = [:]

    static func key(_ cluster: String, _ token: String) -> Key {
        Key(cluster: cluster, token: Array(SHA256.hash(data: Array(token.utf8))))
    }

    /// The key of a credential: its token and whom it impersonates.
    static func key(_ cluster: String, _ credentials: RequestCredentials) -> Key {
        switch credentials {
        case .bearer(let token): return key(cluster, token)
        case .impersonating(let token, let user, let groups): return key(cluster, token + "\nas " + user + "\n" + groups.joined(separator: "\n"))
        }
    }

    /// The namespace names `token` may see on `cluster`; `candidates` are the namespaces the console knows there (for
    /// the one-by-one check).
    func namespaces(cluster: ClusterCache, token: String, candidates: @escaping @Sendable () -> [String]) async throws(Failure) -> Set<String> {
        try await namespaces(cluster: cluster, credentials: .bearer(token), candidates: candidates)
    }

    /// ``namespaces(cluster:token:candidates:)`` for any credentials (an impersonating proxy's, with `header`).
    func namespaces(cluster: ClusterCache, credentials: RequestCredentials, candidates: @escaping @Sendable () -> [String]) async throws(Failure) -> Set<String> {
        let key = Self.key(cluster.name, credentials)
        let now = ContinuousClock.now
        if let e = entries[key], now - e.fetched < Self.lifetime { return e.names }
        let task: Task<Result<Set<String>, Failure>, Never>
        if let running = inflight[key] {
            task = running
        } else {
            task = Task { await Self.fetch(cluster.connection, credentials: credentials, candidates: candidates) }
            inflight[key] = task
        }
        let result = await task.value
        inflight[key] = nil
        switch result {
        case .success(let names):
            entries[key] = Entry(names: names, fetched: .now)
            prune()
            return names
        case .failure(.unavailable) where entries[key].map({ ContinuousClock.now - $0.fetched < Self.keepStale }) == true:
            return entries[key]!.names
        case .failure(let failure):
            if case .unauthorized = failure { entries[key] = nil }
            throw failure
        }
    }

    /// Forgets a token (logout, or the cluster refused it).
    func forget(cluster: String, token: String) {
        entries[Self.key(cluster, token)] = nil
    }

    private func prune() {
        guard entries.count > 4096 else { return }
        let now = ContinuousClock.now
        entries = entries.filter { now - $0.value.fetched < Self.keepStale }
    }

    struct Named: Decodable, Sendable {
        struct Meta: Decodable, Sendable { var name: String }
        var metadata: Meta
    }

    static let namespacesGVR = GroupVersionResource(group: "", version: "v1", resource: "namespaces")
    static let projectsGVR = GroupVersionResource(group: "project.openshift.io", version: "v1", resource: "projects")

    static func fetch(_ connection: KubeConnection, credentials: RequestCredentials, candidates: @Sendable () -> [String]) async -> Result<Set<String>, Failure> {
        func failure(_ e: KubeAPIError) -> Failure {
            e.kind == .unauthorized
                ? .unauthorized(cluster: connection.clusterName, message: e.message)
                : .unavailable(cluster: connection.clusterName, message: e.description)
        }
        do {
            let list = try await connection.list(Named.self, namespacesGVR, credentials: credentials)
            return .success(Set(list.items.map(\.metadata.name)))
        } catch let e where e.kind == .forbidden {
            // Not allowed to list namespaces: try projects, then each namespace.
        } catch {
            return .failure(failure(error))
        }
        do {
            let list = try await connection.list(Named.self, projectsGVR, credentials: credentials)
            return .success(Set(list.items.map(\.metadata.name)))
        } catch let e where e.kind == .forbidden || e.kind == .notFound {
        } catch {
            return .failure(failure(error))
        }
        let names = candidates()
        var allowed: Set<String> = []
        var firstError: KubeAPIError?
        await withTaskGroup(of: (String, KubeAPIError?).self) { group in
            var next = 0
            func add() {
                guard next < names.count else { return }
                let name = names[next]
                next += 1
                group.addTask {
                    do {
                        _ = try await connection.send(.GET, namespacesGVR.path(namespace: nil, name: name), credentials: credentials, timeout: .seconds(10))
                        return (name, nil)
                    } catch let error as KubeAPIError {
                        return (name, error)
                    } catch {
                        return (name, KubeAPIError(kind: .unreachable, cluster: connection.clusterName, message: "\(error)"))
                    }
                }
            }
            for _ in 0..<16 { add() }
            while let (name, error) = await group.next() {
                if let error {
                    if error.kind != .forbidden && error.kind != .notFound && firstError == nil { firstError = error }
                } else {
                    allowed.insert(name)
                }
                add()
            }
        }
        if let firstError, allowed.isEmpty { return .failure(failure(firstError)) }
        return .success(allowed)
    }
}
