import Foundation
import KubeClient
import KubeTypes
import NIOHTTP1

/// The version each istiod reports, asked through its cluster's API server pod proxy
/// (`/api/v1/namespaces/{ns}/pods/{pod}:{monitoring port}/proxy/version`) with the console's own credentials, on
/// every cluster, home included (`backend.md` §5.5). Each cluster is asked on its own, in parallel, with a 5 s limit;
/// answers are kept 20 s, and a cluster that does not answer keeps its last answer.
actor ControlPlaneProbe {
    struct Key: Hashable, Sendable {
        var cluster: String
        var namespace: String
        var name: String
    }

    struct Answer: Sendable, Equatable {
        var version: String?
        var error: String?
    }

    private var answers: [String: (values: [Key: Answer], at: ContinuousClock.Instant)] = [:]
    private var running: [String: Task<[Key: Answer], Never>] = [:]

    /// Deployments labelled `app=istiod`.
    static func istiods(_ cluster: ClusterSnapshot) -> [Deployment] {
        cluster.list(.deployments).filter { $0.metadata.labels["app"] == "istiod" }
    }

    /// The versions of every istiod of the given clusters.
    func versions(_ clusters: [ClusterCache]) async -> [Key: Answer] {
        await withTaskGroup(of: [Key: Answer].self) { group in
            for cluster in clusters { group.addTask { await self.versions(of: cluster) } }
            var out: [Key: Answer] = [:]
            for await part in group { out.merge(part) { a, _ in a } }
            return out
        }
    }

    private func versions(of cluster: ClusterCache) async -> [Key: Answer] {
        if let cached = answers[cluster.name], ContinuousClock.now - cached.at < .seconds(20) { return cached.values }
        let task: Task<[Key: Answer], Never>
        if let t = running[cluster.name] {
            task = t
        } else {
            task = Task { await Self.ask(cluster) }
            running[cluster.name] = task
        }
        let values = await task.value
        running[cluster.name] = nil
        let kept = values.mapValues { $0 }.merging(answers[cluster.name]?.values ?? [:]) { new, old in
            new.version == nil && old.version != nil ? Answer(version: old.version, error: new.error) : new
        }
        answers[cluster.name] = (kept, .now)
        return kept
    }

    static func ask(_ cluster: ClusterCache) async -> [Key: Answer] {
        let snapshot = cluster.snapshot()
        var out: [Key: Answer] = [:]
        for istiod in istiods(snapshot) {
            let ns = istiod.metadata.namespace ?? ""
            let key = Key(cluster: cluster.name, namespace: ns, name: istiod.metadata.name)
            let selector = istiod.spec.selector
            guard
                let pod = snapshot.list(.pods, namespace: ns).first(where: { selector.matches($0.metadata.labels) && $0.status.phase == "Running" })
            else {
                out[key] = Answer(version: nil, error: "no running istiod pod")
                continue
            }
            let port = monitoringPort(istiod)
            do {
                let bytes = try await cluster.connection.send(
                    .GET, "/api/v1/namespaces/\(ns)/pods/\(pod.metadata.name):\(port)/proxy/version", timeout: .seconds(5))
                let version = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                out[key] = Answer(version: version.isEmpty ? nil : version, error: nil)
            } catch {
                out[key] = Answer(version: nil, error: error.description)
            }
        }
        return out
    }

    /// The port of istiod's first container named `http-monitoring`, else Istio's 15014.
    static func monitoringPort(_ istiod: Deployment) -> Int {
        istiod.spec.template.spec.containers.first?.ports.first { $0.name == "http-monitoring" }?.containerPort ?? 15014
    }
}
