import Foundation
public import AsyncHTTPClient
import PromClient
public import SkoposModel

/// A real Prometheus server run as a child process on a loopback port, with its configuration, data and log in a
/// directory of its own.
public struct LocalPrometheus: Sendable {
    public let name: String
    /// The loopback port it listens on.
    public let port: Int
    public let directory: String
    public let process: ChildProcess

    /// `127.0.0.1:port`: what a federating Prometheus targets.
    public var address: String { "127.0.0.1:\(port)" }
    /// The base URL of its HTTP API.
    public var url: String { "http://\(address)" }

    /// Writes `configuration` to `directory/prometheus.yml`, starts Prometheus with its data in `directory/data`,
    /// and waits until `/-/ready` answers.
    /// - Parameters:
    ///   - port: the port to listen on; nil picks a free one.
    /// - Throws: `LocalPrometheusError`: not installed, not started, or not ready in time (with its log's path).
    public static func start(
        name: String,
        tools: PrometheusTools,
        configuration: String,
        directory: String,
        port: Int? = nil,
        httpClient: HTTPClient,
        readyTimeout: Duration = .seconds(60)
    ) async throws -> LocalPrometheus {
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let configFile = directory + "/prometheus.yml"
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: configFile), options: .atomic)
        var lastError = ""
        var lastURL = "127.0.0.1"
        // A free port can be taken between choosing and binding it; try a few.
        for _ in 0..<3 {
            let chosen = try port ?? FreePort.find()
            let url = "http://127.0.0.1:\(chosen)"
            let log = directory + "/prometheus.log"
            let process = try ChildProcess(
                name: "prometheus-\(name)",
                executable: tools.prometheus,
                arguments: [
                    "--config.file=\(configFile)",
                    "--storage.tsdb.path=\(directory)/data",
                    "--storage.tsdb.retention.time=30d",
                    "--web.listen-address=127.0.0.1:\(chosen)",
                    "--web.enable-lifecycle",
                    "--log.level=warn",
                ],
                logFile: log
            )
            let prom = PrometheusClient(url: url, httpClient: httpClient)
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: readyTimeout)
            do {
                while clock.now < deadline {
                    if process.exitStatus != nil { break }
                    if await prom.isReady() { return LocalPrometheus(name: name, port: chosen, directory: directory, process: process) }
                    try await Task.sleep(for: .milliseconds(100))
                }
            } catch {
                // Cancelled while waiting: the process is nobody else's to stop.
                await process.stop()
                throw error
            }
            lastURL = url
            await process.stop()
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            lastError = output.suffix(1_500).trimmingCharacters(in: .whitespacesAndNewlines)
            if port != nil || !output.contains("address already in use") { break }
        }
        throw LocalPrometheusError.notReady(
            name: name, url: lastURL, log: directory + "/prometheus.log",
            detail: lastError.isEmpty ? "no answer within \(readyTimeout)" : "it said: \(lastError)"
        )
    }

    public func stop() async { await process.stop() }
}
