import AsyncHTTPClient
import Foundation
import KubeTypes
import SkoposModel
import Synchronization

/// Runs one pod of a `--run-image` image, as a kubelet's pod worker does: lays out its volumes (waiting in
/// `ContainerCreating` while a ConfigMap or Secret is missing), starts each container whose image has an executable
/// as a local process on the pod's own loopback address, probes it, restarts it with back-off, keeps its volumes
/// current, writes the pod's status, and on deletion sends SIGTERM, waits the grace period, then SIGKILL.
/// Containers of other images in the pod (an injected sidecar) are reported running and ready, as before.
final class PodWorker: Sendable {
    let key: ObjectKey
    let uid: String
    let directory: String
    /// `terminationGracePeriodSeconds`: how long a stopped container gets between SIGTERM and SIGKILL.
    let terminationGrace: Int
    private let kubelet: Kubelet

    /// Why and how the worker stops.
    struct StopRequest: Sendable {
        var grace: Int
        /// The pod is being deleted: remove the object once its containers are gone.
        var deleteObject: Bool
    }
    private let stopRequest = Mutex<StopRequest?>(nil)
    private let restarts = Mutex<[String: Int]>([:])
    private let processes = Mutex<[String: ChildProcess]>([:])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(key: ObjectKey, uid: String, terminationGrace: Int, kubelet: Kubelet) {
        self.key = key
        self.uid = uid
        self.terminationGrace = terminationGrace
        self.kubelet = kubelet
        self.directory = kubelet.root + "/\(key.namespace)_\(key.name)_\(uid.prefix(8))"
    }

    func start() {
        task.withLock { $0 = Task { await self.run() } }
    }

    /// Asks the worker to stop its containers (a later request may only shorten the grace period).
    func requestStop(grace: Int, deleteObject: Bool) {
        stopRequest.withLock { current in
            if let c = current {
                current = StopRequest(grace: min(c.grace, grace), deleteObject: c.deleteObject || deleteObject)
            } else {
                current = StopRequest(grace: grace, deleteObject: deleteObject)
            }
        }
    }

    var isStopping: Bool { stopRequest.withLock { $0 != nil } }

    /// Waits until the worker has stopped everything it started.
    func wait() async {
        await task.withLock { $0 }?.value
    }

    /// The log file of a container's current run, or of the one before (`previous`).
    func logFile(container: String, previous: Bool) -> String? {
        guard let count = restarts.withLock({ $0[container] }) else { return nil }
        let n = previous ? count - 1 : count
        guard n >= 0 else { return nil }
        return "\(directory)/logs/\(container)/\(n).log"
    }

    // MARK: The loop

    private func run() async {
        guard var pod = kubelet.storage.get(.pods, key)?.object else { return }
        var state = PodRunState(pod: pod, images: kubelet.runImages)
        if let ip = pod[path: ["status", "podIP"]]?.stringValue { kubelet.network.adopt(uid: uid, address: ip) }
        guard let ip = kubelet.network.address(for: uid) else {
            state.phaseOverride = ("Failed", "no free loopback address for the pod (253 per cluster)")
            write(state.status(podIP: nil))
            return
        }
        state.podIP = ip
        pod[path: ["status", "podIP"]] = .string(ip)
        pod[path: ["status", "hostIP"]] = "127.0.0.1"
        for c in state.containers { restarts.withLock { $0[c.name] = c.restartCount } }
        write(state.status(podIP: ip))

        let tokens = TokenCache(kubelet: kubelet, pod: pod)
        var volumes = VolumeSync(pod: pod, storage: kubelet.storage, directory: directory + "/volumes", tokens: tokens, caPEM: kubelet.caPEM)
        var lastVolumeSync = ContinuousClock.now
        // The sandbox: volumes first; a missing non-optional source keeps the pod in ContainerCreating.
        while stopRequest.withLock({ $0 }) == nil {
            do {
                try volumes.sync()
                state.sandboxReady = true
                break
            } catch {
                state.setWaitingAll(reason: "ContainerCreating", message: "MountVolume.SetUp failed: \(error.message)")
                write(state.status(podIP: ip))
                try? await Task.sleep(for: .seconds(1))
            }
        }
        while stopRequest.withLock({ $0 }) == nil, kubelet.apiPort == nil {
            try? await Task.sleep(for: .milliseconds(100))
        }

        while stopRequest.withLock({ $0 }) == nil {
            let now = ContinuousClock.now
            if now - lastVolumeSync > .seconds(1) {
                if let fresh = kubelet.storage.get(.pods, key)?.object { volumes.pod = fresh }
                try? volumes.sync()
                lastVolumeSync = now
            }
            for i in state.containers.indices where state.containers[i].executable != nil {
                await step(&state.containers[i], state: state, pod: pod, ip: ip, now: now)
                if state.containers[i].gaveUp { state.finishedWithoutRestart = true }
            }
            write(state.status(podIP: ip))
            if state.allTerminatedForGood { break }
            try? await Task.sleep(for: .milliseconds(100))
        }

        // Stopping: SIGTERM, the grace period, SIGKILL; all containers at once.
        let request = stopRequest.withLock { $0 }
        if let request {
            let running = processes.withLock { $0 }
            await withTaskGroup(of: Void.self) { group in
                for (_, process) in running { group.addTask { await process.stop(grace: .seconds(max(request.grace, 1))) } }
            }
            if request.deleteObject {
                _ = try? kubelet.storage.modify(.pods, key) { current in
                    guard let current, current.uid == uid else { return .none }
                    return (current.object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty ? .delete : .none
                }
            }
            if !kubelet.isShuttingDown { try? FileManager.default.removeItem(atPath: directory) }
            kubelet.network.release(uid: uid)
        }
        kubelet.workerEnded(self)
    }

    /// One look at a container: notices an exit, restarts after back-off, runs due probes.
    private func step(_ c: inout ContainerRun, state: PodRunState, pod: JSONValue, ip: String, now: ContinuousClock.Instant) async {
        if case .running = c.state, let process = processes.withLock({ $0[c.name] }), let status = process.exitStatus {
            c.exited(status: status, now: now, policy: state.restartPolicy)
        }
        if let at = c.restartAt, at <= now {
            c.restartAt = nil
            await launch(&c, pod: pod, ip: ip)
        }
        guard case .running = c.state else { return }
        for kind in ProbeKind.allCases {
            guard let probe = c.probes[kind], c.isDue(kind, now: now) else { continue }
            if kind != .startup && !c.started { continue }
            if kind == .startup && c.started { continue }
            let failure = await probe.run(podIP: ip, container: c.spec, client: kubelet.httpClient)
            let verdict = c.record(kind, failure: failure, probe: probe, now: ContinuousClock.now)
            if verdict == .restart, let process = processes.withLock({ $0[c.name] }) {
                // A failed liveness or startup probe: the container is killed and restarted by policy.
                await process.stop(grace: .seconds(max(state.terminationGrace, 1)))
                c.exited(status: process.exitStatus ?? 137, now: ContinuousClock.now, policy: state.restartPolicy, reason: "Error")
                c.lastMessage = failure
            }
        }
    }

    /// Starts (or restarts) a container's process.
    private func launch(_ c: inout ContainerRun, pod: JSONValue, ip: String) async {
        guard let executable = c.executable, let apiPort = kubelet.apiPort else { return }
        var current = kubelet.storage.get(.pods, key)?.object ?? pod
        current[path: ["status", "podIP"]] = .string(ip)
        current[path: ["status", "podIPs"]] = [["ip": .string(ip)]]
        current[path: ["status", "hostIP"]] = "127.0.0.1"
        let declared: [(String, String)]
        do {
            declared = try ContainerEnvironment(pod: current, container: c.spec, storage: kubelet.storage).declared()
        } catch {
            c.state = .waiting(reason: "CreateContainerConfigError", message: error.message)
            c.restartAt = ContinuousClock.now + .seconds(1)
            return
        }
        let root = "\(directory)/containers/\(c.name)/root"
        do {
            try ContainerMounts.prepare(root: root, container: c.spec, volumesDirectory: directory + "/volumes", extraMounts: kubelet.serviceAccountMount(for: current))
        } catch {
            c.state = .waiting(reason: "CreateContainerError", message: "\(error)")
            c.restartAt = ContinuousClock.now + .seconds(1)
            return
        }
        var environment: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "HOME": root, "HOSTNAME": key.name,
            "SKOPOS_MOUNT_ROOT": root, "KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(apiPort),
            "KUBERNETES_SERVICE_PORT_HTTPS": String(apiPort), "KUBERNETES_PORT": "tcp://127.0.0.1:\(apiPort)",
        ]
        var known: [String: String] = [:]
        for (k, v) in declared {
            environment[k] = v
            known[k] = v
        }
        var arguments = (c.spec["args"]?.arrayValue ?? []).compactMap(\.stringValue).map { ContainerEnvironment.expand($0, with: known) }
        if let command = c.spec["command"]?.arrayValue?.compactMap(\.stringValue), let first = command.first {
            // `command` replaces the image's entrypoint; only the entrypoint itself can be run here.
            guard (first as NSString).lastPathComponent == (executable as NSString).lastPathComponent else {
                c.state = .waiting(
                    reason: "CreateContainerError",
                    message: "command \(first) is not the entrypoint of image \(c.image) (--run-image runs \(executable) only)")
                c.restartAt = ContinuousClock.now + .seconds(10)
                return
            }
            arguments = command.dropFirst().map { ContainerEnvironment.expand($0, with: known) } + arguments
        }
        let count = c.restartCount
        restarts.withLock { $0[c.name] = count }
        let logDirectory = "\(directory)/logs/\(c.name)"
        try? FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        do {
            let process = try ChildProcess(
                name: "\(key.namespace)/\(key.name)/\(c.name)", executable: executable, arguments: arguments, logFile: "\(logDirectory)/\(count).log",
                environment: environment, workingDirectory: (c.spec["workingDir"]?.stringValue).map { root + $0 } ?? root)
            processes.withLock { $0[c.name] = process }
            c.started(now: ContinuousClock.now, containerID: "skopos-sim://\(uid.prefix(8))-\(c.name)-\(count)")
        } catch {
            c.state = .waiting(reason: "RunContainerError", message: error.description)
            c.restartAt = ContinuousClock.now + .seconds(10)
        }
    }

    /// Writes the pod's status when it changed, unless the pod is gone or the simulator is shutting down.
    private func write(_ status: JSONValue) {
        guard !kubelet.isShuttingDown else { return }
        _ = try? kubelet.storage.modify(.pods, key) { current in
            guard var o = current?.object, current?.uid == uid else { return .none }
            var merged = status
            merged["startTime"] = o[path: ["status", "startTime"]] ?? .string(Timestamp.now())
            if o["status"] == merged { return .none }
            o["status"] = merged
            if o[path: ["spec", "nodeName"]] == nil { o[path: ["spec", "nodeName"]] = .string(kubelet.nodeName) }
            return .put(o)
        }
    }
}

/// Bound service-account tokens for one pod, reissued at 80% of their lifetime as the kubelet does.
final class TokenCache {
    let kubelet: Kubelet
    let pod: JSONValue
    private var issued: [String: (token: String, renewAt: Date)] = [:]

    init(kubelet: Kubelet, pod: JSONValue) {
        self.kubelet = kubelet
        self.pod = pod
    }

    func token(audience: String?, seconds: Int) -> String {
        let cacheKey = "\(audience ?? "")|\(seconds)"
        if let t = issued[cacheKey], t.renewAt > Date() { return t.token }
        let token = kubelet.issueToken(for: pod, audience: audience, seconds: seconds)
        issued[cacheKey] = (token, Date().addingTimeInterval(Double(seconds) * 0.8))
        return token
    }
}

/// Keeps a pod's volume directories in step with the cluster.
struct VolumeSync {
    var pod: JSONValue
    let storage: ClusterStorage
    let directory: String
    let tokens: TokenCache
    let caPEM: String
    private var written: [String: [VolumeFile]] = [:]

    init(pod: JSONValue, storage: ClusterStorage, directory: String, tokens: TokenCache, caPEM: String) {
        self.pod = pod
        self.storage = storage
        self.directory = directory
        self.tokens = tokens
        self.caPEM = caPEM
    }

    /// Writes every volume whose content changed.
    mutating func sync() throws(PodVolumes.Missing) {
        let tokens = self.tokens
        let reader = PodVolumes(pod: pod, storage: storage) { audience, seconds in tokens.token(audience: audience, seconds: seconds) }
        var volumes = pod[path: ["spec", "volumes"]]?.arrayValue ?? []
        if Kubelet.automountsToken(pod) {
            volumes.append([
                "name": .string(Kubelet.serviceAccountVolume),
                "projected": [
                    "sources": [
                        ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                        ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["fieldPath": "metadata.namespace"]]]]],
                    ]
                ],
            ])
        }
        for volume in volumes {
            guard let name = volume["name"]?.stringValue, PodVolumes.isSafe(name) else { continue }
            let path = directory + "/" + name
            var files: [VolumeFile]?
            do {
                files = try reader.files(of: volume)
            } catch {
                throw PodVolumes.Missing(message: "volume \"\(name)\": \(error.message)")
            }
            if name == Kubelet.serviceAccountVolume { files?.append(VolumeFile(path: "ca.crt", bytes: Array(caPEM.utf8), mode: 0o644)) }
            guard let files else {
                try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                continue
            }
            if written[name] == files { continue }
            do {
                try AtomicVolumeWriter.write(files, to: path)
                written[name] = files
            } catch {
                throw PodVolumes.Missing(message: "volume \"\(name)\": \(error)")
            }
        }
    }
}

/// A container's mounts under its own root: each `mountPath` a link to its volume's directory (or to `subPath` in it).
enum ContainerMounts {
    static func prepare(root: String, container: JSONValue, volumesDirectory: String, extraMounts: [(volume: String, path: String)]) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        var mounts = (container["volumeMounts"]?.arrayValue ?? []).compactMap { m -> (String, String, String?)? in
            guard let name = m["name"]?.stringValue, let path = m["mountPath"]?.stringValue else { return nil }
            return (name, path, m["subPath"]?.stringValue)
        }
        for extra in extraMounts where !mounts.contains(where: { $0.1 == extra.path }) { mounts.append((extra.volume, extra.path, nil)) }
        for (name, mountPath, subPath) in mounts {
            let clean = mountPath.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/")
            guard !clean.isEmpty, PodVolumes.isSafe(name) else { continue }
            let link = root + "/" + clean
            var target = volumesDirectory + "/" + name
            if let subPath, !subPath.isEmpty, PodVolumes.isSafe(subPath) { target += "/" + subPath }
            try fm.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if (try? fm.destinationOfSymbolicLink(atPath: link)) == target { continue }
            try? fm.removeItem(atPath: link)
            try fm.createSymbolicLink(atPath: link, withDestinationPath: target)
        }
    }
}
