import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import KubeTypes
import SkoposModel
import Synchronization

/// The simulator's kubelet for pods whose image has an executable (`--run-image IMAGE=EXECUTABLE`): one
/// ``PodWorker`` per such pod runs its containers as local processes on the pod's own loopback address. Pods of
/// other images stay simulated (``PodController``).
///
/// Created for each `SimCluster.run`; its processes never outlive it: `shutdown()` stops them all, and each runs
/// under a watchdog that stops it when the simulator's process is gone, even after SIGKILL.
final class Kubelet: Sendable {
    let cluster: SimCluster
    let runImages: [String: String]
    let network: LoopbackPodNetwork
    /// Where pod directories go.
    let root: String
    let removeRootAtShutdown: Bool
    let httpClient: HTTPClient
    let nodeName: String
    private let workers = Mutex<[ObjectKey: PodWorker]>([:])
    /// Workers still stopping after their pod went away, by uid.
    private let retiring = Mutex<[String: PodWorker]>([:])
    private let shuttingDown = Mutex(false)

    /// The projected service-account volume every running pod gets unless it opts out.
    static let serviceAccountVolume = "kube-api-access-sim"
    static let serviceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount"

    init(cluster: SimCluster) {
        self.cluster = cluster
        self.runImages = Dictionary(cluster.options.runImages.map { (ImageReference.repository($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.network = cluster.podNetwork
        self.nodeName = "\(cluster.name)-node-1"
        if let dir = cluster.options.podsDirectory {
            root = dir
            removeRootAtShutdown = false
        } else {
            root = NSTemporaryDirectory() + "skopos-sim-\(cluster.name)-pods-\(UUID().uuidString.prefix(8))"
            removeRootAtShutdown = true
        }
        httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(certificateVerification: .none, timeout: .init(connect: .seconds(2), read: .seconds(60)), decompression: .disabled)
        )
    }

    var storage: ClusterStorage { cluster.storage }
    var caPEM: String { cluster.caCertificatePEM }
    /// The API server's port, once it is bound.
    var apiPort: Int? { cluster.endpoints.flatMap { URLComponents(string: $0.apiURL)?.port } }
    var isShuttingDown: Bool { shuttingDown.withLock { $0 } }

    /// Whether a pod has a container this kubelet runs.
    func runs(_ pod: JSONValue) -> Bool {
        guard !runImages.isEmpty else { return false }
        return (pod[path: ["spec", "containers"]]?.arrayValue ?? []).contains { runImages[ImageReference.repository($0["image"]?.stringValue ?? "")] != nil }
    }

    /// The worker of a pod that is running (or being stopped).
    func worker(for key: ObjectKey) -> PodWorker? {
        workers.withLock { $0[key] }
    }

    /// Whether the pod with this uid has processes this kubelet runs (its deletion is then graceful).
    func isRunning(uid: String) -> Bool {
        workers.withLock { $0.values.contains { $0.uid == uid } }
    }

    /// Looks at a pod after a change; returns whether this kubelet handles it (the simulated kubelet must not).
    func reconcile(_ key: ObjectKey) -> Bool {
        // Without --run-image there is never a worker: every pod stays with the simulated kubelet.
        guard !runImages.isEmpty, !isShuttingDown else { return false }
        let stored = storage.get(.pods, key)
        var handled = false
        var toStart: PodWorker?
        workers.withLock { map in
            if let w = map[key] {
                if stored == nil || stored?.uid != w.uid {
                    // The pod is gone (deleted at once, or replaced): stop its processes.
                    w.requestStop(grace: w.terminationGrace, deleteObject: false)
                    map[key] = nil
                    retiring.withLock { $0[w.uid] = w }
                } else {
                    handled = true
                    if let deletion = stored?.object[path: ["metadata", "deletionTimestamp"]], deletion != .null {
                        let grace = stored?.object[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue ?? w.terminationGrace
                        w.requestStop(grace: grace, deleteObject: true)
                    }
                    return
                }
            }
            guard let stored, runs(stored.object), stored.object[path: ["metadata", "deletionTimestamp"]] == nil else { return }
            let phase = stored.object[path: ["status", "phase"]]?.stringValue
            if phase == "Succeeded" || phase == "Failed" {
                handled = true
                return
            }
            let grace = stored.object[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
            let w = PodWorker(key: key, uid: stored.uid, terminationGrace: grace, kubelet: self)
            map[key] = w
            toStart = w
            handled = true
        }
        toStart?.start()
        return handled
    }

    func workerEnded(_ worker: PodWorker) {
        _ = retiring.withLock { $0.removeValue(forKey: worker.uid) }
    }

    /// Stops every pod's processes (SIGTERM, then SIGKILL after at most 10 s) and waits for them.
    func shutdown() async {
        shuttingDown.withLock { $0 = true }
        let all = workers.withLock { Array($0.values) } + retiring.withLock { Array($0.values) }
        for w in all { w.requestStop(grace: 10, deleteObject: false) }
        await Task {
            for w in all { await w.wait() }
        }.value
        try? await httpClient.shutdown()
        if removeRootAtShutdown { try? FileManager.default.removeItem(atPath: root) }
    }

    /// Whether a pod gets the service-account token volume: unless its `automountServiceAccountToken` is false (the
    /// ServiceAccount's own setting is not read; the simulator mounts the volume without adding it to the pod's spec).
    static func automountsToken(_ pod: JSONValue) -> Bool {
        if let v = pod[path: ["spec", "automountServiceAccountToken"]]?.boolValue { return v }
        return true
    }

    /// The token volume's mount, for containers that do not mount something there themselves.
    func serviceAccountMount(for pod: JSONValue) -> [(volume: String, path: String)] {
        Self.automountsToken(pod) ? [(Self.serviceAccountVolume, Self.serviceAccountPath)] : []
    }

    /// A token for the pod's service account, bound to the pod, as a projected volume holds it.
    func issueToken(for pod: JSONValue, audience: String?, seconds: Int) -> String {
        let ns = pod[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let sa = pod[path: ["spec", "serviceAccountName"]]?.stringValue ?? "default"
        let saUID = storage.get(.serviceAccounts, ObjectKey(namespace: ns, name: sa))?.uid ?? ""
        return cluster.signer.boundToken(
            namespace: ns, serviceAccount: sa, serviceAccountUID: saUID, audiences: [audience ?? cluster.signer.issuer],
            expiresAt: Date().addingTimeInterval(Double(seconds)),
            boundTo: .init(kind: "Pod", name: pod[path: ["metadata", "name"]]?.stringValue ?? "", uid: pod[path: ["metadata", "uid"]]?.stringValue ?? ""))
    }
}
