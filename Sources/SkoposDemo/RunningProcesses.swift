import LocalPrometheus
import SkoposModel

/// The Prometheus servers a demo started, stopped newest first (the federating one before its sources).
actor RunningProcesses {
    var processes: [LocalPrometheus] = []
    /// Other children (the console), stopped before the Prometheus servers.
    var children: [ChildProcess] = []

    func add(_ p: LocalPrometheus) { processes.append(p) }

    func add(_ c: ChildProcess) { children.append(c) }

    func stopAll() async {
        let all = processes.reversed()
        let others = children.reversed()
        processes = []
        children = []
        // A task of its own, so a cancelled caller still waits for each process to exit.
        await Task {
            for c in others { await c.stop() }
            for p in all { await p.stop() }
        }.value
    }
}
