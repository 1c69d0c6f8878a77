import LocalPrometheus

/// The Prometheus servers a demo started, stopped newest first (the federating one before its sources).
actor RunningProcesses {
    var processes: [LocalPrometheus] = []

    func add(_ p: LocalPrometheus) { processes.append(p) }

    func stopAll() async {
        let all = processes.reversed()
        processes = []
        // A task of its own, so a cancelled caller still waits for each process to exit.
        await Task {
            for p in all { await p.stop() }
        }.value
    }
}
