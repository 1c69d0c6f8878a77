import Foundation
import SkoposModel

enum ProbeKind: String, CaseIterable, Sendable {
    case startup, liveness, readiness
}

/// What a pod worker knows about one container: its state, restarts, back-off and probe results; it renders the
/// container's entry of `status.containerStatuses`.
struct ContainerRun {
    enum State {
        case waiting(reason: String, message: String?)
        case running(since: String)
        case terminated(exitCode: Int32, reason: String, startedAt: String, finishedAt: String)
    }

    enum Verdict { case none, restart }

    let name: String
    let image: String
    let spec: JSONValue
    /// The executable standing for the image's entrypoint; `nil` for a simulated container.
    let executable: String?
    var state: State = .waiting(reason: "ContainerCreating", message: nil)
    var lastTerminated: State?
    var restartCount = 0
    var containerID: String?
    var restartAt: ContinuousClock.Instant?
    /// The next back-off: 0 for the first restart, then 10 s doubling up to 5 minutes.
    var backoff: Duration = .zero
    var startedAtInstant: ContinuousClock.Instant?
    var ready = false
    /// The startup probe passed (or there is none).
    var started = false
    var gaveUp = false
    var lastMessage: String?
    var probes: [ProbeKind: Probe] = [:]
    private var nextProbe: [ProbeKind: ContinuousClock.Instant] = [:]
    private var successes: [ProbeKind: Int] = [:]
    private var failures: [ProbeKind: Int] = [:]

    init(spec: JSONValue, executable: String?, restartCount: Int) {
        self.spec = spec
        self.name = spec["name"]?.stringValue ?? ""
        self.image = spec["image"]?.stringValue ?? ""
        self.executable = executable
        self.restartCount = restartCount
        if executable == nil {
            state = .running(since: Timestamp.now())
            ready = true
            started = true
        } else {
            restartAt = .now
        }
        probes[.startup] = Probe(spec["startupProbe"])
        probes[.liveness] = Probe(spec["livenessProbe"])
        probes[.readiness] = Probe(spec["readinessProbe"])
    }

    mutating func started(now: ContinuousClock.Instant, containerID: String) {
        state = .running(since: Timestamp.now())
        self.containerID = containerID
        startedAtInstant = now
        started = probes[.startup] == nil
        ready = probes[.readiness] == nil && started
        successes = [:]
        failures = [:]
        nextProbe = [:]
        for (kind, probe) in probes { nextProbe[kind] = now + probe.initialDelay }
    }

    /// The process ended (or was killed after a failed probe): record it and schedule a restart as the policy says.
    mutating func exited(status: Int32, now: ContinuousClock.Instant, policy: String, reason: String? = nil) {
        let startedAt: String = if case .running(let since) = state { since } else { Timestamp.now() }
        let terminated = State.terminated(exitCode: status, reason: reason ?? (status == 0 ? "Completed" : "Error"), startedAt: startedAt, finishedAt: Timestamp.now())
        state = terminated
        ready = false
        started = false
        // Ten minutes of running resets the back-off, as the kubelet does.
        if let since = startedAtInstant, now - since > .seconds(600) { backoff = .zero }
        let restart = policy == "Always" || (policy == "OnFailure" && status != 0)
        guard restart else {
            gaveUp = true
            return
        }
        lastTerminated = terminated
        restartCount += 1
        restartAt = now + backoff
        if backoff > .zero { state = .waiting(reason: "CrashLoopBackOff", message: "back-off \(backoff.components.seconds)s restarting failed container=\(name)") }
        backoff = backoff == .zero ? .seconds(10) : min(backoff * 2, .seconds(300))
    }

    func isDue(_ kind: ProbeKind, now: ContinuousClock.Instant) -> Bool {
        guard let at = nextProbe[kind] else { return false }
        return at <= now
    }

    /// Counts a probe result against its thresholds.
    mutating func record(_ kind: ProbeKind, failure: String?, probe: Probe, now: ContinuousClock.Instant) -> Verdict {
        nextProbe[kind] = now + probe.period
        if failure == nil {
            failures[kind] = 0
            successes[kind, default: 0] += 1
            switch kind {
            case .startup:
                started = true
                ready = probes[.readiness] == nil
            case .readiness:
                if successes[kind, default: 0] >= probe.successThreshold { ready = true }
            case .liveness:
                break
            }
            return .none
        }
        successes[kind] = 0
        failures[kind, default: 0] += 1
        lastMessage = failure
        let exceeded = failures[kind, default: 0] >= probe.failureThreshold
        switch kind {
        case .readiness:
            if exceeded { ready = false }
            return .none
        case .liveness, .startup:
            // Probes the simulator cannot run do not kill the container.
            if case .exec = probe.action { return .none }
            if case .grpc = probe.action { return .none }
            return exceeded ? .restart : .none
        }
    }

    func render(_ s: State) -> JSONValue {
        switch s {
        case .waiting(let reason, let message):
            var w: [String: JSONValue] = ["reason": .string(reason)]
            if let message { w["message"] = .string(message) }
            return ["waiting": .object(w)]
        case .running(let since):
            return ["running": ["startedAt": .string(since)]]
        case .terminated(let code, let reason, let startedAt, let finishedAt):
            var t: [String: JSONValue] = ["exitCode": .int(Int(code)), "reason": .string(reason), "startedAt": .string(startedAt), "finishedAt": .string(finishedAt)]
            if let containerID { t["containerID"] = .string(containerID) }
            return ["terminated": .object(t)]
        }
    }

    var status: JSONValue {
        var s: [String: JSONValue] = [
            "name": .string(name), "image": .string(image), "imageID": .string("sim://\(image)"), "ready": .bool(ready),
            "started": .bool(started), "restartCount": .int(restartCount), "state": render(state),
            "lastState": lastTerminated.map(render) ?? [:],
        ]
        if let containerID { s["containerID"] = .string(containerID) }
        if executable == nil { s["containerID"] = .string("cri-o://simulated-\(name)") }
        return .object(s)
    }
}

/// A pod as its worker sees it: containers, policy and what the status should say.
struct PodRunState {
    var containers: [ContainerRun]
    let restartPolicy: String
    let terminationGrace: Int
    var podIP: String?
    var sandboxReady = false
    var finishedWithoutRestart = false
    var phaseOverride: (phase: String, message: String)?
    private var transitions: [String: (status: Bool, at: String)] = [:]

    init(pod: JSONValue, images: [String: String]) {
        let previous = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        containers = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).map { spec in
            let name = spec["name"]?.stringValue
            let restarts = previous.first { $0["name"]?.stringValue == name }?["restartCount"]?.intValue ?? 0
            return ContainerRun(spec: spec, executable: images[ImageReference.repository(spec["image"]?.stringValue ?? "")], restartCount: restarts)
        }
        restartPolicy = pod[path: ["spec", "restartPolicy"]]?.stringValue ?? "Always"
        terminationGrace = pod[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
    }

    mutating func setWaitingAll(reason: String, message: String) {
        for i in containers.indices where containers[i].executable != nil { containers[i].state = .waiting(reason: reason, message: message) }
    }

    /// Every run container ended and none will restart.
    var allTerminatedForGood: Bool {
        let run = containers.filter { $0.executable != nil }
        return !run.isEmpty && run.allSatisfy(\.gaveUp)
    }

    var phase: String {
        if let phaseOverride { return phaseOverride.phase }
        let run = containers.filter { $0.executable != nil }
        if allTerminatedForGood {
            return run.allSatisfy { if case .terminated(let code, _, _, _) = $0.state { code == 0 } else { false } } ? "Succeeded" : "Failed"
        }
        let everStarted = run.contains { $0.containerID != nil }
        return everStarted ? "Running" : "Pending"
    }

    mutating func status(podIP: String?) -> JSONValue {
        let allReady = containers.allSatisfy(\.ready)
        func condition(_ type: String, _ value: Bool, reason: String? = nil) -> JSONValue {
            let now = Timestamp.now()
            if transitions[type]?.status != value { transitions[type] = (value, now) }
            var c: [String: JSONValue] = [
                "type": .string(type), "status": .string(value ? "True" : "False"), "lastProbeTime": .null,
                "lastTransitionTime": .string(transitions[type]?.at ?? now),
            ]
            if !value, let reason {
                c["reason"] = .string(reason)
                let unready = containers.filter { !$0.ready }.map(\.name)
                c["message"] = .string("containers with unready status: [\(unready.joined(separator: " "))]")
            }
            return .object(c)
        }
        var status: [String: JSONValue] = [
            "phase": .string(phase), "hostIP": "127.0.0.1", "hostIPs": [["ip": "127.0.0.1"]], "qosClass": "BestEffort",
            "conditions": [
                condition("PodReadyToStartContainers", sandboxReady), condition("Initialized", true),
                condition("Ready", allReady, reason: "ContainersNotReady"), condition("ContainersReady", allReady, reason: "ContainersNotReady"),
                condition("PodScheduled", true),
            ],
            "containerStatuses": .array(containers.map(\.status)),
        ]
        if let phaseOverride { status["message"] = .string(phaseOverride.message) }
        if let podIP {
            status["podIP"] = .string(podIP)
            status["podIPs"] = [["ip": .string(podIP)]]
        }
        return .object(status)
    }
}
